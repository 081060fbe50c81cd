// Contract (Storage engines): on PostgreSQL the caches of every instance empty after any write by any instance
// (src/db/pg-change-feed.ts, the change_notify migration), within well under a second; a write is seen at once by
// the instance that made it; while the listening connection is lost every watch says "changed", and once it is back
// every watch says "changed" once more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgChangeFeed, type PgChangeFeed } from '../../src/db/pg-change-feed.js';
import { openPostgres, type PgDb } from '../../src/db/pg-client.js';
import { pgWrite } from '../../src/db/pg-tx.js';
import { describePg, usePgDatabase } from '../helpers/pg.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 5 ms until it is true; answers how long that took (ms), or fails past `within`. */
async function within(ms: number, check: () => boolean): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < ms) {
    if (check()) return performance.now() - started;
    await sleep(5);
  }
  throw new Error(`not within ${ms} ms`);
}

/** A write that touches no row but fires the statement-level trigger of `table`, through `db`'s pgWrite. */
const touch = (db: PgDb, table: string) =>
  pgWrite(db, async (tx) => {
    await tx.execute(`UPDATE ${table} SET id = id WHERE false`);
  });

describePg('the PostgreSQL change feed across instances', () => {
  const database = usePgDatabase();
  // Two instances on one database: each its own pool and its own feed.
  let a: PgDb;
  let b: PgDb;
  let feedA: PgChangeFeed;
  let feedB: PgChangeFeed;

  beforeAll(async () => {
    a = database.db;
    b = await openPostgres(database.url, { migrate: false, max: 2 });
    feedA = createPgChangeFeed(a, { retryMs: 20, heartbeatMs: 1_000 });
    feedB = createPgChangeFeed(b, { retryMs: 20, heartbeatMs: 1_000 });
    await Promise.all([feedA.start(), feedB.start()]);
  });
  afterAll(async () => {
    await feedA?.close();
    await feedB?.close();
    await b?.close();
  });

  it('sees its own write at once, and another instance sees it within a second', async () => {
    const own = feedA.watch();
    const other = feedB.watch();
    expect(own.changed()).toBe(true); // the first look
    expect(other.changed()).toBe(true);
    await sleep(50);
    expect(own.changed()).toBe(false);
    expect(other.changed()).toBe(false);

    await touch(a, 'articles');
    // Before any notification could be read: pgWrite moved the instance's own generation.
    expect(own.changed()).toBe(true);
    const took = await within(1_000, () => other.changed());
    expect(took).toBeLessThan(1_000);
    expect(other.changed()).toBe(false);
  });

  it('tells the render memo of every write by another instance, article writes too', async () => {
    // A script's UPDATE of an article may leave its version, which the memo keys on, where it was.
    const references = feedB.referencesWatch();
    references();
    await sleep(50);
    expect(references()).toBe(false);
    for (const table of ['articles', 'quotes', 'images', 'tokens']) {
      await touch(a, table);
      await within(1_000, () => references());
    }
    // And of this instance's own writes at once.
    await touch(b, 'tokens');
    expect(references()).toBe(true);
  });

  it('hears a statement made outside the stores, and nothing of a transaction rolled back', async () => {
    const any = feedB.watch();
    any.changed();
    await sleep(100); // the previous test's last notification
    any.changed();
    const client = await a.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('UPDATE images SET id = id WHERE false');
      await client.query('ROLLBACK');
      await sleep(200);
      expect(any.changed()).toBe(false);
      await client.query('UPDATE webhooks SET id = id WHERE false');
    } finally {
      client.release();
    }
    await within(1_000, () => any.changed());
  });

  it('says "changed" while its connection is lost, and listens again', async () => {
    const watchA = feedA.watch();
    const watchB = feedB.watch();
    const references = feedB.referencesWatch();
    watchA.changed();
    watchB.changed();
    references();
    const { rows } = await a.pool.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'newsroom-cms change feed'`,
    );
    expect(rows[0]?.n).toBe(2);
    // Lost: every call says "changed" (two in a row, with no write between them).
    await within(1_000, () => watchB.changed() && watchB.changed() && references());
    // Back (within its backoff): it says "changed" once more on coming back, then nothing until a write.
    await within(2_000, () => !watchB.changed());
    await within(2_000, () => !watchA.changed());
    await touch(a, 'quotes');
    await within(1_000, () => watchB.changed());
    await within(1_000, () => references());
  });

  describe('once closed', () => {
    it('says "changed" on every call', async () => {
      const feed = createPgChangeFeed(b);
      await feed.start();
      const watch = feed.watch();
      watch.changed();
      await sleep(20);
      expect(watch.changed()).toBe(false);
      await feed.close();
      expect(watch.changed()).toBe(true);
      expect(watch.changed()).toBe(true);
    });
  });
});
