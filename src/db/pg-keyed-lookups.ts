import { eq, sql } from 'drizzle-orm';
import type { PgRunner } from './pg-tx.js';
import type { imageColumns, images, quoteColumns, quotes } from './schema.pg.js';

// The reads every table of bundle items (images, quotes: a public id, and the key an import matched it by) answers
// the same way on PostgreSQL, as keyed-lookups.ts on SQLite: by id, by key, and many by ids or keys in one
// statement each, on the runner given (the pool, or the caller's transaction).

/** Whether PostgreSQL's text can hold `value`: it cannot hold NUL, so no stored id or key has one. */
export function pgStorable(value: string): boolean {
  return !value.includes('\u0000');
}

type KeyedTable = typeof images | typeof quotes;

/** `Row`: the table's record (schema.ts's); `columns`: its columns without the search vector (schema.pg.ts). */
export function pgKeyedLookups<Row extends { id: string; key: string | null }>(
  table: KeyedTable,
  columns: typeof imageColumns | typeof quoteColumns,
) {
  // NOTE: a union of tables is not a table to drizzle's builder types; each statement is built on `images`' shape,
  // which both tables share for `id` and `key`, and the rows are typed back as this table's.
  const t = table as typeof images;
  const c = columns as typeof imageColumns;

  async function one(runner: PgRunner, column: typeof t.id | typeof t.key, value: string): Promise<Row | undefined> {
    if (!pgStorable(value)) return undefined;
    const rows = await runner.select(c).from(t).where(eq(column, value));
    return rows[0] as Row | undefined;
  }

  async function many(
    runner: PgRunner,
    column: typeof t.id | typeof t.key,
    values: readonly string[],
    by: 'id' | 'key',
  ): Promise<Map<string, Row>> {
    const found = new Map<string, Row>();
    const wanted = [...new Set(values)].filter(pgStorable);
    if (wanted.length === 0) return found;
    // One array parameter: one statement for any number of ids or keys (inArray would make one per list length).
    const rows = await runner
      .select(columns)
      .from(t)
      .where(sql`${column} = ANY(${sql.param(wanted)}::text[])`);
    for (const row of rows) found.set(row[by] as string, row as Row);
    return found;
  }

  return {
    findById: (runner: PgRunner, id: string) => one(runner, t.id, id),
    /** The row a bundle named `key` (imports match items by key). */
    findByKey: (runner: PgRunner, key: string) => one(runner, t.key, key),
    /** The rows with these bundle keys, in one query (an import plans thousands of items at once). */
    findManyByKeys: (runner: PgRunner, keys: readonly string[]) => many(runner, t.key, keys, 'key'),
    /** Every row named, in one query: what an article's lead image and blocks resolve to. */
    findManyByIds: (runner: PgRunner, ids: readonly string[]) => many(runner, t.id, ids, 'id'),
  };
}
