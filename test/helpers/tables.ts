// A test's look at what the database stores underneath the API (a hash instead of a token, rows gone with their
// article), on whichever engine the app runs on (test/helpers/app.ts TEST_ENGINE): SQLite through the data
// directory's file, PostgreSQL through DATABASE_URL. Read-only; for asserting what the API cannot show.
import pg from 'pg';
import { openDatabase } from '../../src/db/client.js';
import type { TestContext } from './app.js';

/** Every row of `table` (snake_case columns, as stored), on a connection of its own, closed after. */
export async function tableRows(
  ctx: Pick<TestContext, 'config' | 'dataDir'>,
  table: 'preview_links' | 'article_revisions',
): Promise<Array<Record<string, unknown>>> {
  if (ctx.config.databaseUrl) {
    const client = new pg.Client({ connectionString: ctx.config.databaseUrl });
    await client.connect();
    try {
      return (await client.query(`SELECT * FROM ${table}`)).rows as Array<Record<string, unknown>>;
    } finally {
      await client.end();
    }
  }
  const db = openDatabase({ dataDir: ctx.dataDir });
  try {
    return db.$client.prepare(`SELECT * FROM ${table}`).all() as Array<Record<string, unknown>>;
  } finally {
    db.$client.close();
  }
}
