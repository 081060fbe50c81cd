import pg from 'pg';
import type { PgDb } from '../db/pg-client.js';
import {
  type ExportArticleRow,
  type ExportImageRow,
  type ExportQuoteRow,
  type ExportReader,
  type ExportStatement,
  exportStatements,
} from './export.repository.js';
import type { ExportQuery } from './import.schemas.js';

// The export's snapshot on PostgreSQL: one pooled connection, in a REPEATABLE READ READ ONLY transaction (one
// snapshot from its first statement to its end, so a bundle never names an image a concurrent delete removed
// halfway through; writers are not blocked), read through cursors a few hundred rows at a time while the client
// downloads. The statements are SQLite's (export.repository.ts), with PostgreSQL's placeholders.

/** Rows fetched from a cursor at a time. */
const FETCH = 500;

const INT8_OID = 20;

/** bigint columns (times) as JS numbers, as drizzle's columns read them (all below 2^53); the rest as pg reads them. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export async function openPgExportReader(db: PgDb, query: ExportQuery): Promise<ExportReader> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  const statements = exportStatements(query, 'postgres');
  let cursors = 0;
  let failed: Error | undefined;

  async function* rows<Row>(statement: ExportStatement): AsyncGenerator<Row> {
    const cursor = `cms_export_${++cursors}`;
    try {
      await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${statement.sql}`, statement.params);
      for (;;) {
        const result = await client.query({ text: `FETCH ${FETCH} FROM ${cursor}`, types });
        yield* result.rows as Awaited<Row>[];
        if (result.rows.length < FETCH) break;
      }
      await client.query(`CLOSE ${cursor}`);
    } catch (error) {
      failed = error as Error;
      throw error;
    }
  }

  let closed = false;
  return {
    images: () => rows<ExportImageRow>(statements.images),
    quotes: () => rows<ExportQuoteRow>(statements.quotes),
    articles: () => rows<ExportArticleRow>(statements.articles),
    async close() {
      if (closed) return;
      closed = true;
      try {
        // Read only: ending it either way changes nothing; ROLLBACK also ends a transaction a failure aborted.
        await client.query('ROLLBACK');
        client.release();
      } catch (error) {
        // A connection that failed is discarded rather than given back to the pool.
        client.release(failed ?? (error as Error));
      }
    },
  };
}
