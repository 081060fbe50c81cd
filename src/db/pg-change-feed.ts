import type { ChangeFeed } from './change-watch.js';
import type { PgDb } from './pg-client.js';

/** PostgreSQL's change feed: what the caches watch, across instances (LISTEN/NOTIFY). */
export type PgChangeFeed = ChangeFeed & {
  /** For the article render memo: true when an image or quote may have changed since the previous call. */
  referencesWatch(): () => boolean;
  /** Opens the listening connection; resolves once it listens. */
  start(): Promise<void>;
  close(): Promise<void>;
};

// Scaffolding (replaced by the LISTEN/NOTIFY feed): every watch says "changed", so every cache is always empty.
export function createPgChangeFeed(db: PgDb): PgChangeFeed {
  void db;
  const always = () => ({ changed: () => true });
  return { watch: always, referencesWatch: () => () => true, start: async () => {}, close: async () => {} };
}
