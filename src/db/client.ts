import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema.js';
import { createWriter, type Writer } from './writer.js';

/**
 * The open database: `orm` is drizzle over it (the query builder the SQLite stores prepare their statements
 * with), `$client` the better-sqlite3 connection underneath (pragmas, and the few statements the builder cannot
 * say), `writer` the one way a store writes (writer.ts: a transaction per operation, queued while an import holds
 * the database).
 */
export type Db = { $client: Database.Database; orm: BetterSQLite3Database<typeof schema>; writer: Writer };

const require = createRequire(import.meta.url);

export const DATABASE_FILE = 'cms.sqlite';

/**
 * The migrations folder, found by walking up from this file: the same code runs from `src/` under tsx and from
 * `dist/src/` once compiled, and neither may depend on the working directory.
 */
export function migrationsFolder(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'migrations');
    if (fs.existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('migrations folder not found');
    dir = parent;
  }
}

export type OpenOptions = {
  /** Folder holding the database file; created when missing. */
  dataDir: string;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  readonly?: boolean;
};

/** Opens the database under dataDir with the pragmas the server relies on, and applies migrations. */
export function openDatabase(options: OpenOptions): Db {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const sqlite = new Database(path.join(options.dataDir, DATABASE_FILE), { readonly: options.readonly ?? false });
  // WAL lets readers run beside the writer; synchronous=NORMAL is durable against a process crash in WAL mode
  // (only power loss can lose the last commits), at a fraction of FULL's fsync cost.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // A CLI (token, seed) may write while the server runs: wait for the lock rather than fail at once.
  sqlite.pragma('busy_timeout = 5000');
  // A 32 MiB page cache and no memory-mapped reads. Measured at 1,000,000 articles (a 7.4 GB file), reads
  // uncached: mmap_size 256 MiB added ~200 MB of mapped pages to the server's RSS (430 MB in all) and saved no
  // measurable CPU (article, list, tag and deep-page reads within the run's noise, ±20%): most pages lie past
  // the mapped window anyway, and the rest come from the OS page cache by pread. The page cache is anonymous
  // memory; 32 MiB holds the indexes a search's total walks at that size (articles_seq_status_idx is 27 MB), where
  // 16 MiB made those totals up to 1.5x slower and 64 MiB made nothing faster.
  sqlite.pragma('cache_size = -32768');
  sqlite.pragma('mmap_size = 0');
  sqlite.pragma('temp_store = MEMORY');
  if (options.migrate ?? true) applyMigrations(sqlite);
  return wrapDatabase(sqlite);
}

/** A Db over an open better-sqlite3 connection (tests and tools that open their own). */
export function wrapDatabase(sqlite: Database.Database): Db {
  return { $client: sqlite, orm: drizzle({ client: sqlite, schema }), writer: createWriter(sqlite) };
}

/**
 * Whether the journal lists a migration the database has not applied, by drizzle's own rule: a migration is
 * pending when its `when` is newer than the newest `created_at` in __drizzle_migrations.
 */
function migrationsPending(sqlite: Database.Database, folder: string): boolean {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ when: number }>;
  };
  if (journal.entries.length === 0) return false;
  const newest = Math.max(...journal.entries.map((entry) => entry.when));
  const table = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!table) return true;
  const { at } = sqlite.prepare('SELECT max(created_at) AS at FROM __drizzle_migrations').get() as {
    at: number | null;
  };
  return at === null || Number(at) < newest;
}

/** Applies pending migrations (drizzle's migrator: each in a transaction, recorded in __drizzle_migrations). */
export function applyMigrations(sqlite: Database.Database): void {
  const folder = migrationsFolder();
  if (!migrationsPending(sqlite, folder)) return;
  // require(): openDatabase is synchronous; the migrator is loaded only when there is a migration to apply.
  const { migrate } =
    require('drizzle-orm/better-sqlite3/migrator') as typeof import('drizzle-orm/better-sqlite3/migrator');
  migrate(drizzle({ client: sqlite }), { migrationsFolder: folder });
}

/** Closes cleanly: checkpoints the WAL into the main file so no `-wal` file is left behind. */
export function closeDatabase(db: Db): void {
  const sqlite = db.$client;
  if (!sqlite.open) return;
  try {
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.pragma('optimize');
  } finally {
    sqlite.close();
  }
}
