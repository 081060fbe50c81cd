import type Database from 'better-sqlite3';

/**
 * Prepared statements for SQL built from a fixed set of fragments (a list's filters and sort): each distinct
 * text is prepared once and reused, so a list request does not pay SQLite's parse and plan again.
 */
export function statementCache(sqlite: Database.Database) {
  const cache = new Map<string, Database.Statement>();
  return (sql: string): Database.Statement => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = sqlite.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}
