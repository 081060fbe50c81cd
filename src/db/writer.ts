import type Database from 'better-sqlite3';

/**
 * The one way the SQLite stores write. `run(work)` runs `work` (synchronous: better-sqlite3 statements only, never
 * an await) atomically and settles with its result once it is committed; a throw undoes all of that work and
 * rejects with the error.
 *
 * Group commit: the writes that arrive in the same turn of the event loop (concurrent requests) are committed
 * together, one transaction with a savepoint per write. Most of a small write's cost is its commit (the WAL
 * frames of the table, its indexes and the search index), so a busy server pays it once for several writes. A
 * write is still acknowledged only after its commit, so no one reads an answer that a crash could take back, and
 * a write that fails rolls back to its own savepoint, leaving the others of its group untouched.
 *
 * `hold(task)` keeps every other write waiting (queued, not blocking the event loop) while `task` runs: an import
 * that writes on its own connection in a worker thread holds the writer, so that no write of this connection has
 * to wait for the database lock with the thread blocked in `busy_timeout`.
 */
export type Writer = {
  run<T>(work: () => T): Promise<T>;
  hold<T>(task: () => Promise<T>): Promise<T>;
  /** Whether a hold is in progress (writes are queued until it ends). */
  readonly held: boolean;
  /** Calls `listener` after each commit of this writer (checkpointer.ts); returns what stops it. */
  onCommit(listener: () => void): () => void;
};

type Pending = { work: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The most writes one commit carries: a bound on how long a group keeps the database (and the thread). */
const MAX_GROUP = 64;

export function createWriter(sqlite: Database.Database): Writer {
  let holding: Promise<unknown> | null = null;
  let scheduled = false;
  const queue: Pending[] = [];
  const committed = new Set<() => void>();
  const notify = () => {
    for (const listener of committed) listener();
  };

  function schedule(): void {
    if (scheduled || holding !== null || queue.length === 0) return;
    scheduled = true;
    // setImmediate, not a microtask: it runs after the poll phase has read every socket that was ready, so the
    // requests that arrived together are grouped.
    setImmediate(flush);
  }

  function flush(): void {
    scheduled = false;
    if (holding !== null) return;
    const group = queue.splice(0, MAX_GROUP);
    if (group.length === 1) {
      const [only] = group as [Pending];
      try {
        only.resolve(sqlite.transaction(only.work).immediate());
        notify();
      } catch (error) {
        only.reject(error);
      }
    } else {
      const outcomes: Outcome[] = [];
      try {
        sqlite
          .transaction(() => {
            for (const item of group) {
              // A transaction function called inside a transaction is a savepoint (better-sqlite3): a throw rolls
              // back this write alone.
              try {
                outcomes.push({ ok: true, value: sqlite.transaction(item.work)() });
              } catch (error) {
                outcomes.push({ ok: false, error });
              }
            }
          })
          .immediate();
      } catch (error) {
        // The group could not begin or commit (the database busy with another process, a full disk): none of it
        // was written.
        for (const item of group) item.reject(error);
        schedule();
        return;
      }
      notify();
      group.forEach((item, index) => {
        const outcome = outcomes[index] as Outcome;
        if (outcome.ok) item.resolve(outcome.value);
        else item.reject(outcome.error);
      });
    }
    schedule();
  }

  return {
    get held() {
      return holding !== null;
    },
    run<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },
    onCommit(listener) {
      committed.add(listener);
      return () => committed.delete(listener);
    },
    async hold<T>(task: () => Promise<T>): Promise<T> {
      while (holding) await holding.catch(() => undefined);
      const current = task();
      holding = current;
      try {
        return await current;
      } finally {
        holding = null;
        schedule();
      }
    },
  };
}
