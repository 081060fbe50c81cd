import fs from 'node:fs';
import path from 'node:path';
import type { ArticleCreate, BlockInput } from '../../src/articles/articles.schemas.js';
import { createSqliteArticlesStore } from '../../src/articles/articles.sqlite.js';
import { closeDatabase, DATABASE_FILE, openDatabase } from '../../src/db/client.js';
import { createImagesService } from '../../src/images/images.service.js';
import { createImagesRepository, createSqliteImagesStore } from '../../src/images/images.sqlite.js';
import { createSqliteImportStore } from '../../src/import/import.sqlite.js';
import { NO_FILES } from '../../src/import/import.store.js';
import { createLocalMediaFiles } from '../../src/media/media.local.js';
import { createQuotesRepository } from '../../src/quotes/quotes.sqlite.js';
import { createSqliteTokensStore } from '../../src/tokens/tokens.sqlite.js';
import type { Dataset, SeedArticle } from './data-generator.js';

// Fills a fresh database with a generated dataset, by default through the fixture-bundle importer (the code
// behind POST /v1/import and `npm run seed`), so the seeding rate is the import's own throughput. A million
// articles do not fit in one bundle object in memory, so they go in as consecutive bundles: the first holds every
// image and quote, the next ones articles that name them by key (keys loaded before resolve). No HTTP: the
// importer is called in process, one transaction per bundle.
// `repositories` instead creates each item through the repositories' create() (the API's one-by-one write path).

export type SeedVia = 'import' | 'repositories';

export type SeedReport = {
  via: SeedVia;
  articles: number;
  images: number;
  quotes: number;
  /** Wall time, generating the content included. */
  seconds: number;
  /** Time spent writing (the importer's load(), or the repositories' transactions): generation excluded. */
  writeSeconds: number;
  /** Articles per second of writeSeconds (images and quotes are written in that time too). */
  articlesPerSecond: number;
  /** CPU time of those writes: less sensitive than wall time to what else the machine runs. */
  writeCpuSeconds: number;
  articlesPerCpuSecond: number;
};

/** Wall and CPU time spent in timed sections. */
function stopwatch() {
  let wall = 0;
  let cpu = 0;
  return {
    async time<T>(work: () => T | Promise<T>): Promise<T> {
      const started = performance.now();
      const usage = process.cpuUsage();
      try {
        return await work();
      } finally {
        wall += performance.now() - started;
        const used = process.cpuUsage(usage);
        cpu += (used.user + used.system) / 1000;
      }
    },
    timeSync<T>(work: () => T): T {
      const started = performance.now();
      const usage = process.cpuUsage();
      try {
        return work();
      } finally {
        wall += performance.now() - started;
        const used = process.cpuUsage(usage);
        cpu += (used.user + used.system) / 1000;
      }
    },
    totals: () => ({ wallSeconds: wall / 1000, cpuSeconds: cpu / 1000 }),
  };
}

/** Articles per bundle (import) or per transaction (repositories): bounds memory and the WAL at 1M. */
const CHUNK = 50_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function repositories(dataDir: string) {
  const db = openDatabase({ dataDir });
  const quotes = createQuotesRepository(db);
  const images = createImagesRepository(db);
  const articles = createSqliteArticlesStore(db, { images, quotes });
  return { db, quotes, images, articles };
}

/**
 * `short` bodies: each article keeps only its first paragraph, and no quotes are loaded. For measurements that do
 * not read bodies (the sitemaps): a third of the seeding time, and far less disk, at a million articles.
 */
export type SeedBodies = 'full' | 'short';

function shortBody(article: SeedArticle): SeedArticle['body'] {
  const first = article.body.find((block) => block.type === 'paragraph');
  return [first ?? { type: 'paragraph', text: article.headline }];
}

async function seedWithImporter(
  dataDir: string,
  data: Dataset,
  onProgress?: (done: number) => void,
  bodies: SeedBodies = 'full',
) {
  const { db, images, quotes, articles } = repositories(dataDir);
  const watch = stopwatch();
  const media = createLocalMediaFiles({ dir: path.join(dataDir, 'media') });
  const uploadLimit = 20 * 1024 * 1024;
  const imagesService = createImagesService({ images: createSqliteImagesStore(db, images), media, uploadLimit });
  const store = createSqliteImportStore(db, { uploadLimit, images, quotes, articles, imagesService });
  try {
    // The bundle goes to the import worker as JSON text, as a request's body does; writing the text is not timed.
    const load = (bundle: object) => {
      const json = Buffer.from(JSON.stringify(bundle));
      return watch.time(() => store.load({ json }, NO_FILES));
    };
    await load({
      images: Array.from({ length: data.size.images }, (_, i) => {
        const { createdAt: _createdAt, ...image } = data.image(i);
        return image;
      }),
      quotes: Array.from({ length: bodies === 'short' ? 0 : data.size.quotes }, (_, i) => {
        const { createdAt: _createdAt, saidAt, ...quote } = data.quote(i);
        return { ...quote, saidAt: iso(saidAt) };
      }),
      articles: [],
    });
    for (let from = 0; from < data.size.articles; from += CHUNK) {
      const to = Math.min(from + CHUNK, data.size.articles);
      const items = [];
      for (let i = from; i < to; i++) {
        const { createdAt: _createdAt, publishedAt, ...article } = data.article(i);
        const body = bodies === 'short' ? shortBody({ ...article, createdAt: 0, publishedAt }) : article.body;
        items.push({ ...article, body, publishedAt: iso(publishedAt) });
      }
      const result = await load({ images: [], quotes: [], articles: items });
      if (result.created.articles !== to - from) {
        throw new Error(`the import created ${result.created.articles} articles of ${to - from}`);
      }
      onProgress?.(to);
    }
  } finally {
    await store.close();
    // Checkpoints the WAL and runs PRAGMA optimize, as the server does when it stops.
    watch.timeSync(() => closeDatabase(db));
  }
  return watch.totals();
}

