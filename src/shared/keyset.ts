import { type Cursor, decodeCursor, encodeCursor } from './cursor.js';

/**
 * Keyset (cursor) pagination over `ORDER BY <column> <dir>, id <dir>`: a page starts strictly after the last
 * item of the previous one, so walking every page gives every item once even when sort values are equal, and
 * a deep page costs the same as the first (no OFFSET). Columns that may be NULL follow SQLite's ordering:
 * NULLs first ascending, last descending.
 */
export type SortSpec = {
  /** The API name, as in `sort=-publishedAt`. */
  name: string;
  /** The SQL column (trusted: from a fixed table of sorts, never from the request). */
  column: string;
  desc: boolean;
  nullable: boolean;
};

export function parseSort(value: string, columns: Record<string, { column: string; nullable: boolean }>): SortSpec {
  const desc = value.startsWith('-');
  const field = desc ? value.slice(1) : value;
  const def = columns[field];
  if (!def) throw new Error(`unknown sort ${value}`);
  return { name: value, column: def.column, desc, nullable: def.nullable };
}

export function orderBy(spec: SortSpec, idColumn = 'id'): string {
  const dir = spec.desc ? 'DESC' : 'ASC';
  return `ORDER BY ${spec.column} ${dir}, ${idColumn} ${dir}`;
}

/** The WHERE fragment (and its parameters) that starts a page after `cursor`. */
export function afterCursor(spec: SortSpec, cursor: Cursor, idColumn = 'id'): { sql: string; params: unknown[] } {
  const col = spec.column;
  const cmp = spec.desc ? '<' : '>';
  if (cursor.value === null) {
    // Ascending, NULLs come first: after a NULL come the remaining NULLs, then every non-NULL value.
    // Descending, NULLs come last: after a NULL only the remaining NULLs are left.
    return spec.desc
      ? { sql: `(${col} IS NULL AND ${idColumn} < ?)`, params: [cursor.id] }
      : { sql: `((${col} IS NULL AND ${idColumn} > ?) OR ${col} IS NOT NULL)`, params: [cursor.id] };
  }
  const base = `(${col} ${cmp} ? OR (${col} = ? AND ${idColumn} ${cmp} ?))`;
  const params = [cursor.value, cursor.value, cursor.id];
  if (spec.nullable && spec.desc) return { sql: `(${base} OR ${col} IS NULL)`, params };
  return { sql: base, params };
}

export function readCursor(raw: string | undefined, spec: SortSpec): Cursor | null {
  return raw === undefined ? null : decodeCursor(raw, spec.name);
}

export function nextCursor<T>(
  rows: T[],
  limit: number,
  spec: SortSpec,
  sortValue: (row: T) => string | number | null,
  idOf: (row: T) => string,
): string | null {
  if (rows.length <= limit) return null;
  const last = rows[limit - 1] as T;
  return encodeCursor({ sort: spec.name, value: sortValue(last), id: idOf(last) });
}
