import Database from 'better-sqlite3';
import type { ArticleRecord } from '../articles/articles.store.js';
import type { ImageRecord } from '../images/images.store.js';
import type { QuoteRecord } from '../quotes/quotes.store.js';
import type { ExportQuery } from './import.schemas.js';

// NOTE: an export reads on a connection of its own, inside one read transaction. better-sqlite3 keeps a
// connection busy while a statement is being iterated, and an export iterates for as long as the client takes to
// download it: on the server's connection every other request would fail meanwhile. In WAL mode this reader sees
// one snapshot from its first SELECT to its COMMIT, so a bundle never names an image that a concurrent delete
// removed halfway through, and writers are not blocked.

export type ExportImageRow = Pick<
  ImageRecord,
  | 'id'
  | 'key'
  | 'sourceUrl'
  | 'fileName'
  | 'altText'
  | 'caption'
  | 'credit'
  | 'creator'
  | 'copyrightNotice'
  | 'focalX'
  | 'focalY'
>;

export type ExportQuoteRow = Pick<
  QuoteRecord,
  | 'id'
  | 'key'
  | 'text'
  | 'speaker'
  | 'speakerType'
  | 'speakerRole'
  | 'organisation'
  | 'channel'
  | 'sourceUrl'
  | 'saidAt'
>;

export type ExportArticleRow = Pick<
  ArticleRecord,
  | 'slug'
  | 'headline'
  | 'standfirst'
  | 'section'
  | 'tags'
  | 'byline'
  | 'body'
  | 'leadImageId'
  | 'status'
  | 'publishedAt'
  | 'corrections'
>;

/** Rows as the export reads them: an iterable (SQLite's statements) or an async one (PostgreSQL's cursors). */
export type Rows<Row> = Iterable<Row> | AsyncIterable<Row>;

/**
 * One consistent snapshot of the content, read in creation order: what export.service.ts writes a bundle from,
 * whichever engine it reads. Call close() when done (also on error).
 */
export type ExportReader = {
  images(): Rows<ExportImageRow>;
  quotes(): Rows<ExportQuoteRow>;
  articles(): Rows<ExportArticleRow>;
  close(): void | Promise<void>;
};

/** A statement of the export: SQL both engines run (standard SQL, quoted aliases) and its parameters. */
export type ExportStatement = { sql: string; params: unknown[] };

/**
 * The articles a filtered export holds, as SQL on `articles` (trusted fragments; values are parameters, written
 * by `placeholder`: `?` for SQLite, `$1`… for PostgreSQL).
 */
function articleFilter(query: ExportQuery, placeholder: () => string): { sql: string; params: unknown[] } | null {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.section !== undefined) {
    where.push(`section = ${placeholder()}`);
    params.push(query.section);
  }
  if (query.tag !== undefined) {
    where.push(`id IN (SELECT article_id FROM article_tags WHERE tag = ${placeholder()})`);
    params.push(query.tag);
  }
  if (query.since !== undefined) {
    // Changed since: the article itself, or an image or quote it shows (what its ETag covers too).
    where.push(`(updated_at >= ${placeholder()}
      OR id IN (SELECT ai.article_id FROM article_images ai JOIN images i ON i.id = ai.image_id WHERE i.updated_at >= ${placeholder()})
      OR id IN (SELECT aq.article_id FROM article_quotes aq JOIN quotes q ON q.id = aq.quote_id WHERE q.updated_at >= ${placeholder()}))`);
    params.push(query.since, query.since, query.since);
  }
  return where.length ? { sql: where.join(' AND '), params } : null;
}

/**
 * The three statements of an export, in creation order (`seq`): an import writes a bundle in its order, so a
 * database loaded from an export exports to the same bundle. Each holds the article filter once, so each takes
 * the same parameters. `dialect` chooses the placeholders.
 */
export function exportStatements(
  query: ExportQuery,
  dialect: 'sqlite' | 'postgres',
): { images: ExportStatement; quotes: ExportStatement; articles: ExportStatement } {
  let n = 0;
  const placeholder = dialect === 'sqlite' ? () => '?' : () => `$${++n}`;
  const filter = articleFilter(query, placeholder);
  const articleWhere = filter ? `WHERE ${filter.sql}` : '';
  const params = filter?.params ?? [];
  // A filtered export holds the matching articles and exactly the images and quotes they use, so that it loads
  // on its own into an empty database; a whole export holds every image and quote, used or not.
  const imageWhere = filter
    ? `WHERE id IN (SELECT image_id FROM article_images WHERE article_id IN (SELECT id FROM articles ${articleWhere}))`
    : '';
  const quoteWhere = filter
    ? `WHERE id IN (SELECT quote_id FROM article_quotes WHERE article_id IN (SELECT id FROM articles ${articleWhere}))`
    : '';
  return {
    images: {
      sql: `SELECT id, key, source_url AS "sourceUrl", file_name AS "fileName", alt_text AS "altText", caption, credit,
       creator, copyright_notice AS "copyrightNotice", focal_x AS "focalX", focal_y AS "focalY"
     FROM images ${imageWhere} ORDER BY seq`,
      params,
    },
    quotes: {
      sql: `SELECT id, key, text, speaker, speaker_type AS "speakerType", speaker_role AS "speakerRole", organisation,
       channel, source_url AS "sourceUrl", said_at AS "saidAt"
     FROM quotes ${quoteWhere} ORDER BY seq`,
      params,
    },
    articles: {
      sql: `SELECT slug, headline, standfirst, section, tags, byline, body, lead_image_id AS "leadImageId", status,
       published_at AS "publishedAt", corrections
     FROM articles ${articleWhere} ORDER BY seq`,
      params,
    },
  };
}

/** The export's snapshot on SQLite: a read-only connection of its own, in one read transaction (see above). */
export function openExportReader(databaseFile: string, query: ExportQuery): ExportReader {
  const reader = new Database(databaseFile, { readonly: true, fileMustExist: true });
  reader.pragma('busy_timeout = 5000');
  const statements = exportStatements(query, 'sqlite');
  const images = reader.prepare<unknown[], ExportImageRow>(statements.images.sql);
  const quotes = reader.prepare<unknown[], ExportQuoteRow>(statements.quotes.sql);
  const articles = reader.prepare<unknown[], ExportArticleRow>(statements.articles.sql);

  reader.exec('BEGIN');
  return {
    images: () => images.iterate(...statements.images.params),
    quotes: () => quotes.iterate(...statements.quotes.params),
    articles: () => articles.iterate(...statements.articles.params),
    close(): void {
      if (!reader.open) return;
      try {
        if (reader.inTransaction) reader.exec('COMMIT');
      } finally {
        reader.close();
      }
    },
  };
}
