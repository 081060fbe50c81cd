// Contract: a large load (built with the full-text indexes written in one statement per table) leaves search,
// links and triggers exactly as row-by-row writes would: new and updated text is found, replaced text is not. A
// first load, whose list indexes are dropped and built again at its end, leaves every index as it was.
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/db/client.js';
import { json, TEST_ENGINE, useFreshApp } from '../helpers/app.js';
import { counts, postBundle } from './bundles.js';

const SIZE = 60; // past the bulk threshold (50) of every table

function bundle(word: string, quoteWord: string) {
  return {
    images: Array.from({ length: SIZE }, (_, i) => ({
      key: `bulk-image-${i}`,
      sourceUrl: `https://example.org/${i}.jpg`,
      altText: `A ${word} number ${i}`,
    })),
    quotes: Array.from({ length: SIZE }, (_, i) => ({
      key: `bulk-quote-${i}`,
      text: `The ${quoteWord} said something ${i}.`,
      speaker: `Speaker ${i}`,
    })),
    articles: Array.from({ length: SIZE }, (_, i) => ({
      slug: `bulk-article-${i}`,
      headline: `Article ${i}`,
      status: 'published',
      publishedAt: '2024-06-01T00:00:00.000Z',
      tags: [`tag-${i % 3}`],
      leadImage: `bulk-image-${i}`,
      body: [
        { type: 'paragraph', text: `A story about a ${word}.` },
        { type: 'quote', quote: `bulk-quote-${(i + 1) % SIZE}` },
      ],
    })),
  };
}

