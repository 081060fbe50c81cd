import type Database from 'better-sqlite3';

// A counter per database connection that moves on every write of an image or a quote made through it, for the
// renderings that show them (articles/article-renders.ts). NOTE: it replaces "the newest updated_at of the images
// and quotes tables", which a write can leave unmoved: an edit's updated_at is max(now, its own previous + 1), so
// it stays below a newer row's after the clock steps back, or within the millisecond of another row's edits.
// Writes by other connections are seen through PRAGMA data_version instead (db/change-watch.ts).
const generations = new WeakMap<Database.Database, number>();

/** Call after (or before) each write of an image or a quote on `sqlite`; a rolled-back write costs a re-render. */
export function referencesChanged(sqlite: Database.Database): void {
  generations.set(sqlite, (generations.get(sqlite) ?? 0) + 1);
}

/** The current generation: a different value from the last one read means an image or quote may have changed. */
export function referencesGeneration(sqlite: Database.Database): number {
  return generations.get(sqlite) ?? 0;
}
