import type Database from 'better-sqlite3';
import pg from 'pg';
import { expect } from 'vitest';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import type { TestContext } from '../helpers/app.js';

// Shared by the reliability tests: what "the stored data" is (a snapshot to compare before and after), and what
// every error answer must look like.

/** The tables that hold content and tokens (FTS shadow tables follow from these through triggers). */
export const CONTENT_TABLES = [
  'articles',
  'article_tags',
  'article_images',
  'article_quotes',
  'images',
  'quotes',
  'tokens',
];

/** Every row of every content table, in a stable order: equal snapshots mean nothing was written. */
export function snapshot(sqlite: Database.Database): string {
  const parts: string[] = [];
  for (const table of CONTENT_TABLES) {
    const rows = sqlite.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
    parts.push(`${table}:${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}

/** The stored rows of an app's database, on either engine (a connection of its own, read-only). */
export type StoredRows = {
  /** As `snapshot`: equal snapshots mean nothing was written. */
  snapshot(): Promise<string>;
  /** Every row of one content table, as stored (snake_case columns). */
  rows(table: (typeof CONTENT_TABLES)[number]): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
};

/**
 * Opens the app's database beside it: SQLite through its data directory, PostgreSQL through DATABASE_URL (which has
 * no rowid: each table's rows are put in a stable order by their text instead).
 */
export async function openStoredRows(ctx: Pick<TestContext, 'config' | 'dataDir'>): Promise<StoredRows> {
  if (ctx.config.databaseUrl) {
    const client = new pg.Client({ connectionString: ctx.config.databaseUrl });
    await client.connect();
    const rows = async (table: string) =>
      (await client.query(`SELECT * FROM ${table}`)).rows as Array<Record<string, unknown>>;
    return {
      rows,
      async snapshot() {
        const parts: string[] = [];
        for (const table of CONTENT_TABLES) {
          const lines = (await rows(table)).map((row) => JSON.stringify(row)).sort();
          parts.push(`${table}:${lines.join(',')}`);
        }
        return parts.join('\n');
      },
      close: () => client.end(),
    };
  }
  const db = openDatabase({ dataDir: ctx.dataDir, migrate: false });
  return {
    rows: async (table) =>
      db.$client.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Array<Record<string, unknown>>,
    snapshot: async () => snapshot(db.$client),
    close: async () => closeDatabase(db),
  };
}

type Answer = { statusCode: number; headers: Record<string, unknown>; payload: string };

/** An error answer is an RFC 9457 problem: problem+json, `status` equal to the HTTP status, a `detail`. */
export function expectProblemShape(res: Answer): { status: number; code: string; detail: string } {
  expect(res.headers['content-type'], res.payload.slice(0, 300)).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.payload) as { status: number; code: string; detail: string; title: string };
  expect(body.status).toBe(res.statusCode);
  expect(typeof body.detail).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(res.payload).not.toMatch(/\n\s+at [^\n]+:\d+:\d+/); // no stack trace
  expect(res.payload).not.toMatch(/SQLITE_|sqlite3?|SELECT |INSERT INTO/i); // no SQL
  return body;
}

/** A syntactically valid token that was never issued. */
export const UNKNOWN_TOKEN = `ncms_${'A'.repeat(43)}`;
