import type { Db } from '../db/client.js';
import type { SitemapEntry, SitemapPageEntry, SitemapReader } from './articles.store.js';

// What the sitemaps read of the public articles (formats/sitemaps.ts writes them), on SQLite. Every statement goes down
// articles_status_published_idx (status, published_at, id) in its order: a walk resumes after a (published_at, id)
// position, so a page of 50,000 is read in batches without ever holding it whole, and a million articles cost
// bounded memory. The order is oldest published first: a newly published article lands on the last page, so the
// earlier pages (and their lastmod) stay put.
// NOTE: SQL written by hand, not the query builder: each statement's plan rests on a row-value comparison and on
// `+published_at` keeping a term off the index, which the builder cannot say; test/formats/sitemaps.plans.test.ts
// checks the plan of exactly these statements. Columns are aliased to the records' camelCase names.

const ENTRY_COLUMNS = [
  'id',
  'slug',
  'section',
  'headline',
  'published_at AS publishedAt',
  'created_at AS createdAt',
  'updated_at AS updatedAt',
];
// NOTE: a page's rows bring their lead image's URL fields along (one primary-key lookup each) rather than asking the
// images repository for every batch's images: that read whole image rows and mapped them, a third of a page's time.
const PAGE_COLUMNS = `${ENTRY_COLUMNS.map((column) => `articles.${column}`).join(', ')}, images.id AS imageId, images.file_name AS fileName, images.focal_x AS focalX, images.focal_y AS focalY, images.source_url AS sourceUrl`;
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
  newest: `SELECT ${ENTRY_COLUMNS.join(', ')} FROM articles WHERE ${PUBLIC} AND published_at > ?
    ORDER BY published_at DESC, id DESC LIMIT ?`,
};

export function createSqliteSitemapReader(db: Db): SitemapReader {
  const sqlite = db.$client;
  const firstBatch = sqlite.prepare<[number, number], SitemapPageEntry>(SITEMAP_SQL.firstBatch);
  const nextBatch = sqlite.prepare<[number, number, string, number], SitemapPageEntry>(SITEMAP_SQL.nextBatch);
  const firstTimes = sqlite.prepare<[number, number], [number, string, number]>(SITEMAP_SQL.firstTimes).raw();
  const nextTimes = sqlite
    .prepare<[number, number, string, number], [number, string, number]>(SITEMAP_SQL.nextTimes)
    .raw();
  const positionAt = sqlite.prepare<[number, number], [number, string]>(SITEMAP_SQL.positionAt).raw();
  const newest = sqlite.prepare<[number, number, number], SitemapEntry>(SITEMAP_SQL.newest);

  return {
    async entriesAfter(after, limit, now) {
      return after ? nextBatch.all(now, after.publishedAt, after.id, limit) : firstBatch.all(now, limit);
    },

    async timesAfter(after, limit, now) {
      return after ? nextTimes.all(now, after.publishedAt, after.id, limit) : firstTimes.all(now, limit);
    },

    async positionAt(offset, now) {
      const found = positionAt.get(now, offset);
      return found ? { publishedAt: found[0], id: found[1] } : null;
    },

    async publishedSince(since, limit, now) {
      return newest.all(now, since, limit);
    },
  };
}
