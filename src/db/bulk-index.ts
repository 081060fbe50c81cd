import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

// NOTE: the full-text indexes are kept by triggers (migrations/0001_search_index.sql). Row by row that is right,
// but in a bulk load it is the main cost: an FTS5 table written from a trigger flushes its pending terms as a new
// segment on every statement, so 10,000 articles make 10,000 tiny segments and merge them over and over
// (measured: ~7 s to insert 10,000 articles, ~20 s to update them, against ~0.8 s to index the same text in one
// statement).
//
// withBulkIndexing() lifts, for the duration of `write`, the FTS triggers of the given tables that have the
// expected shape: AFTER INSERT `INSERT INTO <fts5> (…) VALUES (…)`, and AFTER UPDATE OF … `DELETE FROM <fts5>
// WHERE rowid = old.x; INSERT INTO <fts5> (…) VALUES (…)`. Updated rows are noted by a temporary trigger that
// fires on the same columns. Then the rows `write` inserted or updated are indexed with one `INSERT … SELECT` per
// table, built from the trigger's own SQL (its VALUES list, with `new` as an alias of the table), and the
// triggers are put back. DDL is transactional in SQLite and all of this runs inside the caller's transaction, which
// must roll back if `write` (or this) throws, as better-sqlite3's transaction() does: a failed load, or a crash,
// leaves the triggers as they were, and no other connection ever sees the database without them. A trigger of any
// other shape (a counter, an ON CONFLICT clause…) keeps running row by row, unless CATCH_UP (below) has the
// statement that does its work for all the rows at once. `write` must not delete rows of the tables whose FTS
// triggers are lifted.
//
// `rebuildIndexes` names tables whose secondary indexes (non-unique, made by CREATE INDEX) are dropped for the
// duration of `write` and made again after it, from their own SQL, in the same transaction: one sort per index
// instead of a b-tree insert per row and index. Worth it only when `write` inserts about as many rows as the table
// holds (a first import), and only when it neither updates nor deletes rows of those tables nor reads them by a
// dropped index (each such statement would scan the table). Unique indexes stay: they check what is written.
//
// NOTE: deliberately no savepoint of its own: inside a savepoint, SQLite journals every page each statement
// changes, which made 10,000 article updates take 5 s instead of 0.5 s.

const INSERT_VALUES = String.raw`(INSERT INTO\s+"?(\w+)"?\s*\([^)]*\))\s*VALUES\s*\(([\s\S]*)\)\s*;`;
const INSERT_TRIGGER = new RegExp(
  String.raw`^CREATE TRIGGER\s+"?\w+"?\s+AFTER INSERT ON\s+"?(\w+)"?\s+BEGIN\s+${INSERT_VALUES}\s*END$`,
  'i',
);
const UPDATE_TRIGGER = new RegExp(
  String.raw`^CREATE TRIGGER\s+"?\w+"?\s+AFTER UPDATE OF\s+([\w\s,]+?)\s+ON\s+"?(\w+)"?\s+BEGIN\s+DELETE FROM\s+"?(\w+)"?\s+WHERE\s+rowid\s*=\s*old\.\w+\s*;\s*${INSERT_VALUES}\s*END$`,
  'i',
);

