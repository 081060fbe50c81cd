import { type SQL, sql } from 'drizzle-orm';
import type { PgDb } from '../db/pg-client.js';
import type { SitemapEntry, SitemapPageEntry, SitemapReader, WalkPosition } from './articles.store.js';

// What the sitemaps read of the public articles, on PostgreSQL: the same walks as articles-sitemap.sqlite.ts, down
// articles_status_published_idx (status, published_at, id) in its order, oldest published first. A walk resumes
// after a (published_at, id) position written as a row value, which PostgreSQL takes as one range of that index
// (its equality on status first), so a deep page costs what the first does.
// NOTE: SQL written by hand for the row-value comparison, which the query builder cannot say. Rows come from
// pool queries, so bigint columns (times) arrive as text and are made numbers here.

const ENTRY_LIST = ['id', 'slug', 'section', 'headline', 'published_at', 'created_at', 'updated_at']
  .map((column) => `articles.${column}`)
  .join(', ');
const ENTRY_COLUMNS = sql.raw(ENTRY_LIST);
// A page's rows bring their lead image's URL fields along, as on SQLite.
const PAGE_COLUMNS = sql.raw(
  `${ENTRY_LIST}, images.id AS image_id, images.file_name, images.focal_x, images.focal_y, images.source_url`,
);

type RawEntry = {
  id: string;
  slug: string;
  section: string | null;
  headline: string;
  published_at: string | number;
  created_at: string | number;
  updated_at: string | number;
};
type RawPageEntry = RawEntry & {
  image_id: string | null;
  file_name: string | null;
  focal_x: number | null;
  focal_y: number | null;
  source_url: string | null;
};

function toEntry(raw: RawEntry): SitemapEntry {
  return {
    id: raw.id,
    slug: raw.slug,
    section: raw.section,
    headline: raw.headline,
    publishedAt: Number(raw.published_at),
    createdAt: Number(raw.created_at),
    updatedAt: Number(raw.updated_at),
  };
}

function toPageEntry(raw: RawPageEntry): SitemapPageEntry {
  return {
    ...toEntry(raw),
    imageId: raw.image_id,
    fileName: raw.file_name,
    focalX: raw.focal_x,
    focalY: raw.focal_y,
    sourceUrl: raw.source_url,
  };
}

/** The public articles (published and due) after `after` in the walk's order. */
function publicAfter(now: number, after: WalkPosition | null): SQL {
  const due = sql`articles.status = 'published' AND articles.published_at <= ${now}`;
  return after
    ? sql`${due} AND (articles.published_at, articles.id) > (${after.publishedAt}::bigint, ${after.id})`
    : due;
}

export function createPgSitemapReader(db: PgDb): SitemapReader {
  const rows = async <T>(statement: SQL): Promise<T[]> => (await db.orm.execute(statement)).rows as T[];

  return {
    async entriesAfter(after, limit, now) {
      const found = await rows<RawPageEntry>(sql`SELECT ${PAGE_COLUMNS}
        FROM articles LEFT JOIN images ON images.id = articles.lead_image_id
        WHERE ${publicAfter(now, after)} ORDER BY articles.published_at, articles.id LIMIT ${limit}`);
      return found.map(toPageEntry);
    },

    async timesAfter(after, limit, now) {
      const found = await rows<{ published_at: string; id: string; updated_at: string }>(
        sql`SELECT articles.published_at, articles.id, articles.updated_at FROM articles
          WHERE ${publicAfter(now, after)} ORDER BY articles.published_at, articles.id LIMIT ${limit}`,
      );
      return found.map((row): [number, string, number] => [Number(row.published_at), row.id, Number(row.updated_at)]);
    },

    async positionAt(offset, now) {
      // An OFFSET over the index (status, published_at, id): the entries skipped are read from the index.
      const [found] = await rows<{ published_at: string; id: string }>(
        sql`SELECT articles.published_at, articles.id FROM articles WHERE ${publicAfter(now, null)}
          ORDER BY articles.published_at, articles.id LIMIT 1 OFFSET ${offset}`,
      );
      return found ? { publishedAt: Number(found.published_at), id: found.id } : null;
    },

    async publishedSince(since, limit, now) {
      const found = await rows<RawEntry>(
        sql`SELECT ${ENTRY_COLUMNS} FROM articles WHERE ${publicAfter(now, null)} AND articles.published_at > ${since}
          ORDER BY articles.published_at DESC, articles.id DESC LIMIT ${limit}`,
      );
      return found.map(toEntry);
    },
  };
}
