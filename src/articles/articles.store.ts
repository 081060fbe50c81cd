import type { articleRevisions, articles } from '../db/schema.js';
import type { ImageRecord } from '../images/images.store.js';
import type { QuoteRecord } from '../quotes/quotes.store.js';
import type { ArticleCreate, ArticleListQuery, ArticleUpdate, BlockInput } from './articles.schemas.js';
import type { CorrectionType, RevisionField, StoredCorrection } from './revisions.js';

// The articles' seam (see src/db/README.md): what routes, formats and mappers know of article storage. Every
// method is a whole operation, atomic inside its implementation (articles.sqlite.ts for SQLite).

/** An article as stored (schema.ts): `tags`, `body` and `corrections` are JSON text, times epoch milliseconds. */
export type ArticleRecord = typeof articles.$inferSelect;

/** What a visibility check, the render memo and a revalidation need (see findHead): no body, nothing resolved. */
export type ArticleHead = Pick<ArticleRecord, 'id' | 'status' | 'publishedAt' | 'version' | 'updatedAt'>;

/**
 * A row of a list page: its position (seq, id and the sort columns a cursor needs) and what the render memo and a
 * visibility check look at. The cards come from the render memo by id and state; loadBySeqs reads the others.
 */
export type ArticleListRow = Pick<
  ArticleRecord,
  'seq' | 'id' | 'status' | 'publishedAt' | 'version' | 'createdAt' | 'updatedAt'
>;

/** A page of a list, its total and the cursor of the next page. */
export type ArticlePage = { rows: ArticleListRow[]; total: number; nextCursor: string | null };

/** What an article's rows resolve against: the images and quotes they name, by id. */
export type Resolved = { images: Map<string, ImageRecord>; quotes: Map<string, QuoteRecord> };

/** An article as stored and what it names: everything its answer and ETag need. */
export type Written = { row: ArticleRecord; resolved: Resolved };

/** An article as an import writes it: the create body, its slug, and its corrections (undefined: kept). */
export type ImportedArticle = ArticleCreate & { slug: string; corrections?: StoredCorrection[] };

/**
 * Who makes a write (the token's name; `cli` for the command line and code calling the store directly), its
 * clock, and the request's If-Match header: checked against the article's current ETag inside the write (412).
 */
export type WriteOptions = { author?: string; now?: number; ifMatch?: string };
export const CLI_AUTHOR = 'cli';

/**
 * A revision (article_revisions): `changed` and `snapshot` are JSON text; the snapshot of the newest revision,
 * which SQLite keeps in the article row, is filled from it.
 */
export type RevisionRecord = Omit<typeof articleRevisions.$inferSelect, 'snapshot'> & { snapshot: string };
export type RevisionSummary = { revision: number; createdAt: number; author: string; changed: RevisionField[] };

export interface ArticlesStore {
  /** The article with this id or slug. */
  find(idOrSlug: string): Promise<ArticleRecord | undefined>;
  /** find(), or a 404 naming it. */
  get(idOrSlug: string): Promise<ArticleRecord>;
  /** An article's visibility and state (version, update time), by id or slug: no body, nothing resolved. */
  findHead(idOrSlug: string): Promise<ArticleHead | undefined>;
  /** The article with the images and quotes it names: what its answer and ETag are made of. */
  load(idOrSlug: string): Promise<Written | undefined>;
  /** The article's current ETag (articles.mapper.ts, articleEtagOf) without resolving what it names. */
  etagOf(head: Pick<ArticleRecord, 'id' | 'version' | 'updatedAt'>): Promise<string>;
  /** The images and quotes a set of articles names (lead images only unless `withBody`). */
  resolve(rows: readonly ArticleRecord[], withBody: boolean): Promise<Resolved>;
  /** When the next scheduled article becomes public (null: none is scheduled): public lists change then. */
  nextScheduledAt(now: number): Promise<number | null>;
  /** A page of a list and its total. */
  list(query: ArticleListQuery, now: number): Promise<ArticlePage>;
  /** Whole articles by seq in the order given (the body only `withBody`), resolved: a page's unrendered cards. */
  loadBySeqs(seqs: readonly number[], withBody: boolean): Promise<{ rows: ArticleRecord[]; resolved: Resolved }>;

