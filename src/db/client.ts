import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

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
  // 64 MiB page cache and 256 MiB of memory-mapped reads: the hot part of a newsroom's database fits.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('mmap_size = 268435456');
  sqlite.pragma('temp_store = MEMORY');
  const db = drizzle({ client: sqlite, schema }) as Db;
  if (options.migrate ?? true) migrate(db, { migrationsFolder: migrationsFolder() });
  return db;
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
