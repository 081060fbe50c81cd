import type { PgDb } from './pg-client.js';

/** A transaction on one pooled connection (drizzle node-postgres), what a PostgreSQL store's write runs in. */
export type PgTx = Parameters<Parameters<PgDb['orm']['transaction']>[0]>[0];

/** Either the pool (a read, one statement) or a transaction: what the PostgreSQL stores' helpers take. */
export type PgRunner = PgDb['orm'] | PgTx;

/**
 * The one way a PostgreSQL store writes: `work` runs in one transaction on one pooled connection (READ COMMITTED;
 * rows it will change are read `FOR UPDATE` first, so `If-Match` is a compare-and-set), and once it has committed
 * this instance's change feed hears of it at once (db.writes), before the caller answers: a write is read back
 * through the same instance's caches without waiting for its NOTIFY (pg-change-feed.ts). Driver errors propagate
 * to errors.ts.
 */
export async function pgWrite<T>(db: PgDb, work: (tx: PgTx) => Promise<T>): Promise<T> {
  try {
    return await db.orm.transaction(work);
  } finally {
    // Also after a failed write: a commit that failed in flight may still have landed, and a cache emptied for
    // nothing costs one render.
    db.writes.generation += 1;
  }
}
