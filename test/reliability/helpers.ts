import type Database from 'better-sqlite3';
import { expect } from 'vitest';

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
