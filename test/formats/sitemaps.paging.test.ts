// Contract: past 50,000 public articles the sitemap index names a second page; the pages hold every public article
// exactly once, oldest published first, at most 50,000 each, and each page's lastmod in the index is the newest
// updatedAt on it; a page past the last is a 404.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataset } from '../../scripts/bench/data-generator.js';
import { type App, buildApp } from '../../src/app.js';
import { createArticlesRepository } from '../../src/articles/articles.repository.js';
import { loadConfig } from '../../src/config.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { createImagesRepository } from '../../src/images/images.repository.js';
import { createImagesService } from '../../src/images/images.service.js';
import { createImporter, NO_FILES } from '../../src/import/import.service.js';
import { createMediaStore } from '../../src/media/media.store.js';
import { createQuotesRepository } from '../../src/quotes/quotes.repository.js';
import { tempDataDir } from '../helpers/app.js';
import { parseXml } from './xml.js';

const API = 'https://api.example.com';
const ARTICLES = 55_000; // about 50,600 of them public (the generator's 92%)
const CHUNK = 25_000;

/**
 * The bench's generated articles loaded through the bundle importer (as scripts/bench/seed.ts does), each with a
 * one-paragraph body and no quotes: the sitemaps do not read bodies, and full ones would triple the seeding time.
 */
async function seed(dataDir: string): Promise<void> {
  const db = openDatabase({ dataDir });
  try {
    const quotes = createQuotesRepository(db);
    const images = createImagesRepository(db);
    const articles = createArticlesRepository(db, { images, quotes });
    const media = createMediaStore({ dir: path.join(dataDir, 'media') });
    const imagesService = createImagesService({ images, media, uploadLimit: 1024 * 1024 });
    const importer = createImporter({ sqlite: db.$client, images, imagesService, media, quotes, articles });
    const data = dataset({ articles: ARTICLES });
    await importer.load(
      {
        images: Array.from({ length: data.size.images }, (_, i) => {
          const { key, sourceUrl, altText } = data.image(i);
          return { key, sourceUrl, altText };
        }),
        quotes: [],
        articles: [],
      },
      NO_FILES,
    );
    for (let from = 0; from < ARTICLES; from += CHUNK) {
      const items = [];
      for (let i = from; i < Math.min(from + CHUNK, ARTICLES); i++) {
        const { slug, headline, section, status, publishedAt, leadImage, body } = data.article(i);
        const text = body.find((block) => block.type === 'paragraph') ?? { type: 'paragraph', text: headline };
        items.push({
          slug,
          headline,
          section,
          status,
          publishedAt: publishedAt === null ? null : new Date(publishedAt).toISOString(),
          leadImage,
          body: [text],
        });
      }
      await importer.load({ images: [], quotes: [], articles: items }, NO_FILES);
    }
  } finally {
    closeDatabase(db);
  }
}

describe('sitemap paging past 50,000 articles', () => {
  let dataDir: string;
  let app: App;
  let publicCount: number;

  beforeAll(async () => {
    dataDir = tempDataDir();
    await seed(dataDir);
    app = await buildApp({ config: loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: API, MAX_EVENT_LOOP_DELAY: '0' }) });
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/v1/articles?limit=1' });
    publicCount = JSON.parse(res.payload).meta.total;
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('names two pages; they hold every public article once, oldest first, with lastmod and images', async () => {
    expect(publicCount).toBeGreaterThan(50_000);
    const index = await app.inject({ method: 'GET', url: '/v1/sitemaps/index.xml' });
    expect(index.statusCode).toBe(200);
    const sitemaps = parseXml(index.payload).sitemapindex.sitemap;
    expect(sitemaps.map((entry: { loc: string }) => entry.loc)).toEqual([
      `${API}/v1/sitemaps/articles/1.xml`,
      `${API}/v1/sitemaps/articles/2.xml`,
    ]);

    type Url = { loc: string; lastmod: string; 'image:image'?: unknown };
    const pages: Url[][] = [];
    for (const n of [1, 2]) {
      const res = await app.inject({ method: 'GET', url: `/v1/sitemaps/articles/${n}.xml` });
      expect(res.statusCode).toBe(200);
      pages.push(parseXml(res.payload).urlset.url as Url[]);
    }
    const [first, second] = pages as [Url[], Url[]];
    expect(first).toHaveLength(50_000);
    expect(second).toHaveLength(publicCount - 50_000);
    const locs = new Set([...first, ...second].map((url) => url.loc));
    expect(locs.size).toBe(publicCount);
    for (const url of [first[0], first[49_999], second[0], second[second.length - 1]]) {
      expect(url?.loc).toMatch(/^http:\/\/localhost:3000\/[a-z0-9-]+$/);
      expect(url?.['image:image']).toEqual([
        { 'image:loc': expect.stringMatching(/^https:\/\/images\.example\.org\//) },
      ]);
    }
    // Each page's lastmod is the newest updatedAt on it.
    sitemaps.forEach((entry: { lastmod: string }, i: number) => {
      const newest = (pages[i] ?? []).reduce((max, url) => Math.max(max, Date.parse(url.lastmod)), 0);
      expect(entry.lastmod).toBe(new Date(newest).toISOString());
    });

    // Oldest published first: the public list's oldest article opens page 1, its newest closes page 2.
    const oldest = JSON.parse(
      (await app.inject({ method: 'GET', url: '/v1/articles?limit=1&sort=publishedAt' })).payload,
    ).data[0];
    const newest = JSON.parse((await app.inject({ method: 'GET', url: '/v1/articles?limit=1' })).payload).data[0];
    expect(first[0]?.loc.endsWith(`/${oldest.slug}`)).toBe(true);
    expect(second[second.length - 1]?.loc.endsWith(`/${newest.slug}`)).toBe(true);

    expect((await app.inject({ method: 'GET', url: '/v1/sitemaps/articles/3.xml' })).statusCode).toBe(404);
  }, 180_000);
});
