// The article lists and sitemap walks on PostgreSQL answer exactly as on SQLite: the same articles, rows in the same
// order, the same totals and the same cursors (forged ones too), for every status, filter and sort; relevance in
// the same ranking classes (headline over standfirst over body) with ties by id. The same rows are written to both
// engines directly (the stores' write paths are not what this tests), then every list is paged on both.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ArticleListQuery } from '../../src/articles/articles.schemas.js';
import type { ArticlePage, SitemapReader } from '../../src/articles/articles.store.js';
import { createPgArticleLister } from '../../src/articles/articles-list.pg.js';
import { createArticleLister } from '../../src/articles/articles-list.sqlite.js';
import { createPgSitemapReader } from '../../src/articles/articles-sitemap.pg.js';
import { createSqliteSitemapReader } from '../../src/articles/articles-sitemap.sqlite.js';
import { closeDatabase, type Db, openDatabase } from '../../src/db/client.js';
import type { PgChangeFeed } from '../../src/db/pg-change-feed.js';
import * as sqliteSchema from '../../src/db/schema.js';
import * as pgSchema from '../../src/db/schema.pg.js';
import { encodeCursor } from '../../src/shared/cursor.js';
import { tempDataDir } from '../helpers/app.js';
import { describePg, usePgDatabase } from '../helpers/pg.js';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const DAY = 86_400_000;

/** A small deterministic generator (the same rows every run). */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

type Row = typeof sqliteSchema.articles.$inferInsert;

/** Articles with many equal times, mixed-case ids with `_` and `-` (byte order matters), every status. */
function makeRows(): { rows: Row[]; tags: Array<{ articleId: string; tag: string }> } {
  const next = random(7);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const rows: Row[] = [];
  const tags: Array<{ articleId: string; tag: string }> = [];
  const words = ['harbour', 'strike', 'pilots', 'storm', 'mayor', 'ferry', 'Zelenský', 'council'];
  for (let i = 0; i < 90; i++) {
    const status = pick(['published', 'published', 'published', 'draft', 'archived'] as const);
    const scheduled = status === 'published' && next() < 0.15;
    const publishedAt =
      status === 'draft' && next() < 0.7
        ? null
        : scheduled
          ? NOW + pick([1, 2, 3]) * DAY
          : NOW - pick([0, 1, 1, 2, 5, 9]) * DAY - pick([0, 0, 1000]);
    const createdAt = NOW - 20 * DAY + pick([0, 0, 1, 2, 3]) * DAY;
    const id = `${pick(['A', 'a', 'B', '_', '-', 'Z', 'z'])}${pick(['x', 'X', '_', '-'])}${String(i).padStart(3, '0')}`;
    const word = pick(words);
    const other = pick(words);
    const where = pick(['headline', 'standfirst', 'body'] as const);
    rows.push({
      id,
      slug: `story-${i}`,
      headline: where === 'headline' ? `The ${word} story ${i}` : `Story ${i}`,
      standfirst: where === 'standfirst' ? `About the ${word}` : next() < 0.5 ? null : 'A standfirst',
      section: pick(['news', 'sport', null]),
      tags: '[]',
      body: JSON.stringify([
        { type: 'paragraph', text: where === 'body' ? `Today the ${word} and the ${other}.` : `Of the ${other}.` },
      ]),
      status,
      publishedAt,
      version: 1,
      createdAt,
      updatedAt: createdAt + pick([0, 0, DAY, 2 * DAY]),
    });
    for (const tag of ['world', 'local', 'ports']) if (next() < 0.4) tags.push({ articleId: id, tag });
  }
  return { rows, tags };
}

type Lister = { list(query: ArticleListQuery, now: number): Promise<ArticlePage> };

const query = (input: Partial<ArticleListQuery>): ArticleListQuery => ({
  limit: 7,
  status: 'published',
  sort: '-publishedAt',
  ...input,
});

