import { type HttpProblem, problems } from '../http/problems.js';

// The one place where a database error becomes a problem the API can answer: a write that loses a race to a
// uniqueness rule is the contract's 409 naming the field, a write refused by a foreign key a 409, and a database
// busy with another process's write a 503 with Retry-After. Routes and services never see a driver error.
// NOTE: better-sqlite3 raises SqliteError with an extended result code in `code` (SQLITE_CONSTRAINT_UNIQUE,
// SQLITE_BUSY_SNAPSHOT...) and names the constraint's columns in the message ("UNIQUE constraint failed:
// articles.slug").

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

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** The problem a database error stands for, or null when it is not one this layer knows (a bug: a 500). */
export function databaseProblem(error: unknown): HttpProblem | null {
  const code = errorCode(error);
  if (!code?.startsWith('SQLITE_')) return null;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const columns = /constraint failed: (.+)$/.exec((error as Error).message)?.[1]?.split(', ') ?? [];
    const field = columns.map((column) => UNIQUE_FIELDS[column]).find(Boolean);
    return field
      ? problems.duplicate(field.path, field.message, field.code)
      : problems.conflict('The write conflicts with one made at the same time; read the resource again and retry.');
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return problems.conflict(
      'The write names an image or quote that another write has just removed, or removes one still in use; read again and retry.',
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return problems.unavailable(
      'The database is busy with another write (an import, a seed or another process); retry shortly.',
    );
  }
  return null;
}
