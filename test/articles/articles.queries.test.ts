// Contract: reading an article resolves every image and quote block in a fixed number of queries (no N+1), and the
// per-status counters behind unfiltered list totals always equal a real count.
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSqliteArticlesStore } from '../../src/articles/articles.sqlite.js';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import type { Engine } from '../../src/db/engine.js';
import { createPgEngine } from '../../src/db/engine.pg.js';
import { images as pgImages } from '../../src/db/schema.pg.js';
import { createImagesRepository } from '../../src/images/images.sqlite.js';
import { createQuotesRepository } from '../../src/quotes/quotes.sqlite.js';
import { TEST_ENGINE, tempDataDir } from '../helpers/app.js';
import { usePgDatabase } from '../helpers/pg.js';

// Each engine's store and triggers are held to the same counts: SQLite's below (its store built with counting
// images and quotes lookups), PostgreSQL's in the block after it (statements counted at the driver).
describe.skipIf(TEST_ENGINE === 'postgres')('article resolution', () => {
  const dataDir = tempDataDir();
  const db = openDatabase({ dataDir });
  afterAll(() => {
    closeDatabase(db);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('uses one images query and one quotes query whatever the number of blocks', async () => {
    const quotes = createQuotesRepository(db);
    const images = createImagesRepository(db);
    const calls = { images: 0, quotes: 0 };
    const articles = createSqliteArticlesStore(db, {
      images: {
        findManyByIds: (ids) => {
          calls.images++;
          return images.findManyByIds(ids);
        },
      },
      quotes: {
        findManyByIds: (ids) => {
          calls.quotes++;
          return quotes.findManyByIds(ids);
        },
      },
    });
    const now = Date.now();
    db.$client
      .prepare(
        "INSERT INTO images (id, source_url, alt_text, created_at, updated_at) VALUES ('IMG1', 'https://e.org/a.jpg', '', ?, ?), ('IMG2', 'https://e.org/b.jpg', '', ?, ?)",
      )
      .run(now, now, now, now);
    const quoteIds = Array.from({ length: 40 }, (_, i) => quotes.create({ text: `q${i}`, speaker: `s${i}` }).id);
    const body = [
      ...quoteIds.map((quoteId) => ({ type: 'quote' as const, quoteId })),
      ...Array.from({ length: 30 }, (_, i) => ({ type: 'image' as const, imageId: i % 2 ? 'IMG1' : 'IMG2' })),
    ];
    const { row } = await articles.create({ headline: 'Many blocks', body, leadImageId: 'IMG1' });
    // create() itself reads the named images and quotes once each (its reference check, reused for its answer)
    expect(calls).toEqual({ images: 1, quotes: 1 });
    calls.images = 0;
    calls.quotes = 0;
    const resolved = await articles.resolve([row], true);
    expect(calls).toEqual({ images: 1, quotes: 1 });
    expect(resolved.quotes.size).toBe(40);
    expect(resolved.images.size).toBe(2);
    // a list page of many articles: still one of each
    const rows = [
      row,
      (await articles.create({ headline: 'Another', body })).row,
      (await articles.create({ headline: 'Third', body })).row,
    ];
    calls.images = 0;
    calls.quotes = 0;
    await articles.resolve(rows, true);
    expect(calls).toEqual({ images: 1, quotes: 1 });
  });

  it('keeps article_counts equal to a count by status through inserts, status changes and deletes', async () => {
    const quotes = createQuotesRepository(db);
    const images = createImagesRepository(db);
    const articles = createSqliteArticlesStore(db, { images, quotes });
    const made = [];
    for (let i = 0; i < 6; i++) made.push((await articles.create({ headline: `Count ${i}`, status: 'draft' })).row);
    await articles.update(made[0]!.id, { status: 'published' });
    await articles.update(made[1]!.id, { status: 'archived' });
    await articles.update(made[1]!.id, { status: 'archived', headline: 'same status again' });
    await articles.delete(made[2]!.id);
    const counters = db.$client
      .prepare('SELECT status, total FROM article_counts WHERE total > 0 ORDER BY status')
      .all();
    const real = db.$client
      .prepare('SELECT status, count(*) AS total FROM articles GROUP BY status ORDER BY status')
      .all();
    expect(counters).toEqual(real);
  });

  it('keeps table_counts equal to the rows of quotes and images', () => {
    const quotes = createQuotesRepository(db);
    const made = Array.from({ length: 5 }, (_, i) => quotes.create({ text: `t${i}`, speaker: 'Counted' }));
    quotes.delete(made[0]!.id);
    const counter = (name: string) =>
      (db.$client.prepare('SELECT total FROM table_counts WHERE table_name = ?').get(name) as { total: number }).total;
    const real = (name: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${name}`).get() as { n: number }).n;
    expect(counter('quotes')).toBe(real('quotes'));
    expect(counter('images')).toBe(real('images'));
    expect(quotes.list({ limit: 1, sort: '-createdAt' }).total).toBe(real('quotes'));
  });
});

describe.runIf(TEST_ENGINE === 'postgres')('article resolution (PostgreSQL)', () => {
  const database = usePgDatabase();
  let engine: Engine;
  beforeAll(async () => {
    engine = await createPgEngine(database.db);
  });
  afterAll(async () => {
    await engine?.close();
  });

  /** SELECTs reading the images and the quotes tables, counted as the driver sends them. */
  function countReads() {
    const calls = { images: 0, quotes: 0 };
    const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
    const counting = function (this: pg.Client, ...args: unknown[]) {
      const first = args[0] as string | { text?: string } | undefined;
      const text = typeof first === 'string' ? first : (first?.text ?? '');
      if (/^\s*select\b[\s\S]*\bfrom "images"/i.test(text)) calls.images++;
      if (/^\s*select\b[\s\S]*\bfrom "quotes"/i.test(text)) calls.quotes++;
      return original.apply(this, args);
    };
    const spy = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(counting as never);
    return { calls, restore: () => spy.mockRestore() };
  }

  const rows = async (text: string) => (await database.db.pool.query(text)).rows;

  it('uses one images query and one quotes query whatever the number of blocks', async () => {
    const { articles, quotes } = engine;
    const now = Date.now();
    await database.db.orm.insert(pgImages).values([
      { id: 'IMG1', sourceUrl: 'https://e.org/a.jpg', altText: '', createdAt: now, updatedAt: now },
      { id: 'IMG2', sourceUrl: 'https://e.org/b.jpg', altText: '', createdAt: now, updatedAt: now },
    ]);
    const quoteIds: string[] = [];
    for (let i = 0; i < 40; i++) quoteIds.push((await quotes.create({ text: `q${i}`, speaker: `s${i}` })).id);
    const body = [
      ...quoteIds.map((quoteId) => ({ type: 'quote' as const, quoteId })),
      ...Array.from({ length: 30 }, (_, i) => ({ type: 'image' as const, imageId: i % 2 ? 'IMG1' : 'IMG2' })),
    ];
    const counted = countReads();
    try {
      const { row } = await articles.create({ headline: 'Many blocks', body, leadImageId: 'IMG1' });
      // create() itself reads the named images and quotes once each (its reference check, reused for its answer)
      expect(counted.calls).toEqual({ images: 1, quotes: 1 });
      counted.calls.images = 0;
      counted.calls.quotes = 0;
      const resolved = await articles.resolve([row], true);
      expect(counted.calls).toEqual({ images: 1, quotes: 1 });
      expect(resolved.quotes.size).toBe(40);
      expect(resolved.images.size).toBe(2);
      // a list page of many articles: still one of each
      const many = [
        row,
        (await articles.create({ headline: 'Another', body })).row,
        (await articles.create({ headline: 'Third', body })).row,
      ];
      counted.calls.images = 0;
      counted.calls.quotes = 0;
      await articles.resolve(many, true);
      expect(counted.calls).toEqual({ images: 1, quotes: 1 });
    } finally {
      counted.restore();
    }
  });

  it('keeps article_counts equal to a count by status through inserts, status changes and deletes', async () => {
    const { articles } = engine;
    const made = [];
    for (let i = 0; i < 6; i++) made.push((await articles.create({ headline: `Count ${i}`, status: 'draft' })).row);
    await articles.update(made[0]!.id, { status: 'published' });
    await articles.update(made[1]!.id, { status: 'archived' });
    await articles.update(made[1]!.id, { status: 'archived', headline: 'same status again' });
    await articles.delete(made[2]!.id);
    const counters = await rows(
      'SELECT status, total::int AS total FROM article_counts WHERE total > 0 ORDER BY status',
    );
    const real = await rows('SELECT status, count(*)::int AS total FROM articles GROUP BY status ORDER BY status');
    expect(counters).toEqual(real);
  });

  it('keeps table_counts equal to the rows of quotes and images', async () => {
    const { quotes } = engine;
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await quotes.create({ text: `t${i}`, speaker: 'Counted' }));
    await quotes.delete(made[0]!.id);
    const counter = async (name: string) =>
      (await rows(`SELECT total::int AS n FROM table_counts WHERE table_name = '${name}'`))[0]?.n;
    const real = async (name: string) => (await rows(`SELECT count(*)::int AS n FROM ${name}`))[0]?.n;
    expect(await counter('quotes')).toBe(await real('quotes'));
    expect(await counter('images')).toBe(await real('images'));
    expect((await quotes.list({ limit: 1, sort: '-createdAt' })).total).toBe(await real('quotes'));
  });
});
