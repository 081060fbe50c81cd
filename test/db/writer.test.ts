import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWriter } from '../../src/db/writer.js';

let dir: string;
let sqlite: Database.Database;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-writer-'));
  sqlite = new Database(path.join(dir, 'w.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
});

afterEach(() => {
  sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const insert = (k: string, v: number) => () => sqlite.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(k, v).changes;
const rows = () => sqlite.prepare('SELECT k, v FROM t ORDER BY k').all();

describe('writer', () => {
  it('settles each write with its own result, in order', async () => {
    const writer = createWriter(sqlite);
    const results = await Promise.all([writer.run(insert('a', 1)), writer.run(() => 'x'), writer.run(insert('b', 2))]);
    expect(results).toEqual([1, 'x', 1]);
    expect(rows()).toEqual([
      { k: 'a', v: 1 },
      { k: 'b', v: 2 },
    ]);
  });

  it('commits concurrent writes as one transaction, acknowledged only once committed', async () => {
    const writer = createWriter(sqlite);
    const other = new Database(path.join(dir, 'w.sqlite'));
    try {
      const seenByOther: unknown[] = [];
      const writes = Array.from({ length: 5 }, (_, i) =>
        writer.run(() => {
          insert(`k${i}`, i)();
          // Another connection sees none of the group until it commits: the writes share one transaction.
          seenByOther.push(other.prepare('SELECT count(*) AS n FROM t').get());
        }),
      );
      await Promise.all(writes);
      expect(seenByOther).toEqual(Array.from({ length: 5 }, () => ({ n: 0 })));
      expect(other.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 5 });
    } finally {
      other.close();
    }
  });

  it('rolls back a failing write alone; the others of its group are committed', async () => {
    const writer = createWriter(sqlite);
    const outcomes = await Promise.allSettled([
      writer.run(insert('a', 1)),
      writer.run(() => {
        insert('b', 2)();
        insert('a', 3)(); // unique violation: b must go too
      }),
      writer.run(insert('c', 4)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(rows()).toEqual([
      { k: 'a', v: 1 },
      { k: 'c', v: 4 },
    ]);
  });

  it('rejects a lone failing write and writes nothing of it', async () => {
    const writer = createWriter(sqlite);
    await expect(
      writer.run(() => {
        insert('a', 1)();
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(rows()).toEqual([]);
  });

  it('queues writes while held and runs them after, without blocking the event loop', async () => {
    const writer = createWriter(sqlite);
    let release!: () => void;
    const held = writer.hold(() => new Promise<void>((resolve) => (release = resolve)));
    expect(writer.held).toBe(true);
    const write = writer.run(insert('a', 1));
    // The event loop turns (a timer fires) while the write waits.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rows()).toEqual([]);
    release();
    await held;
    await expect(write).resolves.toBe(1);
    expect(writer.held).toBe(false);
    expect(rows()).toEqual([{ k: 'a', v: 1 }]);
  });

  it('ends a hold whose task fails, and writes go on', async () => {
    const writer = createWriter(sqlite);
    await expect(writer.hold(() => Promise.reject(new Error('worker died')))).rejects.toThrow('worker died');
    expect(writer.held).toBe(false);
    await expect(writer.run(insert('a', 1))).resolves.toBe(1);
  });

  it('carries at most 64 writes in one group and still runs them all', async () => {
    const writer = createWriter(sqlite);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => writer.run(insert(`k${i}`, i))));
    expect(results).toHaveLength(200);
    expect(sqlite.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 200 });
  });
});
