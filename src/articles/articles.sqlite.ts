import { and, eq, getTableColumns, gt, isNull, min, or, type SQL, sql } from 'drizzle-orm';
import { param } from '../db/builder.js';
import { createChangeWatch } from '../db/change-watch.js';
import type { Db } from '../db/client.js';
import { referencesGeneration } from '../db/reference-generation.js';
import { articleImages, articleQuotes, articleRevisions, articles, articleTags } from '../db/schema.js';
import { type FieldError, problems } from '../http/problems.js';
import type { ImagesRepository } from '../images/images.sqlite.js';
import type { QuotesRepository } from '../quotes/quotes.sqlite.js';
import { ifMatchFails } from '../shared/etag.js';
import { newId } from '../shared/ids.js';
import { createOutbox } from '../webhooks/outbox.js';
import { articleEtagOf } from './articles.mapper.js';
import type { ArticleCreate, BlockInput } from './articles.schemas.js';
import {
  type ArticleRecord,
  type ArticlesStore,
  CLI_AUTHOR,
  type ImportedArticle,
  parseBody,
  type Resolved,
  referencedIds,
  type WriteOptions,
  type Written,
} from './articles.store.js';
import { createArticleLister } from './articles-list.sqlite.js';
import { correctionOperations } from './corrections.js';
import { isPublic, nextPublishState } from './publishing.js';
import {
  changedFields,
  missingReferences,
  parseCorrections,
  type StoredCorrection,
  snapshotText,
  toRevisionArticle,
} from './revisions.js';
import { firstFreeSlug, slugFromHeadline } from './slug.js';

// The fields a write can change: every column but the row's identity and bookkeeping, from the schema, so that a
// new column is written and compared without a line here (a revision's snapshot and `changed` name the contract's
// fields: revisions.ts). An article whose fields all equal a write's is unchanged by it.
const {
  seq: _seq,
  id: _id,
  version: _version,
  createdAt: _createdAt,
  updatedAt: _updatedAt,
  ...contentColumns
} = getTableColumns(articles);
type ContentField = keyof typeof contentColumns;
const CONTENT_FIELDS = Object.keys(contentColumns) as ContentField[];

/**
 * The content fields a write body gives as they are stored (CREATE_DEFAULTS when left out of a create): all but
 * the JSON ones (tags, body), the publish state (status, publishedAt: publishing.ts) and corrections (their own
 * routes).
 */
const PLAIN_FIELDS = CONTENT_FIELDS.filter(
  (field) => !['tags', 'body', 'status', 'publishedAt', 'corrections'].includes(field),
);

/** What a create leaves out of a plain field becomes: the column's default when the schema gives a value, else null. */
const CREATE_DEFAULTS: Record<string, unknown> = Object.fromEntries(
  PLAIN_FIELDS.map((field) => {
    const value: unknown = contentColumns[field].default;
    return [field, value === undefined || (typeof value === 'object' && value !== null) ? null : value];
  }),
);

/** The fields whose change is an `article.updated` (status and publishedAt are published/unpublished). */
const EVENT_FIELDS = CONTENT_FIELDS.filter((field) => field !== 'status' && field !== 'publishedAt');

/** An article's content as a write gives it: what its row, links and revision are made from. */
export type ArticleContent = Pick<ArticleRecord, ContentField>;

/** Whether a write would leave the article as it is (tags and body compare as the JSON text they are stored as). */
export function sameContent(current: ArticleContent, next: ArticleContent): boolean {
  return CONTENT_FIELDS.every((field) => current[field] === next[field]);
}

/** Which link rows a write rewrites: null leaves them (what they derive from is unchanged). */
type Links = { tags: readonly string[] | null; body: readonly BlockInput[] | null };

/**
 * A new article's link rows gathered instead of written (insertMany): each list is written in one statement per
 * LINK_CHUNK rows at the end, as a JSON array of row tuples.
 */
type LinkRows = {
  tags: Array<[articleId: string, tag: string, status: string, publishedAt: number | null]>;
  images: Array<[articleId: string, imageId: string]>;
  quotes: Array<[articleId: string, quoteId: string, position: number]>;
};

