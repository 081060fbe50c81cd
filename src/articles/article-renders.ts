import type Database from 'better-sqlite3';
import { createBoundedMap, createChangeWatch } from '../db/change-watch.js';

/** A rendered article (`full`, what GET /v1/articles/{id} and include=body show) or list card (`card`). */
export type RenderKind = 'full' | 'card';

/**
 * Rendered articles and list cards by article id, each good for exactly one ETag. The ETag changes with everything
 * an article shows (its own version and update time, and the newest update among the images and quotes it
 * resolves), so a write empties nothing here: an article re-renders only once its own ETag has changed, and the
 * other 19 cards of a list page are still good after one article is edited.
 * NOTE: this process's writes always move the ETag (update() bumps version and updated_at; images and quotes
 * their updated_at). Another connection's raw SQL might not, so its commits (data_version) empty the memo.
 */
export function createRenderMemo(
  sqlite: Database.Database,
  limits: Record<RenderKind, { maxEntries: number; maxBytes: number }>,
) {
  const watch = createChangeWatch(sqlite, { ownWrites: false });
  const maps = { full: createBoundedMap<Entry>(limits.full), card: createBoundedMap<Entry>(limits.card) };
  return {
    /** Call once per request before get(): forgets everything when another connection has committed. */
    sync(): void {
      if (watch.changed()) {
        maps.full.clear();
        maps.card.clear();
      }
    },
    get(kind: RenderKind, id: string, etag: string): string | undefined {
      const entry = maps[kind].get(id);
      return entry?.etag === etag ? entry.json : undefined;
    },
    set(kind: RenderKind, id: string, etag: string, json: string): void {
      maps[kind].set(id, { etag, json });
    },
  };
}

type Entry = { etag: string; json: string };

export type RenderMemo = ReturnType<typeof createRenderMemo>;
