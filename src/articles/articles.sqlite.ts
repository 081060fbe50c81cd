import type { Db } from '../db/client.js';
import { type FieldError, problems } from '../http/problems.js';
import type { ImageRecord, ImagesRepository } from '../images/images.repository.js';
import type { QuoteRecord, QuotesRepository } from '../quotes/quotes.repository.js';
import { newId } from '../shared/ids.js';
import { createOutbox } from '../webhooks/outbox.js';
import type { ArticleCreate, ArticleUpdate, BlockInput } from './articles.schemas.js';
import { createArticleLister, selectList } from './articles-list.repository.js';
import { type ArticleStatus, isPublic, nextPublishState } from './publishing.js';
import {
  type CorrectionType,
  changedFields,
  missingReferences,
  parseCorrections,
  type StoredCorrection,
  snapshotText,
  toRevisionArticle,
} from './revisions.js';
import { firstFreeSlug, slugFromHeadline } from './slug.js';

export type ArticleRecord = {
  seq: number;
  id: string;
  slug: string;
  headline: string;
  standfirst: string | null;
  section: string | null;
  /** JSON text: string[] */
  tags: string;
  byline: string | null;
  /** JSON text: BlockInput[] */
  body: string;
  lead_image_id: string | null;
  status: ArticleStatus;
  published_at: number | null;
  /** JSON text: StoredCorrection[] (see revisions.ts) */
  corrections: string;
  version: number;
  created_at: number;
  updated_at: number;
};

/** What a visibility check and the render memo need (see findHead). */
export type ArticleHead = Pick<ArticleRecord, 'id' | 'status' | 'published_at' | 'version' | 'updated_at'>;

/** Every column of an article (articles-list.repository.ts has the one list of them). */
const COLUMNS = selectList(true);

/** What an article's rows resolve against: one query for images, one for quotes, whatever the number of blocks. */
export type Resolved = { images: Map<string, ImageRecord>; quotes: Map<string, QuoteRecord> };

/** An article as an import writes it: the create body, its slug, and its corrections (undefined: kept). */
export type ImportedArticle = ArticleCreate & { slug: string; corrections?: StoredCorrection[] };

/** A written article as stored, and what it names: everything its answer and ETag need. */
export type Written = { row: ArticleRecord; resolved: Resolved };

export function parseBody(row: Pick<ArticleRecord, 'body'>): BlockInput[] {
  return JSON.parse(row.body) as BlockInput[];
}

/** Who made a write: the token's name, `cli` for the command line (and code calling the repository directly). */
export type WriteOptions = { author?: string; now?: number };
export const CLI_AUTHOR = 'cli';

/** The fields a write can change: an article whose fields all equal these is unchanged by the write. */
const CONTENT_FIELDS = [
  'slug',
  'headline',
  'standfirst',
  'section',
  'tags',
  'byline',
  'body',
  'lead_image_id',
  'status',
  'published_at',
  'corrections',
] as const satisfies ReadonlyArray<keyof ArticleRecord>;

/** The fields whose change is an `article.updated` (status and publishedAt are published/unpublished). */
const EVENT_FIELDS = CONTENT_FIELDS.filter((field) => field !== 'status' && field !== 'published_at');

type ArticleContent = Pick<ArticleRecord, (typeof CONTENT_FIELDS)[number]>;

/** Whether a write would leave the article as it is (tags and body compare as the JSON text they are stored as). */
export function sameContent(current: ArticleContent, next: ArticleContent): boolean {
  return CONTENT_FIELDS.every((field) => current[field] === next[field]);
}

export function referencedIds(leadImageId: string | null, body: readonly BlockInput[]) {
  const imageIds: string[] = leadImageId ? [leadImageId] : [];
  const quoteIds: string[] = [];
  for (const block of body) {
    if (block.type === 'image') imageIds.push(block.imageId);
    else if (block.type === 'quote') quoteIds.push(block.quoteId);
  }
  return { imageIds: [...new Set(imageIds)], quoteIds: [...new Set(quoteIds)] };
}

type Dependencies = {
  images: Pick<ImagesRepository, 'findManyByIds'>;
  quotes: Pick<QuotesRepository, 'findManyByIds'>;
};

