import type Database from 'better-sqlite3';

/**
 * The one way the SQLite stores write. `run(work)` runs `work` (synchronous: better-sqlite3 statements only, never
 * an await) inside one transaction and settles with its result; a throw rolls the whole of it back and rejects.
 *
 * `hold(task)` keeps every other write waiting (queued, not blocking the event loop) while `task` runs: an import
 * that writes on its own connection in a worker thread holds the writer, so that no write of this connection has
 * to wait on the database lock with the thread blocked in `busy_timeout`.
 */
export type Writer = {
  run<T>(work: () => T): Promise<T>;
  hold<T>(task: () => Promise<T>): Promise<T>;
  /** Whether a hold is in progress (writes are queued until it ends). */
  readonly held: boolean;
};

export function createWriter(sqlite: Database.Database): Writer {
  let holding: Promise<unknown> | null = null;

  function runNow<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(sqlite.transaction(work).immediate());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  return {
    get held() {
      return holding !== null;
    },
    async run<T>(work: () => T): Promise<T> {
      while (holding) await holding.catch(() => undefined);
      return runNow(work);
    },
    async hold<T>(task: () => Promise<T>): Promise<T> {
      while (holding) await holding.catch(() => undefined);
      const current = task();
      holding = current;
      try {
        return await current;
      } finally {
        holding = null;
      }
    },
  };
}