describe('bulk loads', () => {
  const ctx = useFreshApp();
  const total = async (url: string) =>
    json(await ctx.app.inject({ method: 'GET', url, headers: ctx.auth })).meta.total as number;
  /** The database's indexes or triggers, by name, with their definitions (SQLite's schema or PostgreSQL's catalog). */
  const schema = async (type: 'trigger' | 'index'): Promise<unknown[]> => {
    if (TEST_ENGINE === 'postgres') {
      const client = new pg.Client({ connectionString: ctx.config.databaseUrl! });
      await client.connect();
      try {
        const query =
          type === 'index'
            ? "SELECT indexname AS name, tablename AS tbl_name, indexdef AS sql FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname"
            : 'SELECT tgname AS name, tgrelid::regclass::text AS tbl_name, pg_get_triggerdef(oid) AS sql FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname';
        return (await client.query(query)).rows;
      } finally {
        await client.end();
      }
    }
    const db = new Database(path.join(ctx.config.dataDir, DATABASE_FILE), { readonly: true });
    try {
      return db.prepare('SELECT name, tbl_name, sql FROM sqlite_master WHERE type = ? ORDER BY name').all(type);
    } finally {
      db.close();
    }
  };
  const triggers = () => schema('trigger');
  /** The FTS5 settings a load changes for its bulk statements (hashsize) are put back to FTS5's default. */
  const ftsSettings = () => {
    const db = new Database(path.join(ctx.config.dataDir, DATABASE_FILE), { readonly: true });
    try {
      return ['articles_fts', 'images_fts', 'quotes_fts'].map((fts) =>
        db.prepare(`SELECT k, v FROM ${fts}_config WHERE k <> 'version' ORDER BY k`).all(),
      );
    } finally {
      db.close();
    }
  };
  const defaultSettings = [
    [{ k: 'hashsize', v: 1024 * 1024 }],
    [{ k: 'hashsize', v: 1024 * 1024 }],
    [{ k: 'hashsize', v: 1024 * 1024 }],
  ];
  /** SQLite's integrity check; PostgreSQL's: every index valid and ready (none left half-built). */
  const integrity = async () => {
    if (TEST_ENGINE === 'postgres') {
      const client = new pg.Client({ connectionString: ctx.config.databaseUrl! });
      await client.connect();
      try {
        const { rows } = await client.query(
          'SELECT count(*)::int AS n FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace s ON s.oid = c.relnamespace ' +
            "WHERE s.nspname = 'public' AND NOT (i.indisvalid AND i.indisready)",
        );
        return rows[0].n === 0 ? 'ok' : `${rows[0].n} invalid index(es)`;
      } finally {
        await client.end();
      }
    }
    const db = new Database(path.join(ctx.config.dataDir, DATABASE_FILE), { readonly: true });
    try {
      return db.pragma('integrity_check', { simple: true });
    } finally {
      db.close();
    }
  };

  /**
   * SQLite: the rows triggers keep (counters, tag states; caught up in one statement each during a bulk load) as
   * row-by-row triggers would have left them: each the same as computed from the content.
   */
  const derivedRows = () => {
    const db = new Database(path.join(ctx.config.dataDir, DATABASE_FILE), { readonly: true });
    try {
      const one = (sql: string) => db.prepare(sql).get();
      return {
        articleCounts: db.prepare('SELECT status, total FROM article_counts WHERE total > 0 ORDER BY status').all(),
        computed: db.prepare('SELECT status, count(*) AS total FROM articles GROUP BY status ORDER BY status').all(),
        tables: db.prepare('SELECT table_name, total FROM table_counts ORDER BY table_name').all(),
        tablesComputed: [
          { table_name: 'images', total: (one('SELECT count(*) AS n FROM images') as { n: number }).n },
          { table_name: 'quotes', total: (one('SELECT count(*) AS n FROM quotes') as { n: number }).n },
        ],
        staleTags: one(
          'SELECT count(*) AS n FROM article_tags t JOIN articles a ON a.id = t.article_id WHERE t.status IS NOT a.status OR t.published_at IS NOT a.published_at',
        ),
      };
    } finally {
      db.close();
    }
  };
  const expectDerivedRowsRight = () => {
    if (TEST_ENGINE !== 'sqlite') return;
    const rows = derivedRows();
    expect(rows.articleCounts).toEqual(rows.computed);
    expect(rows.tables).toEqual(rows.tablesComputed);
    expect(rows.staleTags).toEqual({ n: 0 });
  };

  it('indexes new and updated rows for search, and puts the triggers back', async () => {
    const before = await triggers();
    const indexes = await schema('index');
    expect(indexes.length).toBeGreaterThan(10);
    const created = await postBundle(ctx.app, ctx.auth, bundle('kangaroo', 'platypus'));
    expect(json(created).created).toEqual(counts(SIZE, SIZE, SIZE));
    expect(await schema('index')).toEqual(indexes);
    expect(await integrity()).toBe('ok');
    // SQLite's bulk machinery (bulk-index.ts); PostgreSQL has no FTS5 settings to put back.
    if (TEST_ENGINE === 'sqlite') expect(ftsSettings()).toEqual(defaultSettings);
    const page = json(await ctx.app.inject({ method: 'GET', url: '/v1/articles?tag=tag-1&limit=5' }));
    expect(page.data.map((a: any) => a.slug)).toHaveLength(5);
    expect(page.meta.total).toBe(SIZE / 3);
    expect(await total('/v1/articles?q=kangaroo')).toBe(SIZE);
    expect(await total('/v1/images?q=kangaroo')).toBe(SIZE);
    expect(await total('/v1/quotes?q=platypus')).toBe(SIZE);
    expect(await total('/v1/articles?tag=tag-1')).toBe(SIZE / 3);
    expect(await total('/v1/articles?status=any')).toBe(SIZE);
    expect(await total('/v1/images')).toBe(SIZE);
    expect(await total('/v1/quotes')).toBe(SIZE);
    expectDerivedRowsRight();
    expect(await triggers()).toEqual(before);

    const updated = await postBundle(ctx.app, ctx.auth, bundle('wombat', 'echidna'));
    expect(json(updated).updated).toEqual(counts(SIZE, SIZE, SIZE));
    expect(await schema('index')).toEqual(indexes);
    expect(await integrity()).toBe('ok');
    // SQLite's bulk machinery (bulk-index.ts); PostgreSQL has no FTS5 settings to put back.
    if (TEST_ENGINE === 'sqlite') expect(ftsSettings()).toEqual(defaultSettings);
    expect(await total('/v1/articles?q=kangaroo')).toBe(0);
    expect(await total('/v1/articles?q=wombat')).toBe(SIZE);
    expect(await total('/v1/images?q=kangaroo')).toBe(0);
    expect(await total('/v1/images?q=wombat')).toBe(SIZE);
    expect(await total('/v1/quotes?q=platypus')).toBe(0);
    expect(await total('/v1/quotes?q=echidna')).toBe(SIZE);
    expect(await total('/v1/articles?status=any')).toBe(SIZE);
    expectDerivedRowsRight();
    expect(await triggers()).toEqual(before);

    // The row-by-row triggers work again: an article made through the API is found.
    const single = await ctx.app.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: ctx.auth,
      payload: { headline: 'A lone numbat', status: 'published' },
    });
    expect(single.statusCode).toBe(201);
    expect(await total('/v1/articles?q=numbat')).toBe(1);
  });

  it('rewrites the links of articles whose references change, and only theirs', async () => {
    const first = bundle('koala', 'dingo');
    first.articles = first.articles.map((article) => ({ ...article, slug: `links-${article.slug}` }));
    expect((await postBundle(ctx.app, ctx.auth, first)).statusCode).toBe(200);
    const article = json(await ctx.app.inject({ method: 'GET', url: '/v1/articles/links-bulk-article-0' }));
    expect(await total(`/v1/quotes?articleId=${article.id}`)).toBe(1);

    const second = structuredClone(first);
    for (const item of second.articles) {
      item.headline = `${item.headline} (updated)`;
      item.tags = ['moved'];
    }
    second.articles[0]!.body = [
      { type: 'quote', quote: 'bulk-quote-10' },
      { type: 'quote', quote: 'bulk-quote-11' },
    ];
    const res = await postBundle(ctx.app, ctx.auth, second);
    expect(json(res).updated.articles).toBe(SIZE);
    const quotes = json(
      await ctx.app.inject({ method: 'GET', url: `/v1/quotes?articleId=${article.id}&sort=createdAt` }),
    ).data.map((quote: any) => quote.text);
    expect(quotes).toEqual(['The dingo said something 10.', 'The dingo said something 11.']);
    const next = json(await ctx.app.inject({ method: 'GET', url: '/v1/articles/links-bulk-article-1' }));
    expect(await total(`/v1/quotes?articleId=${next.id}`)).toBe(1);
    expect(await total('/v1/articles?tag=moved')).toBe(SIZE);
    expect(next.tags).toEqual(['moved']);
    expectDerivedRowsRight();
  });
});
