// Contract: opening the database applies every migration it lacks (a new database, or one left by an older
// version) and leaves an up-to-date one as it is; the up-to-date check follows drizzle's own rule.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, DATABASE_FILE, migrationsFolder, openDatabase } from '../../src/db/client.js';
import { tempDataDir } from '../helpers/app.js';

const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
  entries: Array<{ tag: string; when: number }>;
};

function applied(dataDir: string): Array<{ created_at: number }> {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare('SELECT created_at FROM __drizzle_migrations ORDER BY created_at').all() as Array<{
      created_at: number;
    }>;
  } finally {
    db.close();
  }
}

describe('migrations at open', () => {
  const dirs: string[] = [];
  const dir = () => {
    const made = tempDataDir();
    dirs.push(made);
    return made;
  };
  afterAll(() => {
    for (const made of dirs) fs.rmSync(made, { recursive: true, force: true });
  });

  it('applies all of them to a new database', () => {
    const dataDir = dir();
    closeDatabase(openDatabase({ dataDir }));
    expect(applied(dataDir).map((row) => Number(row.created_at))).toEqual(journal.entries.map((e) => e.when));
  });

  it('applies the ones an older version had not, and then leaves the database alone', () => {
    expect(journal.entries.length).toBeGreaterThan(1);
    // An older version: the same migrations folder without its last entry.
    const older = dir();
    fs.cpSync(migrationsFolder(), older, { recursive: true });
    const olderJournal = { ...journal, entries: journal.entries.slice(0, -1) };
    fs.writeFileSync(path.join(older, 'meta', '_journal.json'), JSON.stringify(olderJournal));
    const dataDir = dir();
    const sqlite = new Database(path.join(dataDir, DATABASE_FILE));
    migrate(drizzle({ client: sqlite }), { migrationsFolder: older });
    sqlite.close();
    expect(applied(dataDir)).toHaveLength(journal.entries.length - 1);

    closeDatabase(openDatabase({ dataDir }));
    const after = applied(dataDir);
    expect(after.map((row) => Number(row.created_at))).toEqual(journal.entries.map((e) => e.when));

    closeDatabase(openDatabase({ dataDir }));
    expect(applied(dataDir)).toEqual(after);
  });

  it('opens with migrate: false without applying anything', () => {
    const dataDir = dir();
    closeDatabase(openDatabase({ dataDir, migrate: false }));
    const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'articles'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
