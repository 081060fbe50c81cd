import type Database from 'better-sqlite3';
import type { ImageRecord } from '../images/images.repository.js';
import type { ArticleRecord } from './articles.repository.js';

// What the sitemaps read of the public articles (formats/sitemaps.ts writes them). Every statement goes down
// articles_status_published_idx (status, published_at, id) in its order: a walk resumes after a (published_at, id)
// position, so a page of 50,000 is read in batches without ever holding it whole, and a million articles cost
// bounded memory. The order is oldest published first: a newly published article lands on the last page, so the
// earlier pages (and their lastmod) stay put.

/** An article as a sitemap lists it: its page address's fields, its times and headline. */
export type SitemapEntry = Pick<
  ArticleRecord,
  'id' | 'slug' | 'section' | 'headline' | 'published_at' | 'created_at' | 'updated_at'
> & { published_at: number };

/** An article as a sitemap page lists it, with what its lead image's URL is made of (images.repository imageUrl). */
export type SitemapPageEntry = SitemapEntry &
  Pick<ImageRecord, 'file_name' | 'focal_x' | 'focal_y' | 'source_url'> & { image_id: string | null };

/** A place in the walk: the last (published_at, id) read. */
export type WalkPosition = { publishedAt: number; id: string };

const ENTRY_COLUMNS = 'id, slug, section, headline, published_at, created_at, updated_at';
// NOTE: a page's rows bring their lead image's URL fields along (one primary-key lookup each) rather than asking the
// images repository for every batch's images: that read whole image rows and mapped them, a third of a page's time.
const PAGE_COLUMNS = `${ENTRY_COLUMNS.split(', ')
  .map((column) => `articles.${column}`)
  .join(', ')}, images.id AS image_id, images.file_name, images.focal_x, images.focal_y, images.source_url`;
const PAGE_FROM = 'articles LEFT JOIN images ON images.id = articles.lead_image_id';
const PUBLIC = "status = 'published' AND published_at <= ?";
// NOTE: past a position, the row value must be the walk's only range on the index: with a second bound on
// published_at the planner may range over that one instead and test every entry from the start (a walk of a
// million would then read O(n²) entries). `+published_at` keeps the time off the index (see articles-list).
const PUBLIC_AFTER = "status = 'published' AND +published_at <= ?";

/** Every statement the sitemaps run, exported so that test/formats/sitemaps.plans.test.ts checks their plans. */
export const SITEMAP_SQL = {
  firstBatch: `SELECT ${PAGE_COLUMNS} FROM ${PAGE_FROM} WHERE articles.${PUBLIC}
    ORDER BY articles.published_at, articles.id LIMIT ?`,
  nextBatch: `SELECT ${PAGE_COLUMNS} FROM ${PAGE_FROM} WHERE articles.${PUBLIC_AFTER}
    AND (articles.published_at, articles.id) > (?, ?) ORDER BY articles.published_at, articles.id LIMIT ?`,
  // The index walk needs only the position and the update time of each article.
  firstTimes: `SELECT published_at, id, updated_at FROM articles WHERE ${PUBLIC} ORDER BY published_at, id LIMIT ?`,
  nextTimes: `SELECT published_at, id, updated_at FROM articles WHERE ${PUBLIC_AFTER} AND (published_at, id) > (?, ?)
    ORDER BY published_at, id LIMIT ?`,
  // NOTE: an OFFSET over the covering index (status, published_at, id): the entries skipped are index entries
  // only, no article row is read.
  positionAt: `SELECT published_at, id FROM articles WHERE ${PUBLIC} ORDER BY published_at, id LIMIT 1 OFFSET ?`,
  newest: `SELECT ${ENTRY_COLUMNS} FROM articles WHERE ${PUBLIC} AND published_at > ?
    ORDER BY published_at DESC, id DESC LIMIT ?`,
};

export function createSitemapReader(sqlite: Database.Database) {
  const firstBatch = sqlite.prepare<[number, number], SitemapPageEntry>(SITEMAP_SQL.firstBatch);
  const nextBatch = sqlite.prepare<[number, number, string, number], SitemapPageEntry>(SITEMAP_SQL.nextBatch);
  const firstTimes = sqlite.prepare<[number, number], [number, string, number]>(SITEMAP_SQL.firstTimes).raw();
  const nextTimes = sqlite
    .prepare<[number, number, string, number], [number, string, number]>(SITEMAP_SQL.nextTimes)
    .raw();
  const positionAt = sqlite.prepare<[number, number], [number, string]>(SITEMAP_SQL.positionAt).raw();
  const newest = sqlite.prepare<[number, number, number], SitemapEntry>(SITEMAP_SQL.newest);

  return {
    /** Up to `limit` public articles after `after` (from the start when null), oldest published first. */
    entriesAfter(after: WalkPosition | null, limit: number, now: number): SitemapPageEntry[] {
      return after ? nextBatch.all(now, after.publishedAt, after.id, limit) : firstBatch.all(now, limit);
    },

    /** The same walk, reading only each article's position and updatedAt: [publishedAt, id, updatedAt]. */
    timesAfter(after: WalkPosition | null, limit: number, now: number): Array<[number, string, number]> {
      return after ? nextTimes.all(now, after.publishedAt, after.id, limit) : firstTimes.all(now, limit);
    },

    /** The position of the public article at `offset` (0: the oldest), or null past the last one. */
    positionAt(offset: number, now: number): WalkPosition | null {
      const found = positionAt.get(now, offset);
      return found ? { publishedAt: found[0], id: found[1] } : null;
    },

    /** Public articles published after `since`, newest first, at most `limit` (the news sitemap). */
    publishedSince(since: number, limit: number, now: number): SitemapEntry[] {
      return newest.all(now, since, limit);
    },
  };
}

export type SitemapReader = ReturnType<typeof createSitemapReader>;