/** Every page of a list: its ids, totals and cursors. */
async function walk(lister: Lister, input: Partial<ArticleListQuery>) {
  const pages: Array<{ ids: string[]; total: number; next: string | null }> = [];
  let cursor: string | undefined;
  do {
    const page = await lister.list(query({ ...input, cursor }), NOW);
    pages.push({ ids: page.rows.map((row) => row.id), total: page.total, next: page.nextCursor });
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 100);
  return pages;
}

const feed = (changed: () => boolean): PgChangeFeed => ({
  watch: () => ({ changed }),
  referencesWatch: () => () => true,
  start: async () => {},
  close: async () => {},
});

describePg('article lists on PostgreSQL', () => {
  const pg = usePgDatabase();
  const dataDir = tempDataDir();
  let sqlite: Db;
  let sqliteLister: Lister;
  let pgLister: ReturnType<typeof createPgArticleLister>;
  const { rows, tags } = makeRows();
  const nextScheduledAt = (now: number) =>
    rows.reduce<number | null>(
      (soonest, row) =>
        row.status === 'published' &&
        (row.publishedAt ?? 0) > now &&
        (soonest === null || (row.publishedAt ?? 0) < soonest)
          ? (row.publishedAt as number)
          : soonest,
      null,
    );

  beforeAll(async () => {
    sqlite = openDatabase({ dataDir });
    sqlite.orm.insert(sqliteSchema.articles).values(rows).run();
    sqlite.orm.insert(sqliteSchema.articleTags).values(tags).run();
    const plain = createArticleLister(sqlite, { nextScheduledAt, cacheTotals: false });
    sqliteLister = { list: async (q, now) => plain.list(q, now) };
    await pg.db.orm.insert(pgSchema.articles).values(rows);
    await pg.db.orm.insert(pgSchema.articleTags).values(tags);
    pgLister = createPgArticleLister(pg.db, {
      changes: feed(() => true),
      cacheTotals: true,
      resolve: async () => ({ images: new Map(), quotes: new Map() }),
      nextScheduledAt: async (now) => nextScheduledAt(now),
    });
  });
  afterAll(() => {
    closeDatabase(sqlite);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const statuses = ['published', 'scheduled', 'draft', 'archived', 'any'] as const;
  const sorts = ['-publishedAt', 'publishedAt', '-createdAt', 'createdAt', '-updatedAt', 'updatedAt'];
  const filters: Array<Partial<ArticleListQuery>> = [
    {},
    { section: 'news' },
    { tag: 'world' },
    { q: 'harbour' },
    { q: 'zelensky' },
    { q: 'the st' },
    { tag: 'local', section: 'sport' },
    { tag: 'ports', q: 'the' },
    { section: 'news', q: 'of' },
    { tag: 'world', section: 'news', q: 'story' },
    { tag: 'nothing' },
    { q: '"*)' },
  ];

  it('gives the same pages, totals and cursors for every status, filter and sort', async () => {
    let compared = 0;
    for (const status of statuses) {
      for (const sort of sorts) {
        for (const filter of filters) {
          const input = { ...filter, status, sort };
          const expected = await walk(sqliteLister, input);
          expect(await walk(pgLister, input), JSON.stringify(input)).toEqual(expected);
          compared += expected.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(600);
  });

  it('has lists that are not trivial: NULL times, ties and byte-ordered ids are on the pages compared', async () => {
    const drafts = await walk(sqliteLister, { status: 'draft', sort: 'publishedAt', limit: 100 });
    const first = drafts[0]?.ids ?? [];
    expect(rows.filter((row) => first.slice(0, 3).includes(row.id)).every((row) => row.publishedAt === null)).toBe(
      true,
    );
    expect((await pgLister.list(query({ status: 'any', limit: 100 }), NOW)).total).toBe(rows.length);
  });

  it('resumes forged cursors as SQLite does (texts, numeric texts, fractions, huge numbers, NUL in the id)', async () => {
    const sample = rows.find((row) => row.status === 'published' && (row.publishedAt ?? 0) <= NOW) as Row;
    const values = [
      sample.publishedAt as number,
      String(sample.publishedAt),
      ` ${sample.publishedAt} `,
      (sample.publishedAt as number) + 0.5,
      'not a time',
      1e300,
      -1e300,
      null,
    ];
    const ids = [sample.id, `${sample.id}\u0000`, `${sample.id.slice(0, 2)}\u0000zz`, '', '\u0000'];
    for (const status of ['published', 'draft', 'any'] as const) {
      for (const sort of ['-publishedAt', 'publishedAt', 'createdAt', '-updatedAt']) {
        for (const filter of [{}, { tag: 'world' }, { q: 'the' }]) {
          for (const value of values) {
            for (const id of ids) {
              const input = query({ ...filter, status, sort, cursor: encodeCursor({ sort, value, id }) });
              const expected = await sqliteLister.list(input, NOW);
              const actual = await pgLister.list(input, NOW);
              const label = JSON.stringify({ status, sort, filter, value, id });
              expect(
                actual.rows.map((row) => row.id),
                label,
              ).toEqual(expected.rows.map((row) => row.id));
              expect(actual.nextCursor, label).toBe(expected.nextCursor);
            }
          }
        }
      }
    }
  });

  it('ranks by relevance: headline hits, then standfirst, then body, ties by id; pages once through every match', async () => {
    for (const q of ['harbour', 'the', 'zelensky', 'of the']) {
      const expected = await walk(sqliteLister, { q, sort: 'relevance', status: 'any' });
      const pages = await walk(pgLister, { q, sort: 'relevance', status: 'any' });
      const ids = pages.flatMap((page) => page.ids);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(expected.flatMap((page) => page.ids).sort());
      expect(pages.map((page) => page.total)).toEqual(expected.map((page) => page.total));
      if (q === 'harbour') {
        const byId = new Map(rows.map((row) => [row.id, row]));
        const rank = (id: string) => {
          const row = byId.get(id) as Row;
          return row.headline.toLowerCase().includes(q) ? 0 : row.standfirst?.toLowerCase().includes(q) ? 1 : 2;
        };
        const ranks = ids.map(rank);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        // Articles with the word as often in each field score the same: ties by id, ascending (byte order).
        const hits = (id: string) => {
          const row = byId.get(id) as Row;
          const count = (text: string | null | undefined) => (text ?? '').toLowerCase().split(q).length - 1;
          return JSON.stringify([count(row.headline), count(row.standfirst), count(row.body)]);
        };
        for (const key of new Set(ids.map(hits))) {
          const same = ids.filter((id) => hits(id) === key);
          expect(same).toEqual([...same].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
        }
        // Same ranking classes on SQLite.
        const sqliteRanks = expected.flatMap((page) => page.ids).map(rank);
        expect(sqliteRanks).toEqual([...sqliteRanks].sort((a, b) => a - b));
      }
    }
    await expect(pgLister.list(query({ sort: 'relevance' }), NOW)).rejects.toMatchObject({ status: 400 });
  });

  it('keeps a total until the change feed reports a write, and never one read before a write', async () => {
    let changed = false;
    // Runs between a total's count and its caching (the lister asks when the next article comes due in between).
    let between: (() => Promise<void>) | null = null;
    const lister = createPgArticleLister(pg.db, {
      changes: feed(() => {
        const was = changed;
        changed = false;
        return was;
      }),
      cacheTotals: true,
      resolve: async () => ({ images: new Map(), quotes: new Map() }),
      nextScheduledAt: async () => {
        const run = between;
        between = null;
        await run?.();
        return null;
      },
    });
    const due = rows.filter((row) => row.status === 'published' && (row.publishedAt ?? 0) <= NOW);
    const tagged = query({ tag: 'fresh-tag' });
    expect((await lister.list(tagged, NOW)).total).toBe(0);
    await pg.db.orm.insert(pgSchema.articleTags).values({ articleId: (due[0] as Row).id, tag: 'fresh-tag' });
    // Kept: nothing reported yet.
    expect((await lister.list(tagged, NOW)).total).toBe(0);
    changed = true;
    expect((await lister.list(tagged, NOW)).total).toBe(1);
    expect((await lister.list(tagged, NOW)).rows.map((row) => row.id)).toEqual([(due[0] as Row).id]);
    // A write lands (and another request sees the report of it) after this total was counted, before it is kept:
    // the total counted before the write must not be kept.
    changed = true;
    between = async () => {
      await pg.db.orm.insert(pgSchema.articleTags).values({ articleId: (due[1] as Row).id, tag: 'fresh-tag' });
      changed = true;
      await lister.list(query({ tag: 'other' }), NOW);
    };
    expect((await lister.list(tagged, NOW)).total).toBe(1);
    expect((await lister.list(tagged, NOW)).total).toBe(2);
  });

  it('loads articles by seq in the order asked, cards without their body', async () => {
    const page = await pgLister.list(query({ status: 'any', limit: 5 }), NOW);
    const seqs = page.rows.map((row) => row.seq).reverse();
    const cards = await pgLister.loadBySeqs([...seqs, 999_999], false);
    expect(cards.rows.map((row) => row.seq)).toEqual(seqs);
    expect(cards.rows.every((row) => row.body === '[]')).toBe(true);
    const full = await pgLister.loadBySeqs(seqs, true);
    const sqliteFull = sqlite.orm.select().from(sqliteSchema.articles).all();
    expect(full.rows).toEqual(seqs.map((seq) => sqliteFull.find((row) => row.seq === seq)));
    expect(full.rows.every((row) => !('search' in row))).toBe(true);
  });
});

describePg('sitemap walks on PostgreSQL', () => {
  const pg = usePgDatabase();
  const dataDir = tempDataDir();
  let sqlite: Db;
  let expected: SitemapReader;
  let actual: SitemapReader;

  beforeAll(async () => {
    const { rows } = makeRows();
    const image = {
      id: 'IMG1',
      fileName: 'abc.jpg',
      altText: 'A picture',
      focalX: 0.25,
      focalY: 0.1 + 0.2,
      createdAt: NOW,
      updatedAt: NOW,
    };
    const withImages = rows.map((row, i) => (i % 3 === 0 ? { ...row, leadImageId: 'IMG1' } : row));
    sqlite = openDatabase({ dataDir });
    sqlite.orm.insert(sqliteSchema.images).values(image).run();
    sqlite.orm.insert(sqliteSchema.articles).values(withImages).run();
    await pg.db.orm.insert(pgSchema.images).values(image);
    await pg.db.orm.insert(pgSchema.articles).values(withImages);
    expected = createSqliteSitemapReader(sqlite);
    actual = createPgSitemapReader(pg.db);
  });
  afterAll(() => {
    closeDatabase(sqlite);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('walks the same entries, times and positions, and lists the same news', async () => {
    for (const batch of [1, 4, 50]) {
      let after: { publishedAt: number; id: string } | null = null;
      let steps = 0;
      for (;;) {
        const want = await expected.entriesAfter(after, batch, NOW);
        expect(await actual.entriesAfter(after, batch, NOW)).toEqual(want);
        expect(await actual.timesAfter(after, batch, NOW)).toEqual(await expected.timesAfter(after, batch, NOW));
        const last = want.at(-1);
        if (!last) break;
        after = { publishedAt: last.publishedAt, id: last.id };
        steps++;
      }
      expect(steps).toBeGreaterThan(0);
    }
    for (const offset of [0, 1, 5, 30, 1000]) {
      expect(await actual.positionAt(offset, NOW)).toEqual(await expected.positionAt(offset, NOW));
    }
    for (const since of [NOW - 3 * DAY, NOW - 30 * DAY]) {
      expect(await actual.publishedSince(since, 10, NOW)).toEqual(await expected.publishedSince(since, 10, NOW));
    }
    expect((await actual.entriesAfter(null, 100, NOW)).some((entry) => entry.imageId === 'IMG1')).toBe(true);
  });
});