export function createArticlesRepository(
  db: Db,
  deps: Dependencies,
  options: {
    /** Keep filtered lists' totals until the next write (default true; RENDER_CACHE=false turns it off). */
    cacheTotals?: boolean;
  } = {},
) {
  const sqlite = db.$client;

  const byIdOrSlug = sqlite.prepare<[string, string], ArticleRecord>(
    `SELECT ${COLUMNS} FROM articles WHERE id = ? UNION ALL SELECT ${COLUMNS} FROM articles WHERE slug = ? LIMIT 1`,
  );
  // The sum of the versions of the images and quotes an article names (articleEtag), from its link tables (one row
  // per distinct image or quote; article_images includes the lead image): an ETag without its body or any resolution.
  const refsSql = (article: string) => `(
      coalesce((SELECT sum(i.version) FROM article_images l JOIN images i ON i.id = l.image_id WHERE l.article_id = ${article}), 0) +
      coalesce((SELECT sum(q.version) FROM article_quotes l JOIN quotes q ON q.id = l.quote_id WHERE l.article_id = ${article}), 0))`;
  const headColumns = 'id, status, published_at, version, updated_at';
  const headByIdOrSlug = sqlite.prepare<[string, string], ArticleHead>(
    `SELECT ${headColumns} FROM articles WHERE id = ? UNION ALL SELECT ${headColumns} FROM articles WHERE slug = ? LIMIT 1`,
  );
  const refsByIds = sqlite
    .prepare<[string], [string, number]>(`SELECT value, ${refsSql('value')} FROM json_each(?)`)
    .raw();
  const byIds = sqlite.prepare<[string], ArticleRecord>(
    `SELECT ${COLUMNS} FROM articles WHERE id IN (SELECT value FROM json_each(?))`,
  );
  const slugOwner = sqlite.prepare<[string], { id: string }>('SELECT id FROM articles WHERE slug = ?');
  const bySlugs = sqlite.prepare<[string], ArticleRecord>(
    `SELECT ${COLUMNS} FROM articles WHERE slug IN (SELECT value FROM json_each(?))`,
  );
  const slugsLike = sqlite.prepare<[string, string], { slug: string }>(
    "SELECT slug FROM articles WHERE slug = ? OR slug GLOB ? || '-[0-9]*'",
  );
  const insert = sqlite.prepare(
    `INSERT INTO articles (id, slug, headline, standfirst, section, tags, byline, body, lead_image_id, status, published_at, corrections, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  );
  const update = sqlite.prepare(
    `UPDATE articles SET slug = @slug, headline = @headline, standfirst = @standfirst, section = @section, tags = @tags,
       byline = @byline, body = @body, lead_image_id = @leadImageId, status = @status, published_at = @publishedAt,
       corrections = @corrections, version = version + 1, updated_at = max(@now, updated_at + 1)
     WHERE id = @id`,
  );
  const remove = sqlite.prepare<[string]>('DELETE FROM articles WHERE id = ?');
  const insertRevision = sqlite.prepare<[string, number, number, string, string, string]>(
    'INSERT INTO article_revisions (article_id, revision, created_at, author, changed, snapshot) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const revisionSnapshot = sqlite.prepare<[string, number], { snapshot: string }>(
    'SELECT snapshot FROM article_revisions WHERE article_id = ? AND revision = ?',
  );
  const nextDue = sqlite.prepare<[number], { at: number | null }>(
    "SELECT min(published_at) AS at FROM articles WHERE status = 'published' AND published_at > ?",
  );
  const clearTags = sqlite.prepare<[string]>('DELETE FROM article_tags WHERE article_id = ?');
  // NOTE: a tag row carries its article's status and publishedAt (the tag list index); given here, the
  // article_tags_state_insert trigger finds them right and skips its UPDATE of the row just inserted.
  const addTag = sqlite.prepare<[string, string, string, number | null]>(
    'INSERT INTO article_tags (article_id, tag, status, published_at) VALUES (?, ?, ?, ?)',
  );
  const clearImages = sqlite.prepare<[string]>('DELETE FROM article_images WHERE article_id = ?');
  const addImage = sqlite.prepare<[string, string]>('INSERT INTO article_images (article_id, image_id) VALUES (?, ?)');
  const clearQuotes = sqlite.prepare<[string]>('DELETE FROM article_quotes WHERE article_id = ?');
  const addQuote = sqlite.prepare<[string, string, number]>(
    'INSERT INTO article_quotes (article_id, quote_id, position) VALUES (?, ?, ?)',
  );

  const outbox = createOutbox(sqlite);

  /**
   * The webhook events of a write (in its transaction): created, updated (a field other than status and
   * publishedAt changed), published and unpublished (it became, or stopped being, public). See outbox.ts for how
   * a scheduled article is announced once.
   */
  function recordEvents(previous: ArticleRecord | null, row: ArticleRecord, now: number): void {
    if (!outbox.active()) return;
    if (previous === null) outbox.record('article.created', row.id, now);
    else if (EVENT_FIELDS.some((field) => previous[field] !== row[field]))
      outbox.record('article.updated', row.id, now);
    const was = previous !== null && outbox.wasAnnounced(previous, now);
    const is = isPublic({ status: row.status, publishedAt: row.published_at }, now);
    if (!was && is) outbox.record('article.published', row.id, now);
    else if (was && !is) outbox.record('article.unpublished', row.id, now);
  }

  const lister = createArticleLister(sqlite, {
    nextScheduledAt: (now) => nextDue.get(now)?.at ?? null,
    cacheTotals: options.cacheTotals,
  });

  function find(idOrSlug: string): ArticleRecord | undefined {
    return byIdOrSlug.get(idOrSlug, idOrSlug);
  }

  function get(idOrSlug: string): ArticleRecord {
    const row = find(idOrSlug);
    if (!row) throw problems.notFound('article', idOrSlug);
    return row;
  }

  /** The images and quotes an article names (lead image and blocks), in two queries. */
  function fetchReferences(leadImageId: string | null, body: readonly BlockInput[]): Resolved {
    const { imageIds, quoteIds } = referencedIds(leadImageId, body);
    return { images: deps.images.findManyByIds(imageIds), quotes: deps.quotes.findManyByIds(quoteIds) };
  }

  /**
   * Every missing image or quote an article names, as field errors with their paths. Returns what it found: the
   * whole records, so that a write answers with the resolved article without querying them again.
   */
  function checkReferences(leadImageId: string | null | undefined, body: readonly BlockInput[] | undefined): Resolved {
    const found = fetchReferences(leadImageId ?? null, body ?? []);
    const { images, quotes } = found;
    const errors: FieldError[] = [];
    if (leadImageId && !images.has(leadImageId))
      errors.push({ path: 'leadImageId', message: 'names no existing image' });
    (body ?? []).forEach((block, index) => {
      if (block.type === 'image' && !images.has(block.imageId)) {
        errors.push({ path: `body[${index}].imageId`, message: 'names no existing image' });
      } else if (block.type === 'quote' && !quotes.has(block.quoteId)) {
        errors.push({ path: `body[${index}].quoteId`, message: 'names no existing quote' });
      }
    });
    if (errors.length > 0) throw problems.validation(errors);
    return found;
  }

  function generatedSlug(headline: string): string {
    const base = slugFromHeadline(headline);
    return firstFreeSlug(base, new Set(slugsLike.all(base, base).map((r) => r.slug)));
  }

  function assertSlugFree(slug: string, articleId: string | null): void {
    const owner = slugOwner.get(slug);
    if (owner && owner.id !== articleId) throw problems.slugTaken(slug);
  }

  function writeLinks(
    articleId: string,
    state: { status: ArticleStatus; publishedAt: number | null },
    tags: readonly string[] | null,
    leadImageId: string | null,
    body: readonly BlockInput[] | null,
  ) {
    if (tags) {
      clearTags.run(articleId);
      for (const tag of tags) addTag.run(articleId, tag, state.status, state.publishedAt);
    }
    if (body) {
      const { imageIds, quoteIds } = referencedIds(leadImageId, body);
      clearImages.run(articleId);
      for (const imageId of imageIds) addImage.run(articleId, imageId);
      clearQuotes.run(articleId);
      for (const [position, quoteId] of quoteIds.entries()) addQuote.run(articleId, quoteId, position);
    }
  }

  /** The revision row of a write, in its transaction: the article as it now stands, and what changed. */
  function recordRevision(previous: ArticleRecord | null, row: ArticleRecord, author: string): void {
    insertRevision.run(
      row.id,
      row.version,
      row.updated_at,
      author,
      JSON.stringify(changedFields(previous, row)),
      snapshotText(row),
    );
  }

  /**
   * One new article's row, tags, links and first revision (no clearing: it has none yet). Returns the row as
   * stored: the columns are exactly what was bound (no trigger or default changes them), so there is no need to
   * read it back.
   */
  function insertRow(input: ImportedArticle, now: number, author: string): ArticleRecord {
    const publish = nextPublishState(null, { status: input.status, publishedAt: input.publishedAt }, now);
    const id = newId(now);
    const body = input.body ?? [];
    const tags = input.tags ?? [];
    const row: ArticleRecord = {
      seq: 0,
      id,
      slug: input.slug,
      headline: input.headline,
      standfirst: input.standfirst ?? null,
      section: input.section ?? null,
      tags: JSON.stringify(tags),
      byline: input.byline ?? null,
      body: JSON.stringify(body),
      lead_image_id: input.leadImageId ?? null,
      status: publish.status,
      published_at: publish.publishedAt,
      corrections: JSON.stringify(input.corrections ?? []),
      version: 1,
      created_at: now,
      updated_at: now,
    };
    row.seq = Number(
      insert.run(
        row.id,
        row.slug,
        row.headline,
        row.standfirst,
        row.section,
        row.tags,
        row.byline,
        row.body,
        row.lead_image_id,
        row.status,
        row.published_at,
        row.corrections,
        now,
        now,
      ).lastInsertRowid,
    );
    for (const tag of tags) addTag.run(id, tag, row.status, row.published_at);
    const { imageIds, quoteIds } = referencedIds(row.lead_image_id, body);
    for (const imageId of imageIds) addImage.run(id, imageId);
    for (const [position, quoteId] of quoteIds.entries()) addQuote.run(id, quoteId, position);
    recordRevision(null, row, author);
    recordEvents(null, row, now);
    return row;
  }

  // NOTE: a write answers with the resolved article. The images and quotes are the ones the reference check has
  // just read, and the row is built from what was written: no read-back, no second resolution.
  function createResolved(input: ArticleCreate, options: WriteOptions = {}): Written {
    const now = options.now ?? Date.now();
    return sqlite
      .transaction(() => {
        const resolved = checkReferences(input.leadImageId, input.body);
        if (input.slug !== undefined) assertSlugFree(input.slug, null);
        const slug = input.slug ?? generatedSlug(input.headline);
        return { row: insertRow({ ...input, slug }, now, options.author ?? CLI_AUTHOR), resolved };
      })
      .immediate();
  }

  /**
   * Writes `next` over `current` as one new revision (the row, its links when they changed, the revision row) and
   * returns the row as stored; a `next` equal to `current` writes nothing and returns `current`. Runs inside the
   * caller's transaction.
   */
  function writeChange(
    current: ArticleRecord,
    next: Pick<ArticleRecord, (typeof CONTENT_FIELDS)[number]>,
    links: { tags: readonly string[] | null; body: readonly BlockInput[] | null },
    now: number,
    author: string,
  ): ArticleRecord {
    // A write that changes nothing (a PATCH with the values the article already has) writes nothing: no new
    // revision, the same updatedAt and ETag.
    if (sameContent(current, next)) return current;
    // The row as the UPDATE leaves it (its SQL computes version and updated_at the same way).
    const row: ArticleRecord = {
      ...current,
      ...next,
      version: current.version + 1,
      updated_at: Math.max(now, current.updated_at + 1),
    };
    update.run({
      id: row.id,
      slug: row.slug,
      headline: row.headline,
      standfirst: row.standfirst,
      section: row.section,
      tags: row.tags,
      byline: row.byline,
      body: row.body,
      leadImageId: row.lead_image_id,
      status: row.status,
      publishedAt: row.published_at,
      corrections: row.corrections,
      now,
    });
    // NOTE: tag rows follow a status or publishedAt change by trigger (see the tag_list_triggers migration).
    const publish = { status: row.status, publishedAt: row.published_at };
    writeLinks(current.id, publish, links.tags, row.lead_image_id, links.body);
    recordRevision(current, row, author);
    recordEvents(current, row, now);
    return row;
  }

  /**
   * A write of one existing article: in one transaction that takes the write lock at once, the article as it is now
   * (a 404 when there is none), `check` (If-Match) against it, then `write`.
   */
  function withCurrent<T>(
    idOrSlug: string,
    check: ((current: ArticleRecord) => void) | undefined,
    write: (current: ArticleRecord) => T,
  ): T {
    return sqlite
      .transaction(() => {
        const current = get(idOrSlug);
        check?.(current);
        return write(current);
      })
      .immediate();
  }

  function updateResolved(
    idOrSlug: string,
    patch: ArticleUpdate,
    check?: (current: ArticleRecord) => void,
    options: WriteOptions = {},
  ): Written {
    const now = options.now ?? Date.now();
    return withCurrent(idOrSlug, check, (current) => {
      const bodyChanged = patch.body !== undefined;
      const leadChanged = patch.leadImageId !== undefined;
      if (bodyChanged || leadChanged) checkReferences(patch.leadImageId, patch.body);
      if (patch.slug !== undefined) assertSlugFree(patch.slug, current.id);
      const publish = nextPublishState(
        { status: current.status, publishedAt: current.published_at },
        { status: patch.status, publishedAt: patch.publishedAt },
        now,
      );
      const body = patch.body ?? parseBody(current);
      const leadImageId = leadChanged ? (patch.leadImageId ?? null) : current.lead_image_id;
      const next = {
        slug: patch.slug ?? current.slug,
        headline: patch.headline ?? current.headline,
        standfirst: patch.standfirst === undefined ? current.standfirst : patch.standfirst,
        section: patch.section === undefined ? current.section : patch.section,
        tags: patch.tags === undefined ? current.tags : JSON.stringify(patch.tags),
        byline: patch.byline === undefined ? current.byline : patch.byline,
        body: bodyChanged ? JSON.stringify(body) : current.body,
        lead_image_id: leadImageId,
        status: publish.status,
        published_at: publish.publishedAt,
        corrections: current.corrections,
      };
      const links = { tags: patch.tags ?? null, body: bodyChanged || leadChanged ? body : null };
      const row = writeChange(current, next, links, now, options.author ?? CLI_AUTHOR);
      return { row, resolved: fetchReferences(leadImageId, body) };
    });
  }

  /** A change to an article's correction notices: a new revision (or nothing, when the list stays the same). */
  function changeCorrections(
    idOrSlug: string,
    change: (corrections: StoredCorrection[], now: number) => StoredCorrection[],
    check: ((current: ArticleRecord) => void) | undefined,
    options: WriteOptions,
  ): Written {
    const now = options.now ?? Date.now();
    return withCurrent(idOrSlug, check, (current) => {
      const corrections = JSON.stringify(change(parseCorrections(current.corrections), now));
      const row = writeChange(
        current,
        { ...current, corrections },
        { tags: null, body: null },
        now,
        options.author ?? CLI_AUTHOR,
      );
      return { row, resolved: fetchReferences(row.lead_image_id, parseBody(row)) };
    });
  }

  /** The correction with this id among an article's, or a 404 naming it (another article's id is not found). */
  function correctionIndex(corrections: readonly StoredCorrection[], correctionId: string): number {
    const index = corrections.findIndex((c) => c.id === correctionId);
    if (index < 0) throw problems.notFound('correction of this article', correctionId);
    return index;
  }

  /**
   * Makes the article's content what it was in `revision`: every field but status, publishedAt and corrections.
   * A 404 for a revision the article does not have; a 409 listing the images and quotes it names that no longer
   * exist (nothing written). Content equal to the current one writes nothing (no new revision).
   */
  function restoreResolved(
    idOrSlug: string,
    revision: number,
    check: ((current: ArticleRecord) => void) | undefined,
    options: WriteOptions = {},
  ): Written {
    const now = options.now ?? Date.now();
    return withCurrent(idOrSlug, check, (current) => {
      const stored = revisionSnapshot.get(current.id, revision);
      if (!stored) throw problems.notFound(`revision of article ${current.id}`, String(revision));
      const then = toRevisionArticle(current.id, stored.snapshot);
      const resolved = fetchReferences(then.leadImageId, then.body);
      const missing = missingReferences(then, {
        images: new Set(resolved.images.keys()),
        quotes: new Set(resolved.quotes.keys()),
      });
      if (missing.length > 0) throw problems.missingReferences(revision, missing);
      assertSlugFree(then.slug, current.id);
      const body = JSON.stringify(then.body);
      const next = {
        slug: then.slug,
        headline: then.headline,
        standfirst: then.standfirst,
        section: then.section,
        tags: JSON.stringify(then.tags),
        byline: then.byline,
        body,
        lead_image_id: then.leadImageId,
        status: current.status,
        published_at: current.published_at,
        corrections: current.corrections,
      };
      const links = {
        tags: next.tags === current.tags ? null : then.tags,
        body: body === current.body && then.leadImageId === current.lead_image_id ? null : then.body,
      };
      const row = writeChange(current, next, links, now, options.author ?? CLI_AUTHOR);
      return { row, resolved };
    });
  }

  return {
    find,
    get,

    /** When the next scheduled article becomes public (null: none is scheduled): public lists change then. */
    nextScheduledAt(now: number): number | null {
      return nextDue.get(now)?.at ?? null;
    },

    /** An article's visibility and state (version, update time), by id or slug: no body, nothing resolved. */
    findHead(idOrSlug: string): ArticleHead | undefined {
      return headByIdOrSlug.get(idOrSlug, idOrSlug);
    },

    /**
     * The `refs` part of these articles' ETags (the sum of the versions of the images and quotes each names), by
     * article id, in one statement over the link tables: no body parsed, nothing resolved.
     */
    refsOf(ids: readonly string[]): Map<string, number> {
      return new Map(ids.length ? refsByIds.all(JSON.stringify(ids)) : []);
    },

    /** The articles with these ids (in no particular order), in one query. */
    findManyByIds(ids: readonly string[]): ArticleRecord[] {
      return ids.length ? byIds.all(JSON.stringify(ids)) : [];
    },

    /** The articles with these slugs, in one query (bulk import matches articles by slug). */
    findManyBySlugs(slugs: readonly string[]): Map<string, ArticleRecord> {
      const found = new Map<string, ArticleRecord>();
      if (slugs.length === 0) return found;
      for (const row of bySlugs.all(JSON.stringify(slugs))) found.set(row.slug, row);
      return found;
    },

    /** The images and quotes a set of articles names, in two queries. */
    resolve(rows: readonly ArticleRecord[], withBody: boolean): Resolved {
      const imageIds: string[] = [];
      const quoteIds: string[] = [];
      for (const row of rows) {
        const refs = referencedIds(row.lead_image_id, withBody ? parseBody(row) : []);
        imageIds.push(...refs.imageIds);
        quoteIds.push(...refs.quoteIds);
      }
      return { images: deps.images.findManyByIds(imageIds), quotes: deps.quotes.findManyByIds(quoteIds) };
    },

    create(input: ArticleCreate, options: WriteOptions = {}): ArticleRecord {
      return createResolved(input, options).row;
    },

    /** create(), with the images and quotes the new article names: what its answer and ETag are made of. */
    createResolved,

    /**
     * Bulk import: inserts articles inside the caller's transaction, which has checked every reference and
     * matched every slug (none is taken). The same rows and links as create(), without create()'s per-article
     * savepoint, reference queries and read-back: what lets an import write 10,000 articles in about a second.
     */
    insertMany(inputs: ReadonlyArray<ImportedArticle>, now: number, options: WriteOptions = {}): void {
      if (!sqlite.inTransaction) throw new Error('insertMany must run inside a transaction');
      const author = options.author ?? CLI_AUTHOR;
      for (const input of inputs) insertRow(input, now, author);
    },

    /**
     * Bulk import: replaces articles in place with the given fields (a field left out takes its create default,
     * publishedAt and corrections excepted: they are kept), inside the caller's transaction, which has checked
     * every reference. Each keeps its id and createdAt and gets one new revision (none when nothing changed); like
     * update(), without its per-article savepoint, queries and read-back.
     */
    replaceMany(
      replacements: ReadonlyArray<{ current: ArticleRecord; input: ImportedArticle }>,
      now: number,
      options: WriteOptions = {},
    ): void {
      if (!sqlite.inTransaction) throw new Error('replaceMany must run inside a transaction');
      const author = options.author ?? CLI_AUTHOR;
      for (const { current, input } of replacements) {
        const publish = nextPublishState(
          { status: current.status, publishedAt: current.published_at },
          { status: input.status ?? 'draft', publishedAt: input.publishedAt },
          now,
        );
        const body = input.body ?? [];
        const tags = input.tags ?? [];
        const leadImageId = input.leadImageId ?? null;
        const next = {
          slug: input.slug,
          headline: input.headline,
          standfirst: input.standfirst ?? null,
          section: input.section ?? null,
          tags: JSON.stringify(tags),
          byline: input.byline ?? null,
          body: JSON.stringify(body),
          lead_image_id: leadImageId,
          status: publish.status,
          published_at: publish.publishedAt,
          corrections: input.corrections === undefined ? current.corrections : JSON.stringify(input.corrections),
        };
        // Links are rewritten only when what they derive from changed (most updates touch the text alone).
        const sameRefs = next.body === current.body && leadImageId === current.lead_image_id;
        const links = { tags: next.tags === current.tags ? null : tags, body: sameRefs ? null : body };
        writeChange(current, next, links, now, author);
      }
    },

    /** A partial update; `check` sees the current row inside the transaction (If-Match). */
    update(
      idOrSlug: string,
      patch: ArticleUpdate,
      check?: (current: ArticleRecord) => void,
      options?: WriteOptions,
    ): ArticleRecord {
      return updateResolved(idOrSlug, patch, check, options).row;
    },

    /** update(), with the images and quotes the article names once updated. */
    updateResolved,

    /** Back to an earlier revision's content (see restoreResolved). */
    restoreResolved,

    /** Adds a correction notice (type defaults to correction): a new revision. */
    addCorrection(
      idOrSlug: string,
      input: { type?: CorrectionType; text: string },
      check?: (current: ArticleRecord) => void,
      options: WriteOptions = {},
    ): Written & { correctionId: string } {
      let correctionId = '';
      const written = changeCorrections(
        idOrSlug,
        (corrections, now) => {
          correctionId = newId(now);
          return [
            ...corrections,
            { id: correctionId, type: input.type ?? 'correction', text: input.text, createdAt: now },
          ];
        },
        check,
        options,
      );
      return { ...written, correctionId };
    },

    /** Changes a notice's type or text (its id and createdAt stay); the same values write nothing. */
    updateCorrection(
      idOrSlug: string,
      correctionId: string,
      patch: { type?: CorrectionType; text?: string },
      check?: (current: ArticleRecord) => void,
      options: WriteOptions = {},
    ): Written {
      return changeCorrections(
        idOrSlug,
        (corrections) => {
          const index = correctionIndex(corrections, correctionId);
          const found = corrections[index]!;
          const next = [...corrections];
          next[index] = { ...found, type: patch.type ?? found.type, text: patch.text ?? found.text };
          return next;
        },
        check,
        options,
      );
    },

    /** Removes a notice: a new revision (the earlier ones still hold it). */
    deleteCorrection(
      idOrSlug: string,
      correctionId: string,
      check?: (current: ArticleRecord) => void,
      options: WriteOptions = {},
    ): Written {
      return changeCorrections(
        idOrSlug,
        (corrections) => {
          const index = correctionIndex(corrections, correctionId);
          return corrections.filter((_c, i) => i !== index);
        },
        check,
        options,
      );
    },

    delete(idOrSlug: string, check?: (current: ArticleRecord) => void): void {
      withCurrent(idOrSlug, check, (current) => {
        remove.run(current.id);
        outbox.record('article.deleted', current.id, Date.now(), { data: { id: current.id, slug: current.slug } });
      });
    },

    /** A page of a list and its total: see articles-list.repository.ts for how filtered lists stay cheap. */
    list: lister.list,

    /** Whole articles by seq, in the order given: the rows of a list page that the render memo lacks. */
    rowsBySeqs: lister.rowsBySeqs,
  };
}

export type ArticlesRepository = ReturnType<typeof createArticlesRepository>;
