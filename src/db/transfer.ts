import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { snapshotText } from '../articles/revisions.js';
import type { Db } from './client.js';
import type { PgDb } from './pg-client.js';
import type { PgTx } from './pg-tx.js';
import * as lite from './schema.js';
import * as pgs from './schema.pg.js';

// `npm run transfer` (scripts/transfer.ts): everything in the SQLite database copied into an empty PostgreSQL
// database, in one transaction, row for row: the same ids, seqs, times, versions (so the same ETags and cursors),
// revisions, preview links, token hashes, webhooks and their deliveries. The counters (article_counts,
// table_counts) and article_tags' copies of status/published_at are kept by the target's triggers as the rows go
// in (migrations-pg 0002), as they are for every other write.

/**
 * The tables copied, parents before children (the foreign keys are checked row by row). The counters are left to
 * the triggers; webhook_state (how far the scheduled publications were announced) is upserted, the rest inserted.
 */
const TABLES: ReadonlyArray<{ name: string; from: SQLiteTable; to: PgTable; order: string | null }> = [
  { name: 'images', from: lite.images, to: pgs.images, order: 'seq' },
  { name: 'quotes', from: lite.quotes, to: pgs.quotes, order: 'seq' },
  { name: 'articles', from: lite.articles, to: pgs.articles, order: 'seq' },
  { name: 'article_tags', from: lite.articleTags, to: pgs.articleTags, order: null },
  { name: 'article_images', from: lite.articleImages, to: pgs.articleImages, order: null },
  { name: 'article_quotes', from: lite.articleQuotes, to: pgs.articleQuotes, order: null },
  { name: 'article_revisions', from: lite.articleRevisions, to: pgs.articleRevisions, order: 'seq' },
  { name: 'preview_links', from: lite.previewLinks, to: pgs.previewLinks, order: 'seq' },
  { name: 'tokens', from: lite.tokens, to: pgs.tokens, order: 'created_at, id' },
  { name: 'webhooks', from: lite.webhooks, to: pgs.webhooks, order: 'seq' },
  { name: 'webhook_events', from: lite.webhookEvents, to: pgs.webhookEvents, order: 'seq' },
  { name: 'webhook_deliveries', from: lite.webhookDeliveries, to: pgs.webhookDeliveries, order: 'seq' },
  { name: 'webhook_attempts', from: lite.webhookAttempts, to: pgs.webhookAttempts, order: 'seq' },
  { name: 'webhook_state', from: lite.webhookState, to: pgs.webhookState, order: 'name' },
];

/** The tables whose rows make a target "not empty": everything copied but webhook_state (a started server's). */
const CONTENT_TABLES = TABLES.filter((table) => table.name !== 'webhook_state').map((table) => table.name);

/** Rows per INSERT: under PostgreSQL's 65,535 parameters, and about this many bytes of values per statement. */
const MAX_PARAMETERS = 30_000;
const MAX_ROWS = 1_000;
const MAX_BYTES = 8 * 1024 * 1024;

/** A progress line every this many rows of one table (and one per table). */
const PROGRESS_EVERY = 5_000;

/** The target holds rows already: nothing was written. `holds`: table → rows, for the message. */
export class TransferRefused extends Error {
  constructor(readonly holds: Record<string, number>) {
    const what = Object.entries(holds)
      .map(([table, rows]) => `${rows} row(s) in ${table}`)
      .join(', ');
    super(
      `The target database is not empty (${what}): a transfer copies into a database that holds no content. ` +
        'Nothing was written.',
    );
    this.name = 'TransferRefused';
  }
}

export type TransferOptions = {
  /** A progress line (per table, and every few thousand rows of a long one). */
  onProgress?: (line: string) => void;
  /** Rows per progress line within a table (default 5,000). */
  progressEvery?: number;
};

/** Rows copied, by table. */
export type TransferResult = Record<string, number>;

/** Which of the tables a transfer writes hold rows (tables named → rows; empty when none). */
export async function targetContents(runner: PgDb['orm'] | PgTx): Promise<Record<string, number>> {
  const counts = CONTENT_TABLES.map(
    (name) => sql`SELECT ${name} AS name, count(*)::int AS n FROM ${sql.identifier(name)}`,
  );
  const { rows } = await runner.execute<{ name: string; n: number }>(sql.join(counts, sql` UNION ALL `));
  return Object.fromEntries(rows.filter((row) => row.n > 0).map((row) => [row.name, row.n]));
}