function seedWithRepositories(dataDir: string, data: Dataset, onProgress?: (done: number) => void) {
  const { db, quotes, images, articles } = repositories(dataDir);
  const sqlite = db.$client;
  const watch = stopwatch();
  const timed = (write: () => void) => watch.timeSync(write);
  try {
    const imageIds: string[] = [];
    const quoteIds: string[] = [];
    const imageItems = Array.from({ length: data.size.images }, (_, i) => data.image(i));
    const quoteItems = Array.from({ length: data.size.quotes }, (_, i) => data.quote(i));
    timed(() =>
      sqlite.transaction(() => {
        for (const { key, createdAt, ...input } of imageItems) {
          imageIds.push(images.create(input, { key, now: createdAt }).id);
        }
        for (const { key, createdAt, ...input } of quoteItems) {
          quoteIds.push(quotes.create({ ...input, sourceUrl: null }, { key, now: createdAt }).id);
        }
      })(),
    );

    const byKey = (ids: string[], key: string) => ids[Number(key.slice(key.indexOf('-') + 1))] as string;
    const toInput = (article: SeedArticle): ArticleCreate => ({
      slug: article.slug,
      headline: article.headline,
      standfirst: article.standfirst,
      section: article.section,
      tags: article.tags,
      byline: article.byline,
      status: article.status,
      publishedAt: article.publishedAt,
      leadImageId: byKey(imageIds, article.leadImage),
      body: article.body.map((block): BlockInput => {
        if (block.type === 'image') return { type: 'image', imageId: byKey(imageIds, block.image) };
        if (block.type === 'quote') return { type: 'quote', quoteId: byKey(quoteIds, block.quote) };
        return block;
      }),
    });
    for (let from = 0; from < data.size.articles; from += CHUNK) {
      const to = Math.min(from + CHUNK, data.size.articles);
      const chunk = Array.from({ length: to - from }, (_, i) => data.article(from + i));
      timed(() =>
        sqlite.transaction(() => {
          for (const article of chunk) articles.createNow(toInput(article), { now: article.createdAt });
        })(),
      );
      onProgress?.(to);
    }
  } finally {
    timed(() => closeDatabase(db));
  }
  return watch.totals();
}

export async function seedDatabase(
  dataDir: string,
  data: Dataset,
  options: { via?: SeedVia; onProgress?: (done: number) => void; bodies?: SeedBodies } = {},
): Promise<SeedReport> {
  if (options.bodies === 'short' && options.via === 'repositories') {
    throw new Error('short bodies are seeded through the importer only');
  }
  const via = options.via ?? 'import';
  const started = performance.now();
  const { wallSeconds: writeSeconds, cpuSeconds } =
    via === 'import'
      ? await seedWithImporter(dataDir, data, options.onProgress, options.bodies)
      : seedWithRepositories(dataDir, data, options.onProgress);
  return {
    via,
    articles: data.size.articles,
    images: data.size.images,
    quotes: data.size.quotes,
    seconds: (performance.now() - started) / 1000,
    writeSeconds,
    articlesPerSecond: data.size.articles / writeSeconds,
    writeCpuSeconds: cpuSeconds,
    articlesPerCpuSecond: data.size.articles / cpuSeconds,
  };
}

/** A read/write token made as `npm run token -- create` makes one, on the bench database. */
export async function makeToken(dataDir: string): Promise<string> {
  const db = openDatabase({ dataDir });
  try {
    return (await createSqliteTokensStore(db).create(`bench-${process.pid}`)).token;
  } finally {
    closeDatabase(db);
  }
}

export function databaseBytes(dataDir: string): number {
  let total = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    const file = path.join(dataDir, DATABASE_FILE + suffix);
    if (fs.existsSync(file)) total += fs.statSync(file).size;
  }
  return total;
}

/** Whether the query planner has statistics (sqlite_stat1, from ANALYZE or PRAGMA optimize): plans differ. */
export function hasPlannerStatistics(dataDir: string): boolean {
  const db = openDatabase({ dataDir, migrate: false });
  try {
    const table = db.$client.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'").get();
    return Boolean(table && db.$client.prepare('SELECT 1 FROM sqlite_stat1 LIMIT 1').get());
  } finally {
    closeDatabase(db);
  }
}
