// PostgreSQL for tests: every test file that uses it gets a database of its own (cms_test_<random>), made fresh,
// migrated, and dropped after its last test, on the server every development machine and CI run has
// (127.0.0.1:5432, user postgres, trust; PG_TEST_URL overrides). Without a server a user's run skips these tests
// and says how to run them; with CI set a missing server fails the run instead: CI never skips them.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { pgUnreachable } from '../../scripts/lib/pg-reachable.js';
import { redactDatabaseUrl } from '../../src/db/database-url.js';
import { openPostgres, type PgDb } from '../../src/db/pg-client.js';

/** The server's maintenance database: where the test databases are created from and dropped. */
export const PG_ADMIN_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const unreachable = await pgUnreachable(PG_ADMIN_URL);
if (unreachable !== null) {
  const message =
    `PostgreSQL is not reachable at ${redactDatabaseUrl(PG_ADMIN_URL)} (${unreachable}). ` +
    'Start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start), or point PG_TEST_URL at a ' +
    'server where the user may create databases, and run the tests again.';
  if (process.env.CI) throw new Error(`${message} CI never skips the PostgreSQL tests.`);
  console.warn(`PostgreSQL tests skipped: ${message}`);
}

/** Whether this run has a PostgreSQL server to test against. */
export const pgAvailable = unreachable === null;

/** `describe` when PostgreSQL answers, `describe.skip` (with the warning above) when it does not. */
export const describePg = describe.skipIf(!pgAvailable);

/** The URL of database `name` on the test server. */
export function pgUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database and answers its name. `icuLocale` gives it that ICU collation as its default (to show
 * that what the schema compares does not depend on it) instead of the server's.
 */
export async function createTestDatabase(options: { icuLocale?: string } = {}): Promise<string> {
  const name = `cms_test_${randomBytes(6).toString('hex')}`;
  const locale = options.icuLocale
    ? ` TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '${options.icuLocale.replace(/[^A-Za-z0-9_-]/g, '')}'`
    : '';
  await admin((client) => client.query(`CREATE DATABASE ${name}${locale}`));
  return name;
}

/** Drops the database, ending any connection still open on it. */
export async function dropTestDatabase(name: string): Promise<void> {
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

export type PgTestDatabase = {
  /** The database's URL (what DATABASE_URL would be). */
  readonly url: string;
  /** The database, opened (and migrated, unless `migrate: false`) by openPostgres. */
  readonly db: PgDb;
};

/**
 * A fresh database for the enclosing describe block (call it inside describePg): created and opened before its
 * tests, closed and dropped after them. `perTest`: a fresh one for every test, for tests that write what another
 * would trip on (so that they pass in any order, `vitest --sequence.shuffle`).
 */
export function usePgDatabase(
  options: { migrate?: boolean; icuLocale?: string; perTest?: boolean } = {},
): PgTestDatabase {
  let name: string | undefined;
  let db: PgDb | undefined;
  (options.perTest ? beforeEach : beforeAll)(async () => {
    name = await createTestDatabase({ icuLocale: options.icuLocale });
    db = await openPostgres(pgUrl(name), { migrate: options.migrate ?? true, max: 4 });
  });
  (options.perTest ? afterEach : afterAll)(async () => {
    await db?.close();
    if (name) await dropTestDatabase(name);
    db = undefined;
    name = undefined;
  });
  return {
    get url() {
      if (!name) throw new Error('usePgDatabase: the database is made in beforeAll');
      return pgUrl(name);
    },
    get db() {
      if (!db) throw new Error('usePgDatabase: the database is opened in beforeAll');
      return db;
    },
  };
}
