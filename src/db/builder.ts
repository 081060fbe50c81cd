import { getTableColumns, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

// Small pieces the SQLite stores share when they build statements with drizzle.

/** A placeholder where drizzle's types take only SQL (an UPDATE's SET, an expression). */
export const param = (name: string) => sql`${sql.placeholder(name)}`;

/**
 * A SELECT list of every column of `table` under its record name (`"file_name" AS "fileName"`), for the
 * hand-planned list statements: their raw rows are then the table's records, as the builder's are.
 */
export function recordColumns(table: SQLiteTable): string {
  return Object.entries(getTableColumns(table))
    .map(([field, column]) => `"${column.name}" AS "${field}"`)
    .join(', ');
}
