import type Database from 'better-sqlite3';

// NOTE: the full-text indexes are kept by triggers (migrations/0001_search_index.sql). Row by row that is right,
// but in a bulk load it is the main cost: an FTS5 table written from a trigger flushes its pending terms as a
// new segment on every statement, so 10,000 articles make 10,000 tiny segments and merge them over and over
// (measured: ~7 s of a 10,000-article load, against ~0.8 s for the same text inserted in one statement).
//
// withBulkIndexing() lifts the AFTER INSERT triggers of the given tables for the duration of `write`, then
// indexes the rows `write` inserted with ONE `INSERT … SELECT` per table, built from the trigger's own SQL (its
// VALUES list, with `new` as an alias of the table), and puts the triggers back. DDL is transactional in SQLite:
// it runs in a savepoint inside the caller's transaction, so a failed write, or a crash, leaves the triggers as
// they were, and no other connection ever sees the database without them. A trigger whose SQL does not have the
// expected shape is left alone (those rows are then indexed row by row, as usual).
//
// `write` must only INSERT into these tables (or update rows that existed before): a row inserted and then
// updated within `write` would be indexed twice.

const INSERT_TRIGGER =
  /^CREATE TRIGGER\s+"?(\w+)"?\s+AFTER INSERT ON\s+"?(\w+)"?\s+BEGIN\s+(INSERT INTO\s+"?(\w+)"?\s*\([^)]*\))\s*VALUES\s*\(([\s\S]*)\)\s*;\s*END$/i;

/** Whether `text` closes every parenthesis it opens, never going below zero (quotes ignored: none in these). */
function balanced(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '(') depth++;
    else if (char === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

type Lifted = { name: string; sql: string; reindex: Database.Statement; after: number };

export function withBulkIndexing<T>(sqlite: Database.Database, tables: readonly string[], write: () => T): T {
  if (!sqlite.inTransaction) throw new Error('withBulkIndexing must run inside a transaction');
  const triggers = sqlite.prepare<[string], { name: string; sql: string }>(
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
  );
  const isFts5 = sqlite.prepare<[string], { one: number }>(
    "SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = ? AND sql LIKE 'CREATE VIRTUAL TABLE % USING fts5%'",
  );
  return sqlite.transaction(() => {
    const lifted: Lifted[] = [];
    for (const table of tables) {
      for (const trigger of triggers.all(table)) {
        // Only a trigger that is one `INSERT INTO <fts5 table> (…) VALUES (…)` and nothing else is lifted; any
        // other trigger (a counter, an ON CONFLICT clause…) keeps running row by row.
        const match = INSERT_TRIGGER.exec(trigger.sql);
        if (!match || match[2] !== table || !balanced(match[5]!) || !isFts5.get(match[4]!)) continue;
        const after = sqlite.prepare(`SELECT coalesce(max(rowid), 0) AS n FROM "${table}"`).get() as { n: number };
        sqlite.exec(`DROP TRIGGER "${trigger.name}"`);
        lifted.push({
          name: trigger.name,
          sql: trigger.sql,
          // Tables whose rowid is AUTOINCREMENT (every content table here) never reuse a rowid: the rows
          // inserted by `write` are exactly those past the largest rowid seen before it.
          reindex: sqlite.prepare(`${match[3]} SELECT ${match[5]} FROM "${table}" AS new WHERE new.rowid > ?`),
          after: after.n,
        });
      }
    }
    const result = write();
    for (const trigger of lifted) {
      trigger.reindex.run(trigger.after);
      sqlite.exec(trigger.sql);
    }
    return result;
  })();
}
