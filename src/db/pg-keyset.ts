import { and, asc, desc, eq, gt, gte, isNotNull, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Cursor, CursorValue } from '../shared/cursor.js';
import type { SortSpec } from '../shared/keyset.js';

// Keyset pagination on PostgreSQL, answering exactly what shared/keyset.ts's SQL answers on SQLite for the same
// cursor: `ORDER BY <column> <dir>, id <dir>` with SQLite's NULL placement (first ascending, last descending,
// the opposite of PostgreSQL's default), and the same "strictly after" condition. A cursor is opaque but can be
// forged, so its value is taken as SQLite compares it with an integer column (numeric affinity: numeric text is a
// number, other text sorts after every number), and never reaches PostgreSQL as a value a bigint cannot hold.

/** The page order: the sort column with SQLite's NULL placement, then id in the same direction. */
export function pgOrderBy(column: AnyPgColumn, idColumn: AnyPgColumn, spec: SortSpec): SQL[] {
  if (spec.desc) return [spec.nullable ? sql`${column} DESC NULLS LAST` : desc(column), desc(idColumn)];
  return [spec.nullable ? sql`${column} ASC NULLS FIRST` : asc(column), asc(idColumn)];
}

/** A number or "above every number", as SQLite compares a cursor's value with an INTEGER column. */
function numericValue(value: Exclude<CursorValue, null>): number {
  if (typeof value === 'number') return value;
  const text = value.trim();
  // SQLite applies numeric affinity to text that is a well-formed number; any other text sorts after numbers.
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.POSITIVE_INFINITY;
}

const FALSE = sql`false`;
/** The largest magnitude compared as a number (the columns are bigint; every stored value is below 2^53). */
const LIMIT = Number.MAX_SAFE_INTEGER;

/** `column < value` / `column > value` / `column = value` for an integer column and any number. */
function compare(column: AnyPgColumn, op: '<' | '>' | '=', value: number): SQL {
  if (op === '=') return Number.isInteger(value) && Math.abs(value) <= LIMIT ? eq(column, value) : FALSE;
  if (value > LIMIT) return op === '<' ? isNotNull(column) : FALSE;
  if (value < -LIMIT) return op === '>' ? isNotNull(column) : FALSE;
  // Between integers: `< 1.5` is `<= 1`, `> 1.5` is `>= 2`.
  if (op === '<') return Number.isInteger(value) ? lt(column, value) : lte(column, Math.floor(value));
  return Number.isInteger(value) ? gt(column, value) : gte(column, Math.ceil(value));
}

/**
 * `id < cursor` / `id > cursor` in byte order. Stored text cannot hold NUL on PostgreSQL; a forged id with one
 * compares as its part before the NUL does, plus that part itself counting as below it.
 */
function compareId(idColumn: AnyPgColumn, op: '<' | '>', id: string): SQL {
  const nul = id.indexOf('\u0000');
  if (nul === -1) return op === '<' ? lt(idColumn, id) : gt(idColumn, id);
  const prefix = id.slice(0, nul);
  return op === '<' ? lte(idColumn, prefix) : gt(idColumn, prefix);
}

/** The condition that starts a page strictly after `cursor` (shared/keyset.ts afterCursor, on PostgreSQL). */
export function pgAfterCursor(column: AnyPgColumn, idColumn: AnyPgColumn, spec: SortSpec, cursor: Cursor): SQL {
  const op = spec.desc ? '<' : '>';
  if (cursor.value === null) {
    // Ascending, NULLs come first: after a NULL come the remaining NULLs, then every non-NULL value.
    // Descending, NULLs come last: after a NULL only the remaining NULLs are left.
    return spec.desc
      ? (and(isNull(column), compareId(idColumn, '<', cursor.id)) as SQL)
      : (or(and(isNull(column), compareId(idColumn, '>', cursor.id)), isNotNull(column)) as SQL);
  }
  const value = numericValue(cursor.value);
  const base = or(
    compare(column, op, value),
    and(compare(column, '=', value), compareId(idColumn, op, cursor.id)),
  ) as SQL;
  return spec.nullable && spec.desc ? (or(base, isNull(column)) as SQL) : base;
}
