import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Writer } from './writer.js';

// WAL checkpoints off the event loop. By default SQLite checkpoints inside the commit that takes the WAL past
// 1,000 pages: that commit copies those pages into the database file and syncs both files (synchronous=NORMAL
// syncs at each checkpoint), with the event loop blocked meanwhile. Measured on a 10,000-article database, 2,000
// creates in groups of 10: 944 µs a create with the checkpoints in the commits, 618 µs without them; under the
// benchmark's load (10 connections), creates went from 0.62 to 0.73-0.77 of the reference server and updates
// from 1.6 to 2.2. Without any checkpoint the WAL grows and every page read searches a longer index (creates got
// slower than with inline checkpoints), so they are not dropped: they run in a worker thread on a connection of
// its own, PASSIVE (never waiting for a reader or the writer), a moment after the commits that need them.

/** How long after a commit the checkpoint runs: commits in between share it (~1,000 WAL pages at 1,000 creates/s). */
const DELAY_MS = 100;

/** SQLite's own threshold (pages), put back if the worker fails: checkpoints then happen in the commits again. */
const INLINE_AUTOCHECKPOINT = 1000;

// The worker's code: a few lines of plain CommonJS, run from a string so that it needs no build step or loader
// (the server runs compiled, the tests from the TypeScript sources). `driver` is better-sqlite3's entry point.
// A failure is sent back as its message (an error thrown in a worker loses its message on the way out).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let db;
function fail(error) {
  parentPort.postMessage({ failed: String((error && error.message) || error) });
  if (db && db.open) db.close();
  parentPort.close();
}
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file, { fileMustExist: true });
} catch (error) {
  fail(error);
}
parentPort.on('message', (message) => {
  if (!db || !db.open) return;
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    fail(error);
  }
});
`;

export type Checkpointer = {
  /** Stops it: the worker closes its connection and exits (the caller's close then checkpoints what is left). */
  close(): Promise<void>;
};

export type CheckpointerOptions = {
  /** Told when the worker fails (checkpoints go back into the commits). */
  onError?: (error: Error) => void;
  delayMs?: number;
};

/**
 * Moves the checkpoints of `sqlite` (a file database in WAL mode, written through `writer`) to a worker thread,
 * started at the first commit. Returns undefined, changing nothing, for a database that has no WAL (in memory,
 * read-only, another journal mode).
 */
export function startCheckpointer(
  sqlite: Database.Database,
  writer: Writer,
  options: CheckpointerOptions = {},
): Checkpointer | undefined {
  const walMode = sqlite.pragma('journal_mode', { simple: true }) === 'wal';
  if (sqlite.memory || sqlite.readonly || !walMode) return undefined;
  const delay = options.delayMs ?? DELAY_MS;
  let worker: Worker | undefined;
  let exited: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  /** Checkpoints in the commits again: after a failure of the worker, and once stopped. */
  const inline = () => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${INLINE_AUTOCHECKPOINT}`);
  };

  function start(): Worker {
    const started = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file: sqlite.name },
    });
    // It never keeps a process alive on its own (a script that has finished its writes exits).
    started.unref();
    const failed = (error: Error) => {
      if (stopped) return;
      stopped = true;
      inline();
      options.onError?.(error);
    };
    started.on('message', (message: { failed?: string }) => {
      if (message.failed !== undefined) failed(new Error(message.failed));
    });
    started.on('error', failed);
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    return started;
  }

  function checkpoint(): void {
    timer = undefined;
    if (stopped) return;
    worker ??= start();
    worker.postMessage('checkpoint');
  }

  sqlite.pragma('wal_autocheckpoint = 0');
  const unsubscribe = writer.onCommit(() => {
    if (stopped || timer !== undefined) return;
    timer = setTimeout(checkpoint, delay);
    timer.unref();
  });

  return {
    async close() {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const running = !stopped && worker !== undefined;
      stopped = true;
      if (running) worker!.postMessage('close');
      await exited;
      inline();
    },
  };
}
