import type Database from 'better-sqlite3';

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
 * evicted oldest first once `maxEntries` or `maxBytes` (of rendered JSON) is reached.
 */
export function createResponseCache<T extends { json: string | Buffer }>(
  sqlite: Database.Database,
  limits: { maxEntries: number; maxBytes: number },
) {
  const watch = createChangeWatch(sqlite);
  const entries = createBoundedMap<T>(limits);
  return {
    get(key: string): T | undefined {
      if (watch.changed()) entries.clear();
      return entries.get(key);
    },
    set: entries.set,
  };
}

/**
 * A map of rendered JSON (or of documents kept as encoded bytes, formats/documents.ts) bounded by entries and
 * bytes (a string's length counts as its bytes); the oldest entry goes first.
 */
export function createBoundedMap<T extends { json: string | Buffer }>(limits: {
  maxEntries: number;
  maxBytes: number;
}) {
  const entries = new Map<string, T>();
  let bytes = 0;
  return {
    get: (key: string): T | undefined => entries.get(key),
    clear(): void {
      entries.clear();
      bytes = 0;
    },
    set(key: string, value: T): void {
      if (value.json.length > limits.maxBytes) return;
      const previous = entries.get(key);
      if (previous) {
        entries.delete(key);
        bytes -= previous.json.length;
      }
      while (entries.size > 0 && (entries.size >= limits.maxEntries || bytes + value.json.length > limits.maxBytes)) {
        const [oldestKey, oldest] = entries.entries().next().value as [string, T];
        entries.delete(oldestKey);
        bytes -= oldest.json.length;
      }
      entries.set(key, value);
      bytes += value.json.length;
    },
  };
}

/**
 * Values derived from the database (a filtered list's `meta.total`, a search's set of matching rows) by key, each
 * good until `validUntil` (when a scheduled article comes due) and all forgotten whenever the database may have
 * changed, exactly like the response caches: a value is never older than the last write, by this process or
 * another. Oldest first out past `maxEntries` (0: keeps none).
 */
export function createDerivedCache<T>(sqlite: Database.Database, limits: { maxEntries: number }) {
  const watch = createChangeWatch(sqlite);
  const entries = new Map<string, { value: T; validUntil: number }>();
  return {
    get(key: string, now: number): T | undefined {
      if (watch.changed()) entries.clear();
      const entry = entries.get(key);
      return entry && now < entry.validUntil ? entry.value : undefined;
    },
    set(key: string, value: T, validUntil: number): void {
      if (limits.maxEntries <= 0) return;
      entries.delete(key);
      if (entries.size >= limits.maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { value, validUntil });
    },
  };
}
