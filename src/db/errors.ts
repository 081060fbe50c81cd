import { type HttpProblem, problems } from '../http/problems.js';

// The one place where a database error becomes a problem the API can answer: a write that loses a race to a
// uniqueness rule is the contract's 409 naming the field, a write refused by a foreign key a 409, and a database
// busy with another process's write a 503 with Retry-After. Routes and services never see a driver error.
// NOTE: better-sqlite3 raises SqliteError with an extended result code in `code` (SQLITE_CONSTRAINT_UNIQUE,
// SQLITE_BUSY_SNAPSHOT...) and names the constraint's columns in the message ("UNIQUE constraint failed:
// articles.slug"). pg raises DatabaseError with the SQLSTATE in `code`, and for a unique violation the table in
// `table`, the constraint in `constraint` and the columns in `detail` ("Key (slug)=(x) already exists."); drizzle
// wraps either in a DrizzleQueryError whose `cause` is the driver's error.

/** The API field each unique column is known by, as `table.column`. */
const UNIQUE_FIELDS: Record<string, { path: string; message: string; code?: string }> = {
  'articles.slug': { path: 'slug', message: 'already used by another article', code: 'SLUG_TAKEN' },
  'articles.id': { path: 'id', message: 'already used by another article' },
  'images.id': { path: 'id', message: 'already used by another image' },
  'images.key': { path: 'key', message: 'already used by another image' },
  'quotes.id': { path: 'id', message: 'already used by another quote' },
  'quotes.key': { path: 'key', message: 'already used by another quote' },
  'tokens.name': { path: 'name', message: 'already used by an active token' },
};

/** Constraint names (schema.pg.ts: drizzle-kit names a column's unique `<table>_<column>_unique`) → `table.column`. */
const UNIQUE_CONSTRAINTS: Record<string, string> = {
  ...Object.fromEntries(
    Object.keys(UNIQUE_FIELDS).map((column) => [`${column.replace('.', '_')}_unique`, column] as const),
  ),
  tokens_active_name_idx: 'tokens.name',
};

/** PostgreSQL errors that mean "another transaction got in the way, or the server is going away: try again". */
const PG_RETRYABLE: Record<string, string> = {
  '40001': 'The write conflicted with another made at the same time; retry shortly.',
  '40P01': 'The write conflicted with another made at the same time; retry shortly.',
  '55P03': 'The database is busy with another write; retry shortly.',
  '57P01': 'The database is restarting; retry shortly.',
  '57P02': 'The database is restarting; retry shortly.',
  '57P03': 'The database is starting up; retry shortly.',
  '53300': 'The database has no connection to spare; retry shortly.',
};

const FOREIGN_KEY_DETAIL =
  'The write names an image or quote that another write has just removed, or removes one still in use; read again and retry.';

type PgError = { code: string; table?: string; constraint?: string; detail?: string };

/** The driver's error: the error itself, or the cause drizzle wrapped it in. */
function driverError(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return current;
    current = (current as { cause?: unknown }).cause;
  }
  return error;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** pg's DatabaseError: a five-character SQLSTATE and a severity (what Node's own errors, `EPIPE`..., lack). */
function isPgError(error: unknown): error is PgError {
  const code = errorCode(error);
  return (
    code !== undefined && /^[0-9A-Z]{5}$/.test(code) && typeof (error as { severity?: unknown }).severity === 'string'
  );
}

function uniqueProblem(columns: string[]): HttpProblem {
  const field = columns.map((column) => UNIQUE_FIELDS[column]).find(Boolean);
  return field
    ? problems.duplicate(field.path, field.message, field.code)
    : problems.conflict('The write conflicts with one made at the same time; read the resource again and retry.');
}

function pgProblem(error: PgError): HttpProblem | null {
  if (error.code === '23505') {
    const keyColumns = /^Key \(([^)]+)\)=/.exec(error.detail ?? '')?.[1]?.split(', ') ?? [];
    const columns = [
      ...keyColumns.map((column) => `${error.table}.${column.replace(/^"|"$/g, '')}`),
      UNIQUE_CONSTRAINTS[error.constraint ?? ''] ?? '',
    ];
    return uniqueProblem(columns);
  }
  if (error.code === '23503') return problems.conflict(FOREIGN_KEY_DETAIL);
  const retryable = PG_RETRYABLE[error.code];
  return retryable ? problems.unavailable(retryable) : null;
}

/** The problem a database error stands for, or null when it is not one this layer knows (a bug: a 500). */
export function databaseProblem(thrown: unknown): HttpProblem | null {
  const error = driverError(thrown);
  if (isPgError(error)) return pgProblem(error);
  const code = errorCode(error);
  if (!code?.startsWith('SQLITE_')) return null;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return uniqueProblem(/constraint failed: (.+)$/.exec((error as Error).message)?.[1]?.split(', ') ?? []);
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return problems.conflict(FOREIGN_KEY_DETAIL);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return problems.unavailable(
      'The database is busy with another write (an import, a seed or another process); retry shortly.',
    );
  }
  return null;
}
