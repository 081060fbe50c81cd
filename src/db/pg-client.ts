import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { redactDatabaseUrl, withoutPassword } from './database-url.js';
import { decodeNul } from './pg-text.js';
import * as schema from './schema.pg.js';

// Every text value read, by drizzle or by a raw query, as it was written: NUL is stored escaped (pg-text.ts).
// drizzle's own parsers fall back to pg's global ones, so this is where every read passes.
pg.types.setTypeParser(pg.types.builtins.TEXT, decodeNul);

/**
 * An open PostgreSQL database (DATABASE_URL): `pool` the pg connection pool, `orm` drizzle over it (the query
 * builder the PostgreSQL stores use, with schema.pg.ts), `close()` ends every connection.
 */
export type PgDb = {
  pool: pg.Pool;
  orm: NodePgDatabase<typeof schema>;
  /** The URL it was opened with (the change feed opens its listening connection on it). */
  url: string;
  /** Counts this process's committed writes (pg-tx.ts pgWrite): what the change feed sees of its own writes. */
  writes: { generation: number };
  close(): Promise<void>;
};

/** What stops the server at start: names DATABASE_URL, shows the URL without its password. */
export class DatabaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUrlError';
  }
}

/** The PostgreSQL migrations folder, found by walking up from this file (src/ under tsx, dist/src/ compiled). */
export function pgMigrationsFolder(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'migrations-pg');
    if (fs.existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('migrations-pg folder not found');
    dir = parent;
  }
}

// Any constant shared by every instance of this program: pg_advisory_lock's key for "migrating".
const MIGRATION_LOCK = 7_291_604_118;

/**
 * Applies pending migrations (drizzle's migrator: all pending ones in one transaction, recorded in
 * drizzle.__drizzle_migrations), under an advisory lock: instances started together migrate one after the other,
 * and the later ones find nothing left to do instead of failing on tables the first has just made.
 */
export async function applyPgMigrations(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder: pgMigrationsFolder() });
    } finally {
      // A session lock: should the unlock fail (the connection lost), ending the session releases it, and the
      // migration's own error is the one to report.
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    }
  } finally {
    client.release();
  }
}

/** How many migrations the database records as applied (0 for a database never migrated). */
export async function appliedPgMigrations(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ present: boolean }>(
    "SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present",
  );
  if (!rows[0]?.present) return 0;
  const counted = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
  return counted.rows[0]?.n ?? 0;
}

export type PgOpenOptions = {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** Most connections the pool opens (pg's default: 10). */
  max?: number;
  /**
   * Called when an idle connection fails (the server restarted, the network dropped it): the pool has already
   * discarded it and opens a new one when next needed. Without a listener pg's pool would crash the process.
   */
  onIdleError?: (error: Error) => void;
};

function reason(error: unknown, url: string): string {
  // DrizzleQueryError's own message is the query and its parameters; the driver's error (its cause) says why.
  const cause = (error as { cause?: unknown }).cause;
  const message = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return withoutPassword(message, url);
}

/**
 * Opens a pool on `url`, checks that the database answers, and applies pending migrations. Fails with a
 * DatabaseUrlError naming DATABASE_URL (its password hidden) when the database cannot be reached or migrated.
 */
export async function openPostgres(url: string, options: PgOpenOptions = {}): Promise<PgDb> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: 'newsroom-cms',
    // An unreachable host otherwise waits for the OS's TCP timeout (minutes) before the server can say so.
    connectionTimeoutMillis: 10_000,
  });
  const onIdleError = options.onIdleError ?? (() => {});
  pool.on('error', onIdleError);
  let closed = false;
  // Idempotent: pg's pool.end() throws when called twice (a shutdown hook and a failed start may both close).
  const close = async () => {
    if (closed) return;
    closed = true;
    await pool.end();
  };
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await close();
    throw new DatabaseUrlError(
      `DATABASE_URL: cannot connect to the PostgreSQL database at ${redactDatabaseUrl(url)}: ${reason(error, url)}`,
    );
  }
  if (options.migrate ?? true) {
    try {
      await applyPgMigrations(pool);
    } catch (error) {
      await close();
      throw new DatabaseUrlError(
        `DATABASE_URL: migrating the PostgreSQL database at ${redactDatabaseUrl(url)} failed, nothing was changed: ${reason(error, url)}`,
      );
    }
  }
  return { pool, orm: drizzle({ client: pool, schema }), url, writes: { generation: 0 }, close };
}