/** Whether `text` closes every parenthesis it opens, never going below zero (no quoted parentheses in these). */
function balanced(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '(') depth++;
    else if (char === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

type Lifted = { name: string; sql: string; fts: string; reindex: () => void };

/**
 * Triggers that keep derived rows (a counter, the copy of an article's state on its tags), each with the one
 * statement that does for every row a bulk write inserted past `:last` what the trigger does for one row: a
 * trigger program costs microseconds a row even when its WHEN clause is false, and an import of 10,000 articles
 * writes ~40,000 tags. A trigger is lifted only while its SQL has the fingerprint it had when its statement here
 * was written (triggerFingerprint): a migration that changes it leaves it running row by row, and a test fails
 * until its statement here is brought up to date. The counters' statements count the rows past `:last`, so
 * `write` must not delete rows of a counted table (an import never does); the tags' statement looks at the rows
 * that are left, which are all its trigger's work concerns.
 */
export const CATCH_UP: Record<string, { table: string; fingerprint: string; sql: string }> = {
  article_counts_insert: {
    table: 'articles',
    fingerprint: '97818479e34ed78f',
    sql: `INSERT INTO main.article_counts (status, total) SELECT status, count(*) FROM main.articles WHERE seq > :last
          GROUP BY status ON CONFLICT (status) DO UPDATE SET total = total + excluded.total`,
  },
  quotes_count_insert: {
    table: 'quotes',
    fingerprint: 'b481b7b46644bcd9',
    sql: `INSERT INTO main.table_counts (table_name, total) SELECT 'quotes', count(*) FROM main.quotes WHERE seq > :last
          ON CONFLICT (table_name) DO UPDATE SET total = total + excluded.total`,
  },
  images_count_insert: {
    table: 'images',
    fingerprint: '66020612fbee27f6',
    sql: `INSERT INTO main.table_counts (table_name, total) SELECT 'images', count(*) FROM main.images WHERE seq > :last
          ON CONFLICT (table_name) DO UPDATE SET total = total + excluded.total`,
  },
  article_tags_state_insert: {
    table: 'article_tags',
    fingerprint: '1618df9b90ebbbe4',
    sql: `UPDATE main.article_tags AS new SET (status, published_at) = (
            SELECT status, published_at FROM main.articles WHERE id = new.article_id
          ) WHERE new.rowid > :last AND NOT EXISTS (
            SELECT 1 FROM main.articles WHERE id = new.article_id AND status IS new.status AND published_at IS new.published_at
          )`,
  },
};

/** A trigger's SQL with its whitespace folded, hashed: what CATCH_UP checks before lifting it. */
export function triggerFingerprint(sql: string): string {
  return createHash('sha256').update(sql.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 16);
}

/**
 * The memory FTS5 gives the terms it has yet to write during the bulk statements: 16 MiB instead of its 1 MiB
 * default, so 10,000 articles make a few large segments to merge rather than dozens (measured: ~20% less CPU for
 * the index of 10,000 articles), at a bounded cost in memory.
 */
const BULK_HASH_SIZE = 16 * 1024 ** 2;
/** FTS5's own default (fts5_config.c), put back when a table had no setting of its own. */
const DEFAULT_HASH_SIZE = 1024 ** 2;

export type BulkOptions = {
  /**
   * Tables whose secondary indexes are dropped during `write` and rebuilt after it (see above), when `inserting`
   * (the rows `write` adds to the first of them) is at least the number of rows it holds now (its largest rowid).
   */
  rebuildIndexes?: { tables: readonly string[]; inserting: number };
};

export function withBulkIndexing<T>(
  sqlite: Database.Database,
  tables: readonly string[],
  write: () => T,
  options: BulkOptions = {},
): T {
  if (!sqlite.inTransaction) throw new Error('withBulkIndexing must run inside a transaction');
  const triggers = sqlite.prepare<[string], { name: string; sql: string }>(
    "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
  );
  const isFts5 = sqlite.prepare<[string], { one: number }>(
    "SELECT 1 AS one FROM main.sqlite_master WHERE type = 'table' AND name = ? AND sql LIKE 'CREATE VIRTUAL TABLE % USING fts5%'",
  );

  const lifted: Lifted[] = [];
  const caughtUp: Array<{ name: string; sql: string; run: () => void }> = [];
  for (const table of tables) {
    // Rowids are AUTOINCREMENT in every content table here, so never reused: the rows `write` inserts are
    // exactly those past the largest rowid seen now, and the rows it updates are at or below it.
    const last = lastRowid(sqlite, table);
    for (const trigger of triggers.all(table)) {
      const catchUp = CATCH_UP[trigger.name];
      if (catchUp?.table === table && catchUp.fingerprint === triggerFingerprint(trigger.sql)) {
        const statement = sqlite.prepare(catchUp.sql);
        caughtUp.push({ ...trigger, run: () => statement.run({ last }) });
        continue;
      }
      const insert = INSERT_TRIGGER.exec(trigger.sql);
      if (insert && insert[1] === table && balanced(insert[4]!) && isFts5.get(insert[3]!)) {
        const reindex = sqlite.prepare(
          `${insert[2]} SELECT ${insert[4]} FROM main."${table}" AS new WHERE new.rowid > ?`,
        );
        lifted.push({ ...trigger, fts: insert[3]!, reindex: () => reindex.run(last) });
        continue;
      }
      const update = UPDATE_TRIGGER.exec(trigger.sql);
      if (update && update[2] === table && update[3] === update[5] && balanced(update[6]!) && isFts5.get(update[3]!)) {
        const touched = `bulk_touched_${table}`;
        sqlite.exec(`CREATE TEMP TABLE "${touched}" (id INTEGER PRIMARY KEY)`);
        sqlite.exec(
          `CREATE TEMP TRIGGER "${touched}_note" AFTER UPDATE OF ${update[1]} ON main."${table}"
             BEGIN INSERT OR IGNORE INTO "${touched}" (id) VALUES (old.rowid); END`,
        );
        const rows = `(SELECT id FROM temp."${touched}" WHERE id <= ${Number(last)})`;
        const remove = sqlite.prepare(`DELETE FROM main."${update[3]}" WHERE rowid IN ${rows}`);
        const add = sqlite.prepare(
          `${update[4]} SELECT ${update[6]} FROM main."${table}" AS new WHERE new.rowid IN ${rows}`,
        );
        lifted.push({
          ...trigger,
          fts: update[3]!,
          reindex: () => {
            remove.run();
            add.run();
            sqlite.exec(`DROP TRIGGER temp."${touched}_note"; DROP TABLE temp."${touched}"`);
          },
        });
      }
    }
  }
  const rebuild = options.rebuildIndexes;
  const indexes =
    rebuild && rebuild.inserting >= lastRowid(sqlite, rebuild.tables[0])
      ? secondaryIndexes(sqlite, rebuild.tables)
      : [];
  for (const trigger of [...lifted, ...caughtUp]) sqlite.exec(`DROP TRIGGER main."${trigger.name}"`);
  for (const index of indexes) sqlite.exec(`DROP INDEX main."${index.name}"`);
  const result = write();
  // Before the indexes are built: the tag states it sets are then indexed once.
  for (const trigger of caughtUp) {
    trigger.run();
    sqlite.exec(trigger.sql);
  }
  for (const index of indexes) sqlite.exec(index.sql);
  const restore = [...new Set(lifted.map((trigger) => trigger.fts))].map((fts) => setHashSize(sqlite, fts));
  for (const trigger of lifted) {
    trigger.reindex();
    sqlite.exec(trigger.sql);
  }
  for (const undo of restore) undo();
  return result;
}

/** Sets an FTS5 table's hashsize for the bulk statements; returns what puts its previous value back. */
function setHashSize(sqlite: Database.Database, fts: string): () => void {
  // NOTE: a literal, not a bound parameter: FTS5 refuses the command with a bound value ("SQL logic error").
  const set = (size: number) =>
    sqlite.exec(`INSERT INTO main."${fts}" ("${fts}", rank) VALUES ('hashsize', ${Math.trunc(size)})`);
  const current = sqlite.prepare(`SELECT v FROM main."${fts}_config" WHERE k = 'hashsize'`).get() as
    | { v: number }
    | undefined;
  set(BULK_HASH_SIZE);
  return () => set(Number(current?.v ?? DEFAULT_HASH_SIZE));
}

/** The indexes of these tables made by a CREATE INDEX statement (sql not null: no PRIMARY KEY/UNIQUE autoindex), not unique. */
function secondaryIndexes(sqlite: Database.Database, tables: readonly string[]): Array<{ name: string; sql: string }> {
  if (tables.length === 0) return [];
  const list = sqlite.prepare<[string], { name: string; sql: string }>(
    `SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (SELECT value FROM json_each(?))
     AND name NOT IN (SELECT il.name FROM main.sqlite_master AS m, pragma_index_list(m.name) AS il WHERE m.type = 'table' AND il."unique" = 1)`,
  );
  return list.all(JSON.stringify(tables));
}

function lastRowid(sqlite: Database.Database, table: string | undefined): number {
  if (table === undefined) return 0;
  return (sqlite.prepare(`SELECT coalesce(max(rowid), 0) AS last FROM main."${table}"`).get() as { last: number }).last;
}
