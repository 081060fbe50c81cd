import { problems } from '../http/problems.js';

// A cursor is the position after the last item of a page: the sort it belongs to, that item's sort value and its
// id (the tie-breaker that makes paging stable when sort values are equal). It is opaque to clients: base64url
// JSON, checked on the way back in.
export type CursorValue = string | number | null;
export type Cursor = { sort: string; value: CursorValue; id: string };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.id]), 'utf8').toString('base64url');
}

/** Decodes a cursor made for `sort`; anything else (garbage, another sort's cursor) is a 400 naming `cursor`. */
export function decodeCursor(raw: string, sort: string): Cursor {
  const invalid = () =>
    problems.validation([
      { path: 'cursor', message: 'is not a cursor this list gave out (or was made for another sort)' },
    ]);
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(raw)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [cursorSort, value, id] = parsed as unknown[];
  if (cursorSort !== sort || typeof id !== 'string' || id.length > 64) throw invalid();
  if (value !== null && typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
    throw invalid();
  }
  return { sort, value: value as CursorValue, id };
}