/** How many bytes a row's values take, roughly (what bounds one INSERT's size). */
function rowBytes(row: Record<string, unknown>): number {
  let bytes = 0;
  for (const value of Object.values(row)) bytes += typeof value === 'string' ? value.length : 8;
  return bytes;
}

/**
 * Copies every table of `source` into `target` in one transaction (READ COMMITTED, the tables written locked
 * against other writers), after checking that the target holds none of their rows (TransferRefused, nothing
 * written). Reads the source in one read transaction (one snapshot). Identity sequences are moved past the copied
 * seqs. The target must be migrated (openPostgres does it).
 */
export async function transferToPostgres(
  source: Db,
  target: PgDb,
  options: TransferOptions = {},
): Promise<TransferResult> {
  const progress = options.onProgress ?? (() => {});
  const every = options.progressEvery ?? PROGRESS_EVERY;
  const sqlite = source.$client;
  const copied: TransferResult = {};
  const articleById = source.orm
    .select()
    .from(lite.articles)
    .where(eq(lite.articles.id, sql.placeholder('id')))
    .prepare();
  // One snapshot of the source for the whole copy (WAL: a server still running there is not blocked).
  sqlite.exec('BEGIN');
  try {
    await target.orm.transaction(async (tx) => {
      // Writers wait (readers do not) until the copy commits: the check below then stays true until the end.
      await tx.execute(sql.raw(`LOCK TABLE ${CONTENT_TABLES.join(', ')}, webhook_state IN SHARE ROW EXCLUSIVE MODE`));
      const holds = await targetContents(tx);
      if (Object.keys(holds).length > 0) throw new TransferRefused(holds);

      for (const table of TABLES) {
        const columns = Object.entries(getTableColumns(table.from));
        const select = columns.map(([field, column]) => `"${column.name}" AS "${field}"`).join(', ');
        const order = table.order ? ` ORDER BY ${table.order}` : '';
        const statement = sqlite.prepare<[], Record<string, unknown>>(`SELECT ${select} FROM "${table.name}"${order}`);
        const total = (sqlite.prepare(`SELECT count(*) AS n FROM "${table.name}"`).get() as { n: number }).n;
        const rowsPerInsert = Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / columns.length), every);
        let batch: Record<string, unknown>[] = [];
        let bytes = 0;
        let done = 0;
        let reported = 0;
        const flush = async () => {
          if (batch.length === 0) return;
          const insert = tx.insert(table.to).values(batch);
          if (table.name === 'webhook_state') {
            // The source's marker replaces one a server started on the target may have written.
            await insert.onConflictDoUpdate({ target: pgs.webhookState.name, set: { value: sql`excluded.value` } });
          } else {
            await insert;
          }
          done += batch.length;
          batch = [];
          bytes = 0;
          if (done - reported >= every && done < total) {
            reported = done;
            progress(`  ${table.name}: ${done} of ${total} rows`);
          }
        };
        for (const raw of statement.iterate()) {
          // The source's driver values as the records' JS values (booleans from 0/1), which the target's
          // columns then write as theirs.
          const row: Record<string, unknown> = {};
          for (const [field, column] of columns) {
            const value = raw[field];
            row[field] = value === null ? null : column.mapFromDriverValue(value);
          }
          // The newest revision's snapshot is the article row on SQLite; PostgreSQL stores every one.
          if (table.name === 'article_revisions' && row.snapshot === null) {
            row.snapshot = snapshotText(articleById.get({ id: row.articleId })!);
          }
          batch.push(row);
          bytes += rowBytes(row);
          if (batch.length >= rowsPerInsert || bytes >= MAX_BYTES) await flush();
        }
        await flush();
        copied[table.name] = done;
        progress(`${table.name}: ${done} row(s) copied`);
      }

      // seq is an identity BY DEFAULT: the next row made on the target must get a seq past the copied ones.
      for (const table of TABLES) {
        if (table.order !== 'seq') continue;
        await tx.execute(
          sql`SELECT setval(pg_get_serial_sequence(${table.name}, 'seq'), max(seq)) FROM ${sql.identifier(table.name)} HAVING count(*) > 0`,
        );
      }
    });
  } finally {
    sqlite.exec('COMMIT');
  }
  return copied;
}

/** The pictures the images of `source` name (each once), for the copy of the media files. */
export function storedFileNames(source: Db): string[] {
  return source.$client
    .prepare<[], { fileName: string }>(
      'SELECT DISTINCT file_name AS fileName FROM images WHERE file_name IS NOT NULL ORDER BY file_name',
    )
    .all()
    .map((row) => row.fileName);
}
