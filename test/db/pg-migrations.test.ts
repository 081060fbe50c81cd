// Contract (Storage engines): with DATABASE_URL, migrations are applied at start and by `npm run migrate`, and a
// database that cannot be reached stops the server with a message naming DATABASE_URL, never printing its
// password. The counters and article_tags' copies are kept by the database, as SQLite's triggers keep them.
import fs from 'node:fs';
import path from 'node:path';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import {
  appliedPgMigrations,
  applyPgMigrations,
  DatabaseUrlError,
  openPostgres,
  pgMigrationsFolder,
} from '../../src/db/pg-client.js';
import * as schema from '../../src/db/schema.pg.js';
import { createTestDatabase, describePg, dropTestDatabase, pgUrl, usePgDatabase } from '../helpers/pg.js';
import { spawnTs } from '../server/child-server.js';

type Run = { code: number | null; stdout: string; stderr: string };

/** `npm run migrate` in a process of its own, with DATABASE_URL set. */
function migrateCli(databaseUrl: string): Promise<Run> {
  const child = spawnTs('scripts/migrate.ts', [], { DATABASE_URL: databaseUrl });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const journal = JSON.parse(fs.readFileSync(path.join(pgMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
  entries: unknown[];
};
const tables = Object.values(schema)
  .filter((value) => typeof value === 'object' && value !== null && Symbol.for('drizzle:IsDrizzleTable') in value)
  .map((table) => getTableConfig(table as Parameters<typeof getTableConfig>[0]));

async function failure(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('openPostgres on a database it cannot use', () => {
  it('names DATABASE_URL and hides the password when the server does not answer', async () => {
    const error = await failure(() => openPostgres('postgres://cms:hunter2@127.0.0.1:1/cms'));
    expect(error).toBeInstanceOf(DatabaseUrlError);
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).toContain('postgres://cms:***@127.0.0.1:1/cms');
    expect(error.message).not.toContain('hunter2');
  });
});

describePg('openPostgres on a database it cannot use (server up)', () => {
  it('names DATABASE_URL and hides the password when the database does not exist', async () => {
    const url = new URL(pgUrl('cms_test_no_such_database'));
    url.password = 'hunter2';
    url.searchParams.set('password', 'hunter2');
    const error = await failure(() => openPostgres(url.toString()));
    expect(error).toBeInstanceOf(DatabaseUrlError);
    expect(error.message).toMatch(/^DATABASE_URL: cannot connect/);
    expect(error.message).toContain('cms_test_no_such_database');
    expect(error.message).not.toContain('hunter2');
  });
});

describePg('PostgreSQL migrations', () => {
  const pg = usePgDatabase({ migrate: false, perTest: true });

  it('apply to an empty database, and again without change', async () => {
    const { pool } = pg.db;
    expect(await appliedPgMigrations(pool)).toBe(0);
    await applyPgMigrations(pool);
    expect(await appliedPgMigrations(pool)).toBe(journal.entries.length);
    await applyPgMigrations(pool);
    expect(await appliedPgMigrations(pool)).toBe(journal.entries.length);
  });

  it('make every table and column of schema.pg.ts', async () => {
    // Applied here too (a no-op when the test above ran first): the tests of a file may run in any order.
    await applyPgMigrations(pg.db.pool);
    const { rows } = await pg.db.pool.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'",
    );
    const made = new Set(rows.map((row) => `${row.table_name}.${row.column_name}`));
    const declared = tables.flatMap((table) => table.columns.map((column) => `${table.name}.${column.name}`));
    expect(declared.filter((column) => !made.has(column))).toEqual([]);
    expect([...made].filter((column) => !declared.includes(column))).toEqual([]);
  });
});

describePg('npm run migrate with DATABASE_URL', () => {
  const pg = usePgDatabase({ migrate: false });

  it('migrates the PostgreSQL database, then finds it up to date', async () => {
    const first = await migrateCli(pg.url);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`Applied ${journal.entries.length} migration(s)`);
    expect(await appliedPgMigrations(pg.db.pool)).toBe(journal.entries.length);
    const second = await migrateCli(pg.url);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toContain('up to date');
  }, 60_000);

  it('fails with status 1 naming DATABASE_URL, without its password, when the server does not answer', async () => {
    const run = await migrateCli('postgres://cms:hunter2@127.0.0.1:1/cms');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DATABASE_URL');
    expect(run.stderr + run.stdout).not.toContain('hunter2');
  }, 60_000);
});

describePg('instances started together on a new database', () => {
  it('migrate one after the other: all start, each migration applied once', async () => {
    const name = await createTestDatabase();
    const opened: Array<Awaited<ReturnType<typeof openPostgres>>> = [];
    try {
      opened.push(...(await Promise.all([1, 2, 3].map(() => openPostgres(pgUrl(name), { max: 2 })))));
      const { rows } = await opened[0]!.pool.query<{ n: number; distinct: number }>(
        'SELECT count(*)::int AS n, count(DISTINCT hash)::int AS distinct FROM drizzle.__drizzle_migrations',
      );
      expect(rows[0]).toEqual({ n: journal.entries.length, distinct: journal.entries.length });
    } finally {
      await Promise.all(opened.map((db) => db.close()));
      await dropTestDatabase(name);
    }
  });
});

describePg('what the database keeps by trigger', () => {
  const pg = usePgDatabase({ perTest: true });
  const q = (text: string, params: unknown[] = []) => pg.db.pool.query(text, params);

  const counts = async () =>
    (await q('SELECT status, total::int AS total FROM article_counts WHERE total <> 0 ORDER BY status')).rows;
  const actual = async () =>
    (await q('SELECT status, count(*)::int AS total FROM articles GROUP BY status ORDER BY status')).rows;

  it('article_counts follows inserts, status changes and deletes, one row or many at a time', async () => {
    await q(
      `INSERT INTO articles (id, slug, headline, status, created_at, updated_at)
       SELECT 'A' || i, 'a-' || i, 'H', CASE WHEN i % 3 = 0 THEN 'published' ELSE 'draft' END, 0, 0
       FROM generate_series(1, 30) AS i`,
    );
    expect(await counts()).toEqual(await actual());
    await q("UPDATE articles SET status = 'published', published_at = 1 WHERE id IN ('A1', 'A2')");
    await q("UPDATE articles SET headline = 'Only the headline' WHERE id = 'A4'");
    expect(await counts()).toEqual(await actual());
    await q("DELETE FROM articles WHERE id IN ('A3', 'A4', 'A5')");
    expect(await counts()).toEqual(await actual());
  });

  it('table_counts counts quotes and images', async () => {
    await q(
      `INSERT INTO quotes (id, text, speaker, speaker_key, created_at, updated_at)
       SELECT 'Q' || i, 'words', 'Someone', 'someone', 0, 0 FROM generate_series(1, 5) AS i`,
    );
    await q("INSERT INTO images (id, alt_text, created_at, updated_at) VALUES ('I1', 'A picture', 0, 0)");
    await q("DELETE FROM quotes WHERE id = 'Q1'");
    const { rows } = await q('SELECT table_name, total::int AS total FROM table_counts ORDER BY table_name');
    expect(rows).toEqual([
      { table_name: 'images', total: 1 },
      { table_name: 'quotes', total: 4 },
    ]);
  });

  it("article_tags takes its article's status and publishedAt, whatever the insert says, and follows them", async () => {
    // Articles of this test's own (the tests of a file may run in any order): T1 published with no time yet, T2 a
    // draft.
    await q(
      `INSERT INTO articles (id, slug, headline, status, created_at, updated_at)
       VALUES ('T1', 't-1', 'H', 'published', 0, 0), ('T2', 't-2', 'H', 'draft', 0, 0)`,
    );
    await q("INSERT INTO article_tags (article_id, tag, status, published_at) VALUES ('T1', 'war', 'draft', 99)");
    await q("INSERT INTO article_tags (article_id, tag) VALUES ('T2', 'war')");
    const tags = async () =>
      (
        await q(
          "SELECT article_id, status, published_at::float8 AS published_at FROM article_tags WHERE article_id IN ('T1', 'T2') ORDER BY 1",
        )
      ).rows;
    expect(await tags()).toEqual([
      { article_id: 'T1', status: 'published', published_at: null },
      { article_id: 'T2', status: 'draft', published_at: null },
    ]);
    await q("UPDATE articles SET status = 'published', published_at = 1234 WHERE id = 'T2'");
    await q("UPDATE articles SET published_at = 5678 WHERE id = 'T1'");
    expect(await tags()).toEqual([
      { article_id: 'T1', status: 'published', published_at: 5678 },
      { article_id: 'T2', status: 'published', published_at: 1234 },
    ]);
  });
});
