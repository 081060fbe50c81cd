// Unit: WAL checkpoints run in a worker thread a moment after commits (src/db/checkpointer.ts), not inside them;
// a failed worker puts them back into the commits; close() stops the worker and restores SQLite's default.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../src/db/checkpointer.js';
import { createWriter } from '../../src/db/writer.js';

let dir: string;
let file: string;
let sqlite: Database.Database;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-checkpointer-'));
  file = path.join(dir, 'c.sqlite');
  sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  // The table's page is in the database file; what follows lands in the WAL until a checkpoint copies it.
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
});

afterEach(() => {
  if (sqlite.open) sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const autocheckpoint = () => sqlite.pragma('wal_autocheckpoint', { simple: true });
const fileSize = () => fs.statSync(file).size;
/** 6,000 rows of 1 KB in 60 commits: ~1,500 pages, past SQLite's own threshold of 1,000. */
async function writeRows(writer: ReturnType<typeof createWriter>, from = 0) {
  const insert = sqlite.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
  for (let batch = 0; batch < 60; batch++) {
    await writer.run(() => {
      for (let i = 0; i < 100; i++) insert.run(from + batch * 100 + i, 'x'.repeat(1000));
    });
  }
}
async function until(condition: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('checkpointer', () => {
  it('takes the checkpoints out of the commits and runs them in its thread shortly after', async () => {
    const writer = createWriter(sqlite);
    const checkpointer = startCheckpointer(sqlite, writer, { delayMs: 50 })!;
    expect(checkpointer).toBeDefined();
    expect(autocheckpoint()).toBe(0);
    const before = fileSize();
    await writeRows(writer);
    // The commits themselves copied nothing into the database file (no checkpoint inside them)...
    expect(fileSize()).toBe(before);
    // ...the worker does, a moment later.
    await until(() => fileSize() > before + 5_000_000);
    expect(sqlite.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 6000 });
    await checkpointer.close();
    expect(autocheckpoint()).toBe(1000);
  });

  it('starts no thread while nothing is written, and close() then returns at once', async () => {
    const writer = createWriter(sqlite);
    const checkpointer = startCheckpointer(sqlite, writer, { delayMs: 10 })!;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await checkpointer.close();
    expect(autocheckpoint()).toBe(1000);
    // Stopped: later commits schedule nothing, and SQLite checkpoints inside them again.
    const before = fileSize();
    await writeRows(writer);
    expect(fileSize()).toBeGreaterThan(before + 3_000_000);
  });

  it('puts the checkpoints back into the commits when its thread fails, and says so', async () => {
    const writer = createWriter(sqlite);
    const errors: Error[] = [];
    const checkpointer = startCheckpointer(sqlite, writer, { delayMs: 10, onError: (error) => errors.push(error) })!;
    // The worker opens the file by its name: moved away, it cannot (the open connection keeps working).
    fs.renameSync(file, `${file}.moved`);
    await writer.run(() => sqlite.prepare('INSERT INTO t (k, v) VALUES (1, ?)').run('a'));
    await until(() => errors.length > 0);
    expect(errors[0]!.message).toMatch(/unable to open|does not exist|no such file/i);
    expect(autocheckpoint()).toBe(1000);
    await checkpointer.close();
  });

  it('leaves a database without a WAL alone', () => {
    const memory = new Database(':memory:');
    try {
      expect(startCheckpointer(memory, createWriter(memory))).toBeUndefined();
      expect(memory.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      memory.close();
    }
  });
});
