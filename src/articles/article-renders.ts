import { createBoundedMap } from '../db/change-watch.js';
import { articleEtagAmong, toListItem } from './articles.mapper.js';
import type { ArticleListRow, ArticlesStore } from './articles.store.js';

/** A rendered article (`full`, what GET /v1/articles/{id} and include=body show) or list card (`card`). */
export type RenderKind = 'full' | 'card';

/**
 * Rendered articles and list cards by article id, each good for one state of its article (`articleState`: version
 * and update time, which every write of this process moves) while no image or quote has changed. So a write
 * empties nothing here: an article re-renders only once it has changed, and the other 19 cards of a list page are
 * still good after one article is edited; an image or quote edit, rare beside reads, forgets everything.
 * `referencesChanged` says whether an image or a quote may have changed since it was last asked (on SQLite,
 * articles.sqlite.ts referencesWatch: also any commit of another connection, whose raw SQL might change an
 * article without moving its version).
 */
export function createRenderMemo(
  referencesChanged: () => boolean,
  limits: Record<RenderKind, { maxEntries: number; maxBytes: number }>,
) {
  const maps = { full: createBoundedMap<Entry>(limits.full), card: createBoundedMap<Entry>(limits.card) };
  let epoch = 0;
  return {
    /** Call once per request before get(): forgets everything when an image, a quote or another connection wrote. */
    sync(): void {
      if (referencesChanged()) {
        maps.full.clear();
        maps.card.clear();
        epoch += 1;
      }
    },
    /**
     * How many times it has forgotten everything. Read before a rendering's reads begin and pass it to set(): a
     * rendering read before an image or quote write, stored after another request forgot everything for that
     * write, would otherwise show the old image or quote until the next one (as db/change-watch.ts's caches).
     */
    epoch: (): number => epoch,
    /** The rendering of article `id` in `state` (see articleState), with its ETag for `full` ones. */
    get(kind: RenderKind, id: string, state: string): Rendering | undefined {
      const entry = maps[kind].get(id);
      return entry?.state === state ? entry : undefined;
    },
    set(kind: RenderKind, id: string, rendering: Rendering, since: number): void {
      if (since === epoch) maps[kind].set(id, rendering);
    },
  };
}

/** What a rendering is good for: the article's version and update time. */
export function articleState(row: { version: number; updatedAt: number }): string {
  return `${row.version}:${row.updatedAt}`;
}

/** A rendering: the article's state it shows, its JSON, and (for whole articles) its ETag. */
export type Rendering = { state: string; json: string; etag?: string };
type Entry = Rendering;

export type RenderMemo = ReturnType<typeof createRenderMemo>;

/**
 * A list page's items as JSON, one string an article (a card, or the whole article with `withBody`), in the page's
 * order: from the memo, and only the others read (in one statement), resolved, rendered and kept. The page's rows
 * carry only what the memo is keyed by (see ArticleListRow). Call `renders.sync()` first. The article list and the
 * feeds (formats/feeds.routes.ts) share it, so a feed item is exactly what `include=body` gives.
 */
export async function renderListItems(
  articles: Pick<ArticlesStore, 'loadBySeqs'>,
  renders: RenderMemo,
  rows: readonly ArticleListRow[],
  withBody: boolean,
): Promise<string[]> {
  const kind = withBody ? 'full' : 'card';
  const since = renders.epoch();
  const parts = rows.map((row) => renders.get(kind, row.id, articleState(row))?.json);
  const missingSeqs = rows.filter((_row, i) => parts[i] === undefined).map((row) => row.seq);
  if (missingSeqs.length > 0) {
    // NOTE: a write between the page and this read leaves a card of the newer state, kept under that state.
    const { rows: missing, resolved } = await articles.loadBySeqs(missingSeqs, withBody);
    const rendered = new Map<string, string>();
    for (const row of missing) {
      const json = JSON.stringify(toListItem(row, resolved, withBody));
      const etag = withBody ? articleEtagAmong(row, resolved) : undefined;
      renders.set(kind, row.id, { state: articleState(row), json, etag }, since);
      rendered.set(row.id, json);
    }
    rows.forEach((row, i) => {
      parts[i] ??= rendered.get(row.id);
    });
  }
  return parts.filter((part) => part !== undefined);
}