  /** A new article with its tags, links, first revision and events. A missing reference is a 400, a taken slug a 409. */
  create(input: ArticleCreate, options?: WriteOptions): Promise<Written>;
  /**
   * A partial update (publishing, unpublishing and scheduling are updates of status and publishedAt), under
   * `options.ifMatch`. Values equal to the article's write nothing (no revision, the same ETag).
   */
  update(idOrSlug: string, patch: ArticleUpdate, options?: WriteOptions): Promise<Written>;
  /**
   * Back to an earlier revision's content (every field but status, publishedAt and corrections): a 404 for a
   * revision the article lacks, a 409 listing the images and quotes it names that no longer exist.
   */
  restore(idOrSlug: string, revision: number, options?: WriteOptions): Promise<Written>;
  /** Adds a correction notice (type defaults to correction): a new revision. */
  addCorrection(
    idOrSlug: string,
    input: { type?: CorrectionType; text: string },
    options?: WriteOptions,
  ): Promise<Written & { correctionId: string }>;
  /** Changes a notice's type or text (its id and createdAt stay); the same values write nothing. */
  updateCorrection(
    idOrSlug: string,
    correctionId: string,
    patch: { type?: CorrectionType; text?: string },
    options?: WriteOptions,
  ): Promise<Written>;
  /** Removes a notice: a new revision (the earlier ones still hold it). */
  deleteCorrection(idOrSlug: string, correctionId: string, options?: WriteOptions): Promise<Written>;
  /** Deletes the article (its revisions and preview links with it), under `options.ifMatch`. */
  delete(idOrSlug: string, options?: Pick<WriteOptions, 'ifMatch'>): Promise<void>;
}

export interface RevisionsStore {
  /** A page of an article's revisions, newest first; the cursor is the last revision given (for this article). */
  list(
    articleId: string,
    query: { limit: number; cursor?: string },
  ): Promise<{ items: RevisionSummary[]; total: number; nextCursor: string | null }>;
  /** One revision of an article, or a 404 naming the revision (another article's revision is not found). */
  get(articleId: string, revision: number): Promise<RevisionRecord>;
}

export type PreviewLookup = { found: false } | { found: true; articleId: string; expired: boolean };

export interface PreviewLinksStore {
  /** A new link to the article, working until now + expiresIn seconds. The token is returned once. */
  create(articleId: string, expiresInSeconds: number, now?: number): Promise<{ token: string; expiresAt: number }>;
  /** The article a token opens (a deleted article's link is not found, like a token that never existed). */
  find(token: string, now?: number): Promise<PreviewLookup>;
  /** Every link to the article stops working; how many there were. */
  revokeAll(articleId: string): Promise<number>;
}

/** An article as a sitemap lists it: its page address's fields, its times and headline. */
export type SitemapEntry = Pick<
  ArticleRecord,
  'id' | 'slug' | 'section' | 'headline' | 'publishedAt' | 'createdAt' | 'updatedAt'
> & { publishedAt: number };

/** An article as a sitemap page lists it, with what its lead image's URL is made of (images.mapper imageUrl). */
export type SitemapPageEntry = SitemapEntry &
  Pick<ImageRecord, 'fileName' | 'focalX' | 'focalY' | 'sourceUrl'> & { imageId: string | null };

/** A place in the sitemap walk: the last (publishedAt, id) read. */
export type WalkPosition = { publishedAt: number; id: string };

/** What the sitemaps read of the public articles, oldest published first (formats/sitemaps.ts writes them). */
export interface SitemapReader {
  /** Up to `limit` public articles after `after` (from the start when null). */
  entriesAfter(after: WalkPosition | null, limit: number, now: number): Promise<SitemapPageEntry[]>;
  /** The same walk, reading only each article's position and updatedAt: [publishedAt, id, updatedAt]. */
  timesAfter(after: WalkPosition | null, limit: number, now: number): Promise<Array<[number, string, number]>>;
  /** The position of the public article at `offset` (0: the oldest), or null past the last one. */
  positionAt(offset: number, now: number): Promise<WalkPosition | null>;
  /** Public articles published after `since`, newest first, at most `limit` (the news sitemap). */
  publishedSince(since: number, limit: number, now: number): Promise<SitemapEntry[]>;
}

export function parseBody(row: Pick<ArticleRecord, 'body'>): BlockInput[] {
  return JSON.parse(row.body) as BlockInput[];
}

/** The distinct images (lead image first) and quotes (in order of first use) an article names. */
export function referencedIds(leadImageId: string | null, body: readonly BlockInput[]) {
  const imageIds: string[] = leadImageId ? [leadImageId] : [];
  const quoteIds: string[] = [];
  for (const block of body) {
    if (block.type === 'image') imageIds.push(block.imageId);
    else if (block.type === 'quote') quoteIds.push(block.quoteId);
  }
  return { imageIds: [...new Set(imageIds)], quoteIds: [...new Set(quoteIds)] };
}