/**
 * Many new articles written in one transaction (insertMany): their link rows, gathered, and whether any webhook
 * is enabled, asked once rather than once an article (nothing else changes webhooks inside the transaction).
 */
type Batch = { links: LinkRows; webhooks: boolean };

/**
 * Link rows per statement in a bulk insert: one statement per row costs ~3.7 µs a row, mostly the statement's
 * own overhead (an import of 10,000 articles writes ~80,000 link rows); one per 5,000 rows costs ~2.3 µs, and
 * the JSON text of a chunk stays under half a megabyte.
 */
const LINK_CHUNK = 5000;

type Dependencies = {
  images: Pick<ImagesRepository, 'findManyByIds'>;
  quotes: Pick<QuotesRepository, 'findManyByIds'>;
};

const p = sql.placeholder;

/**
 * The SQLite articles store. Every statement is prepared here, once. Every write goes through `db.writer.run`
 * (one synchronous transaction, see db/writer.ts) and through one function, writeArticle, whatever made it:
 * create, PATCH, restore, corrections, and the import's insertMany and replaceMany.
 */
export function createSqliteArticlesStore(
  db: Db,
  deps: Dependencies,
  options: {
    /** Keep filtered lists' totals until the next write (default true; RENDER_CACHE=false turns it off). */
    cacheTotals?: boolean;
  } = {},
) {
  const { orm, $client: sqlite, writer } = db;

  // NOTE: UNION ALL with LIMIT 1, not `id = ? OR slug = ?`: an id (the common case) answers from the first
  // branch's unique index without the second lookup.
  const byIdOrSlug = orm
    .select()
    .from(articles)
    .where(eq(articles.id, p('key')))
    .unionAll(
      orm
        .select()
        .from(articles)
        .where(eq(articles.slug, p('key'))),
    )
    .limit(1)
    .prepare();
  const head = {
    id: articles.id,
    status: articles.status,
    publishedAt: articles.publishedAt,
    version: articles.version,
    updatedAt: articles.updatedAt,
  };
  const headByIdOrSlug = orm
    .select(head)
    .from(articles)
    .where(eq(articles.id, p('key')))
    .unionAll(
      orm
        .select(head)
        .from(articles)
        .where(eq(articles.slug, p('key'))),
    )
    .limit(1)
    .prepare();
  // The sum of the versions of the images and quotes an article names (articleEtagOf's refs), from its link tables
  // (article_images includes the lead image). Raw: two correlated scalar sums in one statement, which the builder
  // can only say as a select from some table; plucked, it is one number and no row object.
  const refsOf = sqlite
    .prepare<[string, string], number>(
      `SELECT coalesce((SELECT sum(i.version) FROM article_images l JOIN images i ON i.id = l.image_id WHERE l.article_id = ?), 0) +
       coalesce((SELECT sum(q.version) FROM article_quotes l JOIN quotes q ON q.id = l.quote_id WHERE l.article_id = ?), 0)`,
    )
    .pluck();
  const slugOwner = orm
    .select({ id: articles.id })
    .from(articles)
    .where(eq(articles.slug, p('slug')))
    .prepare();
  // json_each: a whole list of slugs bound as one JSON parameter, so the statement is prepared once for any count.
  const bySlugs = orm
    .select()
    .from(articles)
    .where(sql`${articles.slug} IN (SELECT value FROM json_each(${p('slugs')}))`)
    .prepare();
  // GLOB: the slugs `base-<digits>` (the builder has no GLOB); with the slug index, a range of it.
  const slugsLike = orm
    .select({ slug: articles.slug })
    .from(articles)
    .where(or(eq(articles.slug, p('base')), sql`${articles.slug} GLOB ${p('base')} || '-[0-9]*'`))
    .prepare();
  const nextDue = orm
    .select({ at: min(articles.publishedAt) })
    .from(articles)
    .where(and(eq(articles.status, 'published'), gt(articles.publishedAt, p('now'))))
    .prepare();
  // Every content field is bound by its own name (CONTENT_FIELDS): a new column is written without a line here.
  const contentValues = Object.fromEntries(CONTENT_FIELDS.map((field) => [field, param(field)])) as Record<
    ContentField,
    SQL
  >;
  const insert = orm
    .insert(articles)
    .values({ ...contentValues, id: p('id'), version: 1, createdAt: p('now'), updatedAt: p('now') })
    .returning()
    .prepare();
  const update = orm
    .update(articles)
    .set({
      ...contentValues,
      version: sql`${articles.version} + 1`,
      // Never backwards, and always forwards: an ETag (version, updatedAt) changes even when the clock steps back.
      updatedAt: sql`max(${p('now')}, ${articles.updatedAt} + 1)`,
    })
    .where(eq(articles.id, p('id')))
    .returning()
    .prepare();
  const remove = orm
    .delete(articles)
    .where(eq(articles.id, p('id')))
    .prepare();
  const insertRevision = orm
    .insert(articleRevisions)
    .values({
      articleId: p('articleId'),
      revision: p('revision'),
      createdAt: p('createdAt'),
      author: p('author'),
      changed: p('changed'),
      // The newest revision's article is the article row (schema.ts, article_revisions).
      snapshot: null,
    })
    .prepare();
  // Before a write adds its revision: the one it supersedes gets the article as it stood (still in the row).
  const keepSnapshot = orm
    .update(articleRevisions)
    .set({ snapshot: param('snapshot') })
    .where(
      and(
        eq(articleRevisions.articleId, p('articleId')),
        eq(articleRevisions.revision, p('revision')),
        isNull(articleRevisions.snapshot),
      ),
    )
    .prepare();
  const revisionSnapshot = orm
    .select({ snapshot: articleRevisions.snapshot })
    .from(articleRevisions)
    .where(and(eq(articleRevisions.articleId, p('articleId')), eq(articleRevisions.revision, p('revision'))))
    .prepare();
  const clearTags = orm
    .delete(articleTags)
    .where(eq(articleTags.articleId, p('articleId')))
    .prepare();
  // NOTE: a tag row carries its article's status and publishedAt (the tag list index); given here, the
  // article_tags_state_insert trigger finds them right and skips its UPDATE of the row just inserted.
  const addTag = orm
    .insert(articleTags)
    .values({ articleId: p('articleId'), tag: p('tag'), status: p('status'), publishedAt: p('publishedAt') })
    .prepare();
  const clearImages = orm
    .delete(articleImages)
    .where(eq(articleImages.articleId, p('articleId')))
    .prepare();
  const addImage = orm
    .insert(articleImages)
    .values({ articleId: p('articleId'), imageId: p('imageId') })
    .prepare();
  const clearQuotes = orm
    .delete(articleQuotes)
    .where(eq(articleQuotes.articleId, p('articleId')))
    .prepare();
  const addQuote = orm
    .insert(articleQuotes)
    .values({ articleId: p('articleId'), quoteId: p('quoteId'), position: p('position') })
    .prepare();

  // json_each: the rows of a bulk insert as one JSON parameter (the builder has no table-valued source), so one
  // prepared statement writes any number of them.
  const rowsOf = sql`json_each(${p('rows')})`;
  const at = (index: number, alias: string) => sql`value ->> ${sql.raw(String(index))}`.as(alias);
  const addTags = orm
    .insert(articleTags)
    .select(
      orm
        .select({
          articleId: at(0, 'article_id'),
          tag: at(1, 'tag'),
          status: at(2, 'status'),
          publishedAt: at(3, 'published_at'),
        })
        .from(rowsOf),
    )
    .prepare();
  const addImages = orm
    .insert(articleImages)
    .select(orm.select({ articleId: at(0, 'article_id'), imageId: at(1, 'image_id') }).from(rowsOf))
    .prepare();
  const addQuotes = orm
    .insert(articleQuotes)
    .select(
      orm
        .select({ articleId: at(0, 'article_id'), quoteId: at(1, 'quote_id'), position: at(2, 'position') })
        .from(rowsOf),
    )
    .prepare();

  const outbox = createOutbox(sqlite);

  const nextScheduledAt = (now: number): number | null => nextDue.get({ now })?.at ?? null;
  const lister = createArticleLister(db, { nextScheduledAt, cacheTotals: options.cacheTotals });

  /**
   * The webhook events of a write (in its transaction): created, updated (a field other than status and
   * publishedAt changed), published and unpublished (it became, or stopped being, public). See outbox.ts for how
   * a scheduled article is announced once.
   */
  function recordEvents(previous: ArticleRecord | null, row: ArticleRecord, now: number, batch?: Batch): void {
    if (!(batch ? batch.webhooks : outbox.active())) return;
    if (previous === null) outbox.record('article.created', row.id, now);
    else if (EVENT_FIELDS.some((field) => previous[field] !== row[field]))
      outbox.record('article.updated', row.id, now);
    const was =
      previous !== null &&
      outbox.wasAnnounced(
        { status: previous.status, published_at: previous.publishedAt, updated_at: previous.updatedAt },
        now,
      );
    const is = isPublic(row, now);
    if (!was && is) outbox.record('article.published', row.id, now);
    else if (was && !is) outbox.record('article.unpublished', row.id, now);
  }

  function find(idOrSlug: string): ArticleRecord | undefined {
    return byIdOrSlug.get({ key: idOrSlug });
  }

  function get(idOrSlug: string): ArticleRecord {
    const row = find(idOrSlug);
    if (!row) throw problems.notFound('article', idOrSlug);
    return row;
  }

  function load(idOrSlug: string): Written | undefined {
    const row = find(idOrSlug);
    return row && { row, resolved: resolve([row], true) };
  }

  /** The one ETag computation from the link tables (see articleEtagOf). */
  function etagOf(row: Pick<ArticleRecord, 'id' | 'version' | 'updatedAt'>): string {
    return articleEtagOf(row, refsOf.get(row.id, row.id) ?? 0);
  }

  /** The images and quotes an article names (lead image and blocks), in two queries. */
  function fetchReferences(leadImageId: string | null, body: readonly BlockInput[]): Resolved {
    const { imageIds, quoteIds } = referencedIds(leadImageId, body);
    return { images: deps.images.findManyByIds(imageIds), quotes: deps.quotes.findManyByIds(quoteIds) };
  }

  function resolve(rows: readonly ArticleRecord[], withBody: boolean): Resolved {
    const imageIds: string[] = [];
    const quoteIds: string[] = [];
    for (const row of rows) {
      const refs = referencedIds(row.leadImageId, withBody ? parseBody(row) : []);
      imageIds.push(...refs.imageIds);
      quoteIds.push(...refs.quoteIds);
    }
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
    return firstFreeSlug(base, new Set(slugsLike.all({ base }).map((r) => r.slug)));
  }

  function assertSlugFree(slug: string, articleId: string | null): void {
    const owner = slugOwner.get({ slug });
    if (owner && owner.id !== articleId) throw problems.slugTaken(slug);
  }

  function writeLinks(row: ArticleRecord, links: Links): void {
    const articleId = row.id;
    if (links.tags) {
      clearTags.run({ articleId });
      for (const tag of links.tags) addTag.run({ articleId, tag, status: row.status, publishedAt: row.publishedAt });
    }
    if (links.body) {
      const { imageIds, quoteIds } = referencedIds(row.leadImageId, links.body);
      clearImages.run({ articleId });
      for (const imageId of imageIds) addImage.run({ articleId, imageId });
      clearQuotes.run({ articleId });
      for (const [position, quoteId] of quoteIds.entries()) addQuote.run({ articleId, quoteId, position });
    }
  }

  /**
   * THE write path of an article, inside the caller's transaction: `next` over `previous` (null: a new article)
   * as one new revision: the row (returned as stored), its tags and image/quote links where they changed, the
   * revision row and the webhook events. A `next` equal to `previous` writes nothing and returns `previous` (no
   * revision, the same updatedAt and ETag). `batch`: the new articles of an insertMany this one is written with.
   */
  function writeArticle(
    previous: ArticleRecord | null,
    next: ArticleContent,
    links: Links,
    now: number,
    author: string,
    batch?: Batch,
  ): ArticleRecord {
    let row: ArticleRecord;
    if (previous === null) {
      row = insert.get({ ...next, id: newId(now), now }) as ArticleRecord;
    } else {
      if (sameContent(previous, next)) return previous;
      row = update.get({ ...next, id: previous.id, now }) as ArticleRecord;
      // NOTE: existing tag rows follow a status or publishedAt change by trigger (see the tag_list_triggers
      // migration); new ones are given them (writeLinks).
    }
    // A new article has no link rows to clear; skipping the DELETEs is measurable on an import.
    if (previous === null) insertLinks(row, links, batch?.links);
    else writeLinks(row, links);
    if (previous !== null) {
      keepSnapshot.run({ articleId: previous.id, revision: previous.version, snapshot: snapshotText(previous) });
    }
    insertRevision.run({
      articleId: row.id,
      revision: row.version,
      createdAt: row.updatedAt,
      author,
      changed: JSON.stringify(changedFields(previous, row)),
    });
    recordEvents(previous, row, now, batch);
    return row;
  }

  /** A new article's link rows: written now, or added to `gathered` (see LinkRows). */
  function insertLinks(row: ArticleRecord, links: Links, gathered?: LinkRows): void {
    const articleId = row.id;
    const { imageIds, quoteIds } = referencedIds(row.leadImageId, links.body ?? []);
    if (gathered) {
      for (const tag of links.tags ?? []) gathered.tags.push([articleId, tag, row.status, row.publishedAt]);
      for (const imageId of imageIds) gathered.images.push([articleId, imageId]);
      for (const [position, quoteId] of quoteIds.entries()) gathered.quotes.push([articleId, quoteId, position]);
      return;
    }
    for (const tag of links.tags ?? [])
      addTag.run({ articleId, tag, status: row.status, publishedAt: row.publishedAt });
    for (const imageId of imageIds) addImage.run({ articleId, imageId });
    for (const [position, quoteId] of quoteIds.entries()) addQuote.run({ articleId, quoteId, position });
  }

  function writeGathered(gathered: LinkRows): void {
    const lists = [
      [addTags, gathered.tags],
      [addImages, gathered.images],
      [addQuotes, gathered.quotes],
    ] as const;
    for (const [statement, rows] of lists) {
      for (let start = 0; start < rows.length; start += LINK_CHUNK) {
        statement.run({ rows: JSON.stringify(rows.slice(start, start + LINK_CHUNK)) });
      }
    }
  }

  /** A new article's content from a create body (or an import's article, whose slug is given). */
  function newContent(input: ImportedArticle, now: number): ArticleContent {
    const publish = nextPublishState(null, { status: input.status, publishedAt: input.publishedAt }, now);
    const given = input as Record<string, unknown>;
    const content = Object.fromEntries(PLAIN_FIELDS.map((field) => [field, given[field] ?? CREATE_DEFAULTS[field]]));
    return {
      ...(content as Pick<ArticleContent, (typeof PLAIN_FIELDS)[number]>),
      tags: JSON.stringify(input.tags ?? []),
      body: JSON.stringify(input.body ?? []),
      status: publish.status,
      publishedAt: publish.publishedAt,
      corrections: JSON.stringify(input.corrections ?? []),
    };
  }

  function insertNew(input: ImportedArticle, now: number, author: string, batch?: Batch): ArticleRecord {
    const content = newContent(input, now);
    return writeArticle(null, content, { tags: input.tags ?? [], body: input.body ?? [] }, now, author, batch);
  }

  /** create() inside the caller's transaction: checks, slug, and the write. */
  function createNow(input: ArticleCreate, options: WriteOptions = {}): Written {
    const now = options.now ?? Date.now();
    const resolved = checkReferences(input.leadImageId, input.body);
    if (input.slug !== undefined) assertSlugFree(input.slug, null);
    const slug = input.slug ?? generatedSlug(input.headline);
    return { row: insertNew({ ...input, slug }, now, options.author ?? CLI_AUTHOR), resolved };
  }

  /**
   * A write of one existing article, as one transaction of the writer: the article as it is now (a 404 when
   * there is none), If-Match against its current ETag (a 412), then `write`.
   */
  function withCurrent<T>(idOrSlug: string, options: WriteOptions, write: (current: ArticleRecord) => T): Promise<T> {
    return writer.run(() => {
      const current = get(idOrSlug);
      if (options.ifMatch !== undefined && ifMatchFails(options.ifMatch, etagOf(current))) {
        throw problems.preconditionFailed();
      }
      return write(current);
    });
  }

  /** A change to an article's correction notices: a new revision (or nothing, when the list stays the same). */
  function changeCorrections(
    idOrSlug: string,
    change: (corrections: StoredCorrection[], now: number) => StoredCorrection[],
    options: WriteOptions,
  ): Promise<Written> {
    const now = options.now ?? Date.now();
    return withCurrent(idOrSlug, options, (current) => {
      const corrections = JSON.stringify(change(parseCorrections(current.corrections), now));
      const links = { tags: null, body: null };
      const row = writeArticle(current, { ...current, corrections }, links, now, options.author ?? CLI_AUTHOR);
      return { row, resolved: fetchReferences(row.leadImageId, parseBody(row)) };
    });
  }

  const store: ArticlesStore = {
    find: async (idOrSlug) => find(idOrSlug),
    get: async (idOrSlug) => get(idOrSlug),
    findHead: async (idOrSlug) => headByIdOrSlug.get({ key: idOrSlug }),
    load: async (idOrSlug) => load(idOrSlug),
    etagOf: async (row) => etagOf(row),
    resolve: async (rows, withBody) => resolve(rows, withBody),
    nextScheduledAt: async (now) => nextScheduledAt(now),
    list: async (query, now) => lister.list(query, now),
    async loadBySeqs(seqs, withBody) {
      const rows = lister.rowsBySeqs(seqs, withBody);
      return { rows, resolved: resolve(rows, withBody) };
    },

    // NOTE: a write answers with the resolved article. The images and quotes are the ones the reference check has
    // just read, and the row is what the write returned: no read-back, no second resolution.
    create: (input, options = {}) => writer.run(() => createNow(input, options)),

    update(idOrSlug, patch, options = {}) {
      const now = options.now ?? Date.now();
      return withCurrent(idOrSlug, options, (current) => {
        const bodyChanged = patch.body !== undefined;
        const leadChanged = patch.leadImageId !== undefined;
        if (bodyChanged || leadChanged) checkReferences(patch.leadImageId, patch.body);
        if (patch.slug !== undefined) assertSlugFree(patch.slug, current.id);
        const publish = nextPublishState(current, { status: patch.status, publishedAt: patch.publishedAt }, now);
        const body = patch.body ?? parseBody(current);
        const leadImageId = leadChanged ? (patch.leadImageId ?? null) : current.leadImageId;
        const next: ArticleContent = {
          ...current,
          tags: patch.tags === undefined ? current.tags : JSON.stringify(patch.tags),
          body: bodyChanged ? JSON.stringify(body) : current.body,
          status: publish.status,
          publishedAt: publish.publishedAt,
        };
        // A field left out of the PATCH keeps its value; null clears it.
        const given = patch as Record<string, unknown>;
        const fields = next as Record<string, unknown>;
        for (const field of PLAIN_FIELDS) if (given[field] !== undefined) fields[field] = given[field];
        const links = { tags: patch.tags ?? null, body: bodyChanged || leadChanged ? body : null };
        const row = writeArticle(current, next, links, now, options.author ?? CLI_AUTHOR);
        return { row, resolved: fetchReferences(leadImageId, body) };
      });
    },

    restore(idOrSlug, revision, options = {}) {
      const now = options.now ?? Date.now();
      return withCurrent(idOrSlug, options, (current) => {
        const stored = revisionSnapshot.get({ articleId: current.id, revision });
        if (!stored) throw problems.notFound(`revision of article ${current.id}`, String(revision));
        const then = toRevisionArticle(current.id, stored.snapshot ?? snapshotText(current));
        const resolved = fetchReferences(then.leadImageId, then.body);
        const missing = missingReferences(then, {
          images: new Set(resolved.images.keys()),
          quotes: new Set(resolved.quotes.keys()),
        });
        if (missing.length > 0) throw problems.missingReferences(revision, missing);
        assertSlugFree(then.slug, current.id);
        const body = JSON.stringify(then.body);
        // Status, publishedAt and corrections stay; every other field the snapshot holds comes back.
        const next: ArticleContent = { ...current, tags: JSON.stringify(then.tags), body };
        const snapshot = then as Record<string, unknown>;
        const fields = next as Record<string, unknown>;
        for (const field of PLAIN_FIELDS) if (field in snapshot) fields[field] = snapshot[field];
        const links = {
          tags: next.tags === current.tags ? null : then.tags,
          body: body === current.body && then.leadImageId === current.leadImageId ? null : then.body,
        };
        const row = writeArticle(current, next, links, now, options.author ?? CLI_AUTHOR);
        return { row, resolved };
      });
    },

    ...correctionOperations(changeCorrections),

    delete(idOrSlug, options = {}) {
      return withCurrent(idOrSlug, options, (current) => {
        remove.run({ id: current.id });
        outbox.record('article.deleted', current.id, Date.now(), { data: { id: current.id, slug: current.slug } });
      });
    },
  };

  return {
    ...store,

    // Synchronous, for SQLite code that runs inside a transaction of its own (the import, the bench seed): not
    // part of the seam.

    /** create() inside the caller's transaction (the bench seed writes its articles in chunks). */
    createNow,

    /** load(), synchronously (the benchmark's reference data renders every article in one loop). */
    loadNow: load,

    /** The articles with these slugs, in one query (bulk import matches articles by slug). */
    findManyBySlugs(slugs: readonly string[]): Map<string, ArticleRecord> {
      const found = new Map<string, ArticleRecord>();
      if (slugs.length === 0) return found;
      for (const row of bySlugs.all({ slugs: JSON.stringify(slugs) })) found.set(row.slug, row);
      return found;
    },

    /**
     * Bulk import: inserts articles inside the caller's transaction, which has checked every reference and
     * matched every slug (none is taken). The same rows and links as create() (writeArticle), without its
     * reference queries: what lets an import write 10,000 articles in about a second.
     */
    insertMany(inputs: ReadonlyArray<ImportedArticle>, now: number, options: WriteOptions = {}): void {
      if (!sqlite.inTransaction) throw new Error('insertMany must run inside a transaction');
      const author = options.author ?? CLI_AUTHOR;
      const batch: Batch = { links: { tags: [], images: [], quotes: [] }, webhooks: outbox.active() };
      for (const input of inputs) insertNew(input, now, author, batch);
      writeGathered(batch.links);
    },

    /**
     * Bulk import: replaces articles in place with the given fields (a field left out takes its create default,
     * publishedAt and corrections excepted: they are kept), inside the caller's transaction, which has checked
     * every reference. Each keeps its id and createdAt and gets one new revision (none when nothing changed).
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
          current,
          { status: input.status ?? 'draft', publishedAt: input.publishedAt },
          now,
        );
        const body = input.body ?? [];
        const tags = input.tags ?? [];
        const next: ArticleContent = {
          ...newContent(input, now),
          status: publish.status,
          publishedAt: publish.publishedAt,
          corrections: input.corrections === undefined ? current.corrections : JSON.stringify(input.corrections),
        };
        // Links are rewritten only when what they derive from changed (most updates touch the text alone).
        const sameRefs = next.body === current.body && next.leadImageId === current.leadImageId;
        writeArticle(
          current,
          next,
          { tags: next.tags === current.tags ? null : tags, body: sameRefs ? null : body },
          now,
          author,
        );
      }
    },
  };
}

export type SqliteArticlesStore = ReturnType<typeof createSqliteArticlesStore>;

/**
 * For the render memo (article-renders.ts): whether an image or a quote may have changed since the last call, by
 * the generation the images and quotes stores move on each write (db/reference-generation.ts; the newest
 * updated_at of each table can stay put after an edit), or whether another connection committed (its raw SQL
 * might change an article without moving its version, and its image and quote edits are not counted).
 */
export function referencesWatch(db: Db): () => boolean {
  const otherCommits = createChangeWatch(db.$client, { ownWrites: false });
  let last = referencesGeneration(db.$client);
  return () => {
    const references = referencesGeneration(db.$client);
    const other = otherCommits.changed();
    if (!other && references === last) return false;
    last = references;
    return true;
  };
}
