// A write (or read) by another process on the app's database, as a CLI or a script would make one: SQLite through
// a connection of its own to the data directory's file, PostgreSQL through a client of its own on DATABASE_URL.
// For tests that show a cache cannot hide what someone else wrote. The SQL is written once, with `?` placeholders
// (numbered $1, $2… for PostgreSQL), in what both engines accept.
import pg from 'pg';
import { openDatabase } from '../../src/db/client.js';
import type { TestContext } from './app.js';

/** The channel PostgreSQL's change feed listens on (src/db/pg-change-feed.ts). */
const CHANGE_CHANNEL = 'cms_changes';

/**
 * Runs the statements, in order, on a connection of its own, and answers the last one's rows. On PostgreSQL it
 * returns once the server has sent the writes' change notifications (and the app has had a moment to take
 * them): the app hears another process's write by LISTEN/NOTIFY, a moment after its commit, as in production.
 */
export async function elsewhere(
  ctx: Pick<TestContext, 'config' | 'dataDir'>,
  statements: Array<[sql: string, params?: unknown[]]>,
): Promise<Array<Record<string, unknown>>> {
  if (!ctx.config.databaseUrl) {
    const db = openDatabase({ dataDir: ctx.dataDir, migrate: false });
    try {
      let rows: Array<Record<string, unknown>> = [];
      for (const [text, params = []] of statements) {
        const statement = db.$client.prepare(text);
        if (statement.reader) {
          rows = statement.all(...params) as Array<Record<string, unknown>>;
        } else {
          statement.run(...params);
          rows = [];
        }
      }
      return rows;
    } finally {
      db.$client.close();
    }
  }
  const client = new pg.Client({ connectionString: ctx.config.databaseUrl });
  await client.connect();
  try {
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    let notified = 0;
    client.on('notification', () => {
      notified += 1;
    });
    let rows: Array<Record<string, unknown>> = [];
    let wrote = false;
    for (const [text, params = []] of statements) {
      let n = 0;
      const numbered = text.replace(/\?/g, () => `$${++n}`);
      const result = await client.query(numbered, params);
      rows = result.rows as Array<Record<string, unknown>>;
      if (result.command !== 'SELECT') wrote = true;
    }
    if (wrote) {
      // Until the notification of the write reaches this connection too (at most 2 s), then a moment more for the
      // app's own listening connection.
      const deadline = Date.now() + 2_000;
      while (notified === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    return rows;
  } finally {
    await client.end();
  }
}
