import fs from 'node:fs';
import path from 'node:path';
import { createArticlesRepository } from '../../src/articles/articles.repository.js';
import type { ArticleCreate, BlockInput } from '../../src/articles/articles.schemas.js';
import { closeDatabase, DATABASE_FILE, openDatabase } from '../../src/db/client.js';
import { createImagesRepository } from '../../src/images/images.repository.js';
import { createQuotesRepository } from '../../src/quotes/quotes.repository.js';
import { createTokensRepository } from '../../src/tokens/tokens.repository.js';
import type { Dataset, SeedArticle } from './data-generator.js';

// Fills a fresh database with a generated dataset through the repositories' own write paths (the same code the
// API runs: slug checks, reference checks, tag/image/quote links, FTS triggers), in large transactions of
// prepared statements: no HTTP, so a million articles take minutes, not hours.
// NOTE: this is the one place to switch to the fixture-bundle import (src/import/) once it exists, so that the
// seeding figure becomes the import's own throughput.

export type SeedReport = {
  via: 'repositories';
  articles: number;
  images: number;
  quotes: number;
  seconds: number;
  articlesPerSecond: number;
};

/** Articles per transaction: one for the default size; bounded so that 1M rows do not pile up a huge WAL. */
const CHUNK = 100_000;

export function seedDatabase(dataDir: string, data: Dataset, onProgress?: (done: number) => void): SeedReport {
  const db = openDatabase({ dataDir });
  const sqlite = db.$client;
  const started = performance.now();
  try {
    const quotes = createQuotesRepository(db);
    const images = createImagesRepository(db);
    const articles = createArticlesRepository(db, { images, quotes });
    const imageIds: string[] = [];
    const quoteIds: string[] = [];
    sqlite.transaction(() => {
      for (let i = 0; i < data.size.images; i++) {
        const { key, createdAt, ...input } = data.image(i);
        imageIds.push(images.create(input, { key, now: createdAt }).id);
      }
      for (let i = 0; i < data.size.quotes; i++) {
        const { key, createdAt, ...input } = data.quote(i);
        quoteIds.push(quotes.create({ ...input, sourceUrl: null }, { key, now: createdAt }).id);
      }
    })();

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
      sqlite.transaction(() => {
        for (let i = from; i < to; i++) {
          const article = data.article(i);
          articles.create(toInput(article), { now: article.createdAt });
        }
      })();
      onProgress?.(to);
    }
  } finally {
    // Checkpoints the WAL and runs PRAGMA optimize, as the server does when it stops.
    closeDatabase(db);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    via: 'repositories',
    articles: data.size.articles,
    images: data.size.images,
    quotes: data.size.quotes,
    seconds,
    articlesPerSecond: data.size.articles / seconds,
  };
}

/** A read/write token made as `npm run token -- create` makes one, on the bench database. */
export function makeToken(dataDir: string): string {
  const db = openDatabase({ dataDir });
  try {
    return createTokensRepository(db).create(`bench-${process.pid}`).token;
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
