// Contract: past 50,000 public articles the sitemap index names a second page; the pages hold every public article
// exactly once, oldest published first, at most 50,000 each, and each page's lastmod in the index is the newest
// updatedAt on it; a page past the last is a 404.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataset } from '../../scripts/bench/data-generator.js';
import { seedDatabase } from '../../scripts/bench/seed.js';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { tempDataDir } from '../helpers/app.js';
import { parseXml } from './xml.js';

const API = 'https://api.example.com';
const ARTICLES = 55_000; // about 50,600 of them public (the generator's 92%)

describe('sitemap paging past 50,000 articles', () => {
  let dataDir: string;
  let app: App;
  let publicCount: number;

  beforeAll(async () => {
    dataDir = tempDataDir();
    // The bench's generated articles through the bundle importer, with one-paragraph bodies: the sitemaps do not
    // read bodies, and full ones would triple the seeding time.
    await seedDatabase(dataDir, dataset({ articles: ARTICLES }), { bodies: 'short' });
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
