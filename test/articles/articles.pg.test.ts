// Contract: on PostgreSQL, where writes run side by side on several connections, an article write that races
// another gives the answer it would give one after the other, never a 500: of two creates of one slug one wins and
// the other is the 409 SLUG_TAKEN the check gives; of two creates whose slug is made from one headline both win,
// with different slugs; of two updates under one If-Match exactly one wins and the other is a 412. Each race is
// forced: a transaction of the test's own holds the slug or the row until both writes are waiting on it.
import type pg from 'pg';
import { expect, it } from 'vitest';
import { createPgArticlesStore } from '../../src/articles/articles.pg.js';
import { createPgPreviewLinksStore } from '../../src/articles/preview-links.pg.js';
import { createPgRevisionsStore } from '../../src/articles/revisions.pg.js';
import { createPgChangeFeed } from '../../src/db/pg-change-feed.js';
import { pgWrite } from '../../src/db/pg-tx.js';
import { HttpProblem } from '../../src/http/problems.js';
import { describePg, usePgDatabase } from '../helpers/pg.js';

async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

function problemOf(error: unknown): { status: number; code: string; detail: string } {
  expect(error).toBeInstanceOf(HttpProblem);
  const problem = error as HttpProblem;
  return { status: problem.status, code: problem.code, detail: problem.detail };
}

describePg('PostgreSQL articles store: concurrent writes', () => {
  const pgDb = usePgDatabase({ perTest: true });
  const store = () => createPgArticlesStore(pgDb.db, { changes: createPgChangeFeed(pgDb.db), cacheTotals: false });

  /** Until `count` other sessions of this database wait on a lock (the writes under test are blocked). */
  async function waitForWaiters(count: number): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const { rows } = await pgDb.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if ((rows[0]?.n ?? 0) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`fewer than ${count} sessions came to wait on a lock`);
  }

  /** A transaction of the test's own on a connection of its own, rolled back or committed by `run`. */
  async function holding(run: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    const client = await pgDb.db.pool.connect();
    try {
      await client.query('BEGIN');
      await run(client);
    } finally {
      await client.query('ROLLBACK').catch(() => {});
      client.release();
    }
  }

  it('two creates of one slug: one is made, the other is the 409 SLUG_TAKEN, never a 500', async () => {
    const articles = store();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => settle(articles.create({ headline: 'Same', slug: 'one-slug' }))),
    );
    expect(results.filter((r) => r.value).length).toBe(1);
    for (const { error } of results.filter((r) => r.error)) {
      expect(problemOf(error)).toEqual({
        status: 409,
        code: 'SLUG_TAKEN',
        detail: 'The slug "one-slug" is already used by another article.',
      });
    }
  });

  it('a create that finds its slug free but loses it to a write committed meanwhile is the same 409', async () => {
    const articles = store();
    let result: { value?: unknown; error?: unknown } = {};
    await holding(async (client) => {
      await client.query(
        `INSERT INTO articles (id, slug, headline, created_at, updated_at) VALUES ('other', 'raced', 'Other', 1, 1)`,
      );
      const create = settle(articles.create({ headline: 'Mine', slug: 'raced' }));
      await waitForWaiters(1);
      await client.query('COMMIT');
      result = await create;
    });
    expect(problemOf(result.error)).toEqual({
      status: 409,
      code: 'SLUG_TAKEN',
      detail: 'The slug "raced" is already used by another article.',
    });
    expect((await articles.get('raced')).id).toBe('other');
  });

  it('two creates of one headline without a slug: both are made, with the next free slug', async () => {
    const articles = store();
    let results: Array<{ value?: { row: { slug: string } }; error?: unknown }> = [];
    await holding(async (client) => {
      await client.query(
        `INSERT INTO articles (id, slug, headline, created_at, updated_at) VALUES ('other', 'big-news', 'Big news', 1, 1)`,
      );
      const creates = [
        settle(articles.create({ headline: 'Big news' })),
        settle(articles.create({ headline: 'Big news' })),
      ];
      await waitForWaiters(2);
      await client.query('COMMIT');
      results = await Promise.all(creates);
    });
    expect(results.map((r) => r.error)).toEqual([undefined, undefined]);
    expect(results.map((r) => r.value!.row.slug).sort()).toEqual(['big-news-2', 'big-news-3']);
    // Each is whole: its first revision was written in the same transaction.
    const revisions = createPgRevisionsStore(pgDb.db);
    for (const { value } of results) {
      const row = value!.row as { id: string; slug: string };
      expect(JSON.parse((await revisions.get(row.id, 1)).snapshot).slug).toBe(row.slug);
    }
  });

  it('two updates under one If-Match: exactly one is written, the other is a 412', async () => {
    const articles = store();
    const { row } = await articles.create({ headline: 'Before', slug: 'contested' });
    const etag = await articles.etagOf(row);
    let results: Array<{ value?: { row: { headline: string } }; error?: unknown }> = [];
    await holding(async (client) => {
      await client.query(`SELECT 1 FROM articles WHERE id = $1 FOR UPDATE`, [row.id]);
      const updates = ['First', 'Second'].map((headline) =>
        settle(articles.update(row.id, { headline }, { ifMatch: etag })),
      );
      await waitForWaiters(2);
      await client.query('COMMIT');
      results = await Promise.all(updates);
    });
    const won = results.filter((r) => r.value);
    expect(won.length).toBe(1);
    expect(problemOf(results.find((r) => r.error)!.error).status).toBe(412);
    const stored = await articles.get(row.id);
    expect(stored.headline).toBe(won[0]!.value!.row.headline);
    expect(stored.version).toBe(2);
    expect((await createPgRevisionsStore(pgDb.db).list(row.id, { limit: 10 })).total).toBe(2);
  });

  it('an update equal to the article writes nothing; a clock that steps back never moves updatedAt back', async () => {
    const articles = store();
    const { row } = await articles.create({ headline: 'Same', tags: ['a'] }, { now: 10_000 });
    const same = await articles.update(row.id, { headline: 'Same', tags: ['a'] }, { now: 20_000 });
    expect(same.row).toEqual(row);
    const later = await articles.update(row.id, { headline: 'Changed' }, { now: 5_000 });
    expect(later.row.version).toBe(2);
    expect(later.row.updatedAt).toBe(10_001);
    expect((await createPgRevisionsStore(pgDb.db).list(row.id, { limit: 10 })).total).toBe(2);
  });

  it('a delete takes the article’s revisions and preview links with it', async () => {
    const articles = store();
    const links = createPgPreviewLinksStore(pgDb.db);
    const { row } = await articles.create({ headline: 'Gone soon' });
    const { token } = await links.create(row.id, 60);
    expect(await links.find(token)).toMatchObject({ found: true, articleId: row.id });
    await articles.delete(row.id);
    expect(await links.find(token)).toEqual({ found: false });
    const { rows } = await pgDb.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM article_revisions WHERE article_id = $1',
      [row.id],
    );
    expect(rows[0]!.n).toBe(0);
  });
});

