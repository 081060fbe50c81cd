import type Database from 'better-sqlite3';
import { LRUCache } from 'lru-cache';

/**
 * The change feed: what the caches above the seam watch to know that the database may have changed, whoever
 * wrote to it (this process, a CLI, another instance). An engine provides one; a cache never asks the database
 * itself, so a write never has to remember to empty a cache.
 */
export interface ChangeFeed {
  /** A watch whose `changed()` is true when anything may have been written since its previous call (and first). */
  watch(options?: {
    /** false: only other connections' or instances' commits count (for caches keyed by what they render). */
    ownWrites?: boolean;
  }): { changed(): boolean };
}

/** SQLite's change feed: createChangeWatch on the server's connection. */
export function sqliteChangeFeed(sqlite: Database.Database): ChangeFeed {
  return { watch: (options) => createChangeWatch(sqlite, options) };
}

/**
 * Tells whether the database may have changed since the last look, by any writer: `total_changes()` counts the
 * rows this connection changed (the server's own writes) and `data_version` changes when another connection
 * commits (a seed or token CLI, a second server process). One cheap statement, no hooks on the write paths, so a
 * cache built on it cannot miss a write however the write was made.
 */
export function createChangeWatch(
  sqlite: Database.Database,
  options: {
    /** false: only other connections' commits count (for caches whose keys already change with own writes). */
    ownWrites?: boolean;
  } = {},
) {
  const ownWrites = options.ownWrites ?? true;
  // NOTE: two statements, not one: `pragma_data_version` as a table-valued function costs ~7 µs a call, the
  // PRAGMA statement ~3 µs and total_changes() under 1 µs (measured on the bench machine). Plucked numbers: no row
  // object, no string key.
  const own = sqlite.prepare<[], number>('SELECT total_changes()').pluck();
  const other = sqlite.prepare<[], number>('PRAGMA data_version').pluck();
  let lastOwn = -1;
  let lastOther = -1;
  return {
    /** True when something may have been written since the previous call (and on the first call). */
    changed(): boolean {
      const nowOwn = ownWrites ? (own.get() as number) : 0;
      const nowOther = other.get() as number;
      if (nowOwn === lastOwn && nowOther === lastOther) return false;
      lastOwn = nowOwn;
      lastOther = nowOther;
      return true;
    },
  };
}

/**
 * A bounded map of rendered responses that empties itself whenever the database may have changed. Entries are
 * evicted least recently used first once `maxEntries` or `maxBytes` (of rendered JSON) is reached.
 *
 * A read that began before a write and ends after another request has emptied the cache for that write must not
 * store its answer (it would be kept until the next write): read `epoch()` right after `get` (no await between)
 * and pass it to `set`, which stores nothing once the cache has emptied since.
 */
export function createResponseCache<T extends { json: string | Buffer }>(
  feed: ChangeFeed,
  limits: { maxEntries: number; maxBytes: number },
) {
  const watch = feed.watch();
  const entries = createBoundedMap<T>(limits);
  let epoch = 0;
  return {
    get(key: string): T | undefined {
      if (watch.changed()) {
        entries.clear();
        epoch += 1;
      }
      return entries.get(key);
    },
    /** How many times it has emptied: what `set` compares with. */
    epoch: (): number => epoch,
    /** Stores `value` unless the cache emptied after `since` (its epoch() when the value's read began). */
    set(key: string, value: T, since: number): void {
      if (since === epoch) entries.set(key, value);
    },
  };
}

/**
 * A map of rendered JSON (or of documents kept as encoded bytes, formats/documents.ts) bounded by entries and
 * bytes (a string's length counts as its bytes), least recently used out first; limits of 0 keep nothing
 * (RENDER_CACHE=false).
 */
export function createBoundedMap<T extends { json: string | Buffer }>(limits: {
  maxEntries: number;
  maxBytes: number;
}) {
  if (limits.maxEntries <= 0 || limits.maxBytes <= 0) {
    return { get: (_key: string): T | undefined => undefined, clear(): void {}, set(_key: string, _value: T): void {} };
  }
  const entries = new LRUCache<string, T>({
    max: limits.maxEntries,
    maxSize: limits.maxBytes,
    // NOTE: lru-cache refuses a size of 0; JSON text is never shorter than 1 character anyway.
    sizeCalculation: (value) => Math.max(1, value.json.length),
  });
  return {
    get: (key: string): T | undefined => entries.get(key),
    clear: (): void => entries.clear(),
    set(key: string, value: T): void {
      // NOTE: lru-cache keeps nothing larger than maxSize (maxEntrySize defaults to it), as before.
      entries.set(key, value);
    },
  };
}

/**
 * Values derived from the database (a filtered list's `meta.total`, a search's set of matching rows) by key, each
 * good until `validUntil` (when a scheduled article comes due) and all forgotten whenever the database may have
 * changed, exactly like the response caches: a value is never older than the last write, by this process or
 * another. Least recently used out first past `maxEntries` (0: keeps none).
 */
export function createDerivedCache<T extends {}>(feed: ChangeFeed, limits: { maxEntries: number }) {
  const watch = feed.watch();
  const entries =
    limits.maxEntries > 0 ? new LRUCache<string, { value: T; validUntil: number }>({ max: limits.maxEntries }) : null;
  let epoch = 0;
  return {
    get(key: string, now: number): T | undefined {
      if (watch.changed()) {
        entries?.clear();
        epoch += 1;
      }
      const entry = entries?.get(key);
      return entry && now < entry.validUntil ? entry.value : undefined;
    },
    /** As createResponseCache's: read right after `get`, pass to `set`. */
    epoch: (): number => epoch,
    /**
     * Stores a value. `since`: its epoch() when the value's read began; nothing is stored once the cache has
     * emptied after it (a read that spans an await). A read with no await between `get` and `set` (SQLite's) may
     * leave it out.
     */
    set(key: string, value: T, validUntil: number, since = epoch): void {
      if (since === epoch) entries?.set(key, { value, validUntil });
    },
  };
}
