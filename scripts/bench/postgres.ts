import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { openPostgres } from '../../src/db/pg-client.js';
import { transferToPostgres } from '../../src/db/transfer.js';
import { type RawLoad, type Request, runLoad } from './load.js';

// `npm run bench -- --db postgres`: the seeded SQLite database is copied (npm run transfer's code) into a fresh
// PostgreSQL database, and the same workloads run against our server on it, beside SQLite and the reference.

/** The server the benchmark's databases are made on (trust authentication, like the tests'). */
const ADMIN_URL = process.env.PG_BENCH_URL ?? process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export type BenchPostgres = { url: string; seconds: number; drop(): Promise<void> };

/** A fresh database holding what the SQLite database under `dataDir` holds, ids, ETags and cursors alike. */
export async function copyToPostgres(dataDir: string): Promise<BenchPostgres> {
  const name = `ncms_bench_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const drop = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const started = performance.now();
  try {
    const source = openDatabase({ dataDir });
    const target = await openPostgres(url.toString(), { max: 2 });
    try {
      await transferToPostgres(source, target);
      // Planner statistics for the copied rows, as autovacuum would gather them shortly after a real transfer.
      await target.pool.query('ANALYZE');
    } finally {
      await target.close();
      closeDatabase(source);
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: url.toString(), seconds: (performance.now() - started) / 1000, drop };
}

/**
 * One load spread over several instances of the server (as a load balancer would), the connections shared among
 * them: pooled into one run (answers and latencies together; seconds: the longest instance's).
 */
export async function runSpreadLoad(
  urls: string[],
  next: () => Request,
  options: { connections: number; seconds: number },
): Promise<RawLoad> {
  const each = Math.max(1, Math.round(options.connections / urls.length));
  const runs = await Promise.all(
    urls.map((url) => runLoad(url, next, { connections: each, seconds: options.seconds })),
  );
  const statuses: Record<string, number> = {};
  for (const run of runs) {
    for (const [code, count] of Object.entries(run.statuses)) statuses[code] = (statuses[code] ?? 0) + count;
  }
  return {
    seconds: Math.max(...runs.map((run) => run.seconds)),
    latencies: runs.flatMap((run) => run.latencies),
    statuses,
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    bytes: runs.reduce((sum, run) => sum + run.bytes, 0),
  };
}