describePg('PostgreSQL articles store: the import’s bulk writes', () => {
  const pgDb = usePgDatabase({ perTest: true });
  const store = () => createPgArticlesStore(pgDb.db, { changes: createPgChangeFeed(pgDb.db), cacheTotals: false });
  const tagRows = async () =>
    (await pgDb.db.pool.query<{ article_id: string; tag: string }>('SELECT article_id, tag FROM article_tags')).rows;

  it('insertMany writes every article as create does, past a chunk of rows; findManyBySlugs finds them', async () => {
    const articles = store();
    const inputs = Array.from({ length: 1_001 }, (_, i) => ({
      slug: `bulk-${i}`,
      headline: `Bulk ${i}`,
      tags: [`t${i % 3}`],
      status: 'published' as const,
      corrections: [{ id: 'c1', type: 'correction' as const, text: 'Fixed', createdAt: 5 }],
    }));
    await pgWrite(pgDb.db, (tx) => articles.insertMany(tx, inputs, 1_000, { author: 'importer' }));
    const found = await articles.findManyBySlugs(pgDb.db.orm, ['bulk-0', 'bulk-1000', 'missing']);
    expect([...found.keys()].sort()).toEqual(['bulk-0', 'bulk-1000']);
    const last = found.get('bulk-1000')!;
    expect(last).toMatchObject({ headline: 'Bulk 1000', status: 'published', publishedAt: 1_000, version: 1 });
    expect(JSON.parse(last.corrections)).toHaveLength(1);
    expect((await tagRows()).length).toBe(1_001);
    const revision = await createPgRevisionsStore(pgDb.db).get(last.id, 1);
    expect(revision).toMatchObject({ author: 'importer', createdAt: 1_000 });
  });

  it('insertMany of a taken slug is the 409 SLUG_TAKEN naming it, and writes nothing', async () => {
    const articles = store();
    await articles.create({ headline: 'First', slug: 'taken' });
    const inputs = [
      { slug: 'free', headline: 'Free' },
      { slug: 'taken', headline: 'Again' },
    ];
    const { error } = await settle(pgWrite(pgDb.db, (tx) => articles.insertMany(tx, inputs, 1_000)));
    expect(problemOf(error)).toMatchObject({
      status: 409,
      code: 'SLUG_TAKEN',
      detail: expect.stringContaining('"taken"'),
    });
    expect(await articles.find('free')).toBeUndefined();
  });

  it('replaceMany gives a changed article one revision and its new tags, an unchanged one none', async () => {
    const articles = store();
    const inputs = [
      { slug: 'kept', headline: 'Kept', tags: ['a'] },
      { slug: 'changed', headline: 'Changed', tags: ['a'] },
    ];
    await pgWrite(pgDb.db, (tx) => articles.insertMany(tx, inputs, 1_000));
    const current = await articles.findManyBySlugs(pgDb.db.orm, ['kept', 'changed']);
    await pgWrite(pgDb.db, (tx) =>
      articles.replaceMany(
        tx,
        [
          { current: current.get('kept')!, input: inputs[0]! },
          { current: current.get('changed')!, input: { slug: 'changed', headline: 'Changed again', tags: ['b'] } },
        ],
        2_000,
      ),
    );
    const after = await articles.findManyBySlugs(pgDb.db.orm, ['kept', 'changed']);
    expect(after.get('kept')).toEqual(current.get('kept'));
    expect(after.get('changed')).toMatchObject({ headline: 'Changed again', version: 2, updatedAt: 2_000 });
    const revisions = createPgRevisionsStore(pgDb.db);
    expect((await revisions.list(after.get('kept')!.id, { limit: 5 })).total).toBe(1);
    expect((await revisions.list(after.get('changed')!.id, { limit: 5 })).total).toBe(2);
    const tags = (await tagRows()).filter((row) => row.article_id === after.get('changed')!.id);
    expect(tags.map((row) => row.tag)).toEqual(['b']);
  });
});
