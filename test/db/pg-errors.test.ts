// Contract: no database error reaches a client as a 500, on PostgreSQL as on SQLite (test/db/errors.test.ts): a
// write that loses a race to a unique field is the 409 naming it, a foreign key violation a 409, and a write that
// PostgreSQL gave up on (serialization failure, deadlock, lock not available, server shutting down) a 503 with
// Retry-After. Every error here is a real one, provoked on PostgreSQL.
import { DrizzleQueryError } from 'drizzle-orm';
import pg from 'pg';
import { expect, it } from 'vitest';
import { databaseProblem } from '../../src/db/errors.js';
import { articles, images, tokens } from '../../src/db/schema.pg.js';
import { describePg, usePgDatabase } from '../helpers/pg.js';

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to fail');
}

describePg('databaseProblem: real PostgreSQL errors', () => {
  const pgDb = usePgDatabase({ perTest: true });
  const query = (text: string) => pgDb.db.pool.query(text);
  const article = (id: string, slug: string) => ({ id, slug, headline: 'H', createdAt: 0, updatedAt: 0 });

  /** Two connections of their own, released after `run` (rolled back first if left in a transaction). */
  async function withTwo(run: (a: pg.PoolClient, b: pg.PoolClient) => Promise<void>): Promise<void> {
    const a = await pgDb.db.pool.connect();
    const b = await pgDb.db.pool.connect();
    try {
      await run(a, b);
    } finally {
      await a.query('ROLLBACK');
      await b.query('ROLLBACK');
      a.release();
      b.release();
    }
  }

  it('a unique slug violation (through drizzle) is a 409 SLUG_TAKEN naming slug', async () => {
    await pgDb.db.orm.insert(articles).values(article('A1', 'same-slug'));
    const error = await caught(() => pgDb.db.orm.insert(articles).values(article('A2', 'same-slug')));
    expect(error).toBeInstanceOf(DrizzleQueryError);
    expect(databaseProblem(error)).toMatchObject({
      status: 409,
      code: 'SLUG_TAKEN',
      extras: { errors: [{ path: 'slug' }] },
    });
  });

  it('a taken id, image key or active token name is the 409 naming that field', async () => {
    await pgDb.db.orm.insert(articles).values(article('A1', 'first-slug'));
    const id = await caught(() => pgDb.db.orm.insert(articles).values(article('A1', 'other-slug')));
    expect(databaseProblem(id)).toMatchObject({ status: 409, extras: { errors: [{ path: 'id' }] } });

    const image = { altText: 'A', key: 'bundle-key', createdAt: 0, updatedAt: 0 };
    await pgDb.db.orm.insert(images).values({ ...image, id: 'I1' });
    const key = await caught(() => pgDb.db.orm.insert(images).values({ ...image, id: 'I2' }));
    expect(databaseProblem(key)).toMatchObject({ status: 409, extras: { errors: [{ path: 'key' }] } });

    const token = { name: 'desk', createdAt: 0 };
    await pgDb.db.orm.insert(tokens).values({ ...token, id: 'T1', hash: 'h1' });
    const name = await caught(() => pgDb.db.orm.insert(tokens).values({ ...token, id: 'T2', hash: 'h2' }));
    expect(databaseProblem(name)).toMatchObject({ status: 409, extras: { errors: [{ path: 'name' }] } });
  });

  it('a unique rule no field stands for is a plain 409', async () => {
    await pgDb.db.orm.insert(articles).values(article('A1', 'first-slug'));
    const insert =
      "INSERT INTO article_revisions (article_id, revision, created_at, author, changed, snapshot) VALUES ('A1', 1, 0, 'cli', '[]', '{}')";
    await query(insert);
    expect(databaseProblem(await caught(() => query(insert)))).toMatchObject({ status: 409, code: 'CONFLICT' });
  });

  it('a foreign key violation is a 409, whichever side of it the write is on', async () => {
    await pgDb.db.orm.insert(articles).values(article('A1', 'first-slug'));
    await pgDb.db.orm.insert(images).values({ id: 'I1', altText: 'A', createdAt: 0, updatedAt: 0 });
    const missing = await caught(() =>
      query("INSERT INTO article_images (article_id, image_id) VALUES ('A1', 'NO-SUCH-IMAGE')"),
    );
    expect(databaseProblem(missing)).toMatchObject({ status: 409, code: 'CONFLICT' });
    await query("INSERT INTO article_images (article_id, image_id) VALUES ('A1', 'I1')");
    const inUse = await caught(() => query("DELETE FROM images WHERE id = 'I1'"));
    expect(databaseProblem(inUse)).toMatchObject({ status: 409, code: 'CONFLICT' });
  });

  it('a serialization failure is a 503 with Retry-After', async () => {
    await query("INSERT INTO webhook_state (name, value) VALUES ('a', 0), ('b', 0)");
    await withTwo(async (a, b) => {
      await a.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await a.query("SELECT value FROM webhook_state WHERE name = 'a'");
      await b.query("UPDATE webhook_state SET value = 1 WHERE name = 'a'");
      const error = await caught(() => a.query("UPDATE webhook_state SET value = 2 WHERE name = 'a'"));
      expect((error as { code?: string }).code).toBe('40001');
      expect(databaseProblem(error)).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    });
  });

  it('a deadlock is a 503 with Retry-After', async () => {
    await query("INSERT INTO webhook_state (name, value) VALUES ('a', 0), ('b', 0)");
    await withTwo(async (a, b) => {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query("UPDATE webhook_state SET value = 3 WHERE name = 'a'");
      await b.query("UPDATE webhook_state SET value = 3 WHERE name = 'b'");
      const results = await Promise.allSettled([
        a.query("UPDATE webhook_state SET value = 4 WHERE name = 'b'"),
        b.query("UPDATE webhook_state SET value = 4 WHERE name = 'a'"),
      ]);
      const failed = results.filter((result) => result.status === 'rejected');
      expect(failed).toHaveLength(1);
      const error = (failed[0] as PromiseRejectedResult).reason;
      expect((error as { code?: string }).code).toBe('40P01');
      expect(databaseProblem(error)).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    });
  });

  it('a lock that is not available is a 503 with Retry-After', async () => {
    // The row is this test's own: a lock is only taken on a row that exists, whatever ran before.
    await query("INSERT INTO webhook_state (name, value) VALUES ('lock-test', 0) ON CONFLICT DO NOTHING");
    await withTwo(async (a, b) => {
      await a.query('BEGIN');
      await a.query("SELECT value FROM webhook_state WHERE name = 'lock-test' FOR UPDATE");
      const error = await caught(() =>
        b.query("SELECT value FROM webhook_state WHERE name = 'lock-test' FOR UPDATE NOWAIT"),
      );
      expect((error as { code?: string }).code).toBe('55P03');
      expect(databaseProblem(error)).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    });
  });

  it('a connection ended by the server (administrator command) is a 503 with Retry-After', async () => {
    const victim = new pg.Client({ connectionString: pgDb.url });
    victim.on('error', () => {});
    await victim.connect();
    const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const sleeping = caught(() => victim.query('SELECT pg_sleep(30)'));
    await query(`SELECT pg_terminate_backend(${Number(rows[0]!.pid)})`);
    const error = await sleeping;
    await victim.end().catch(() => {});
    expect((error as { code?: string }).code).toBe('57P01');
    expect(databaseProblem(error)).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
  });

  it('leaves errors that are not the database’s, or are bugs, alone', async () => {
    expect(databaseProblem(new Error('boom'))).toBeNull();
    expect(databaseProblem({ code: 'EPIPE' })).toBeNull();
    expect(databaseProblem(await caught(() => query('SELECT no_such_column FROM articles')))).toBeNull();
  });
});
