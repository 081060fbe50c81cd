import { type AnyColumn, and, desc, eq, gt, gte, lt, min, or, type SQL, sql } from 'drizzle-orm';
import type { PgChangeFeed } from '../db/pg-change-feed.js';
import type { PgDb } from '../db/pg-client.js';
import { type PgRunner, type PgTx, pgWrite } from '../db/pg-tx.js';
import {
  articleColumns,
  articleImages,
  articleQuotes,
  articleRevisions,
  articles,
  articleTags,
  imageColumns,
  images,
  quoteColumns,
  quotes,
} from '../db/schema.pg.js';
import { type FieldError, problems } from '../http/problems.js';
import type { ImageRecord } from '../images/images.store.js';
import type { QuoteRecord } from '../quotes/quotes.store.js';
import { ifMatchFails } from '../shared/etag.js';
import { newId } from '../shared/ids.js';
import { pgOutboxActive, pgWasAnnounced, recordPgEvent } from '../webhooks/outbox.pg.js';
import { articleEtagOf } from './articles.mapper.js';
import type { ArticleCreate, BlockInput } from './articles.schemas.js';
import {
  type ArticleHead,
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
import { createPgArticleLister } from './articles-list.pg.js';
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

// The PostgreSQL articles store: articles.sqlite.ts's behaviour, write for write (the same slugs, problems,
// revisions, events and ETags). Every write is one transaction (pgWrite, db/pg-tx.ts) through one function,
// writeArticle, whatever made it: create, PATCH, restore, corrections, and the import's insertMany and replaceMany.
// An existing article is read `FOR UPDATE` before it is written, so If-Match is a compare-and-set: of two writes
// under one ETag, the second reads the first's row once it has committed, and fails its precondition.

// The fields a write can change: every column but the row's identity and bookkeeping (as articles.sqlite.ts; the
// search vector is the database's, never written).
const {
  seq: _seq,
  id: _id,
  version: _version,
  createdAt: _createdAt,
  updatedAt: _updatedAt,
  ...contentColumns
} = articleColumns;
type ContentField = keyof typeof contentColumns;
const CONTENT_FIELDS = Object.keys(contentColumns) as ContentField[];

/** The content fields a write body gives as they are stored (as articles.sqlite.ts PLAIN_FIELDS). */
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
type ArticleContent = Pick<ArticleRecord, ContentField>;

function sameContent(current: ArticleContent, next: ArticleContent): boolean {
  return CONTENT_FIELDS.every((field) => current[field] === next[field]);
}

/** Only the content fields of `next` (which may be a whole row): what an INSERT or UPDATE sets. */
function contentOf(next: ArticleContent): ArticleContent {
  return Object.fromEntries(CONTENT_FIELDS.map((field) => [field, next[field]])) as ArticleContent;
}

/** Which link rows a write rewrites: null leaves them (what they derive from is unchanged). */
type Links = { tags: readonly string[] | null; body: readonly BlockInput[] | null };

/** One article's write: `next` over `previous` (null: a new article, its slug given or made: `slug`). */
type ArticleWrite = { previous: ArticleRecord | null; next: ArticleContent; links: Links; slug?: SlugChoice };

/** The slug a new article takes: given (a taken one is a 409), or made from its headline (the first free one). */
type SlugChoice = { given: string } | { fromHeadline: string };

/** The unique constraint on articles.slug (drizzle-kit's name for schema.pg.ts's `.unique()`). */
const SLUG_CONSTRAINT = 'articles_slug_unique';

/** How often a create whose generated slug another create took at the same moment tries the next free one. */
const SLUG_ATTEMPTS = 5;

/**
 * PostgreSQL's unique violation of articles.slug (drizzle wraps pg's error in `cause`), with its `detail` ("Key
 * (slug)=(x) already exists."), or null for any other error.
 */
function slugViolation(error: unknown): { detail: string } | null {
  let current = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const { code, constraint, detail } = current as { code?: unknown; constraint?: unknown; detail?: unknown };
    if (code === '23505')
      return constraint === SLUG_CONSTRAINT ? { detail: typeof detail === 'string' ? detail : '' } : null;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Rows a bulk write inserts per statement: every value is a parameter, and a statement holds at most 65,535
 * (an article row binds 15).
 */
const CHUNK = 1000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) out.push(items.slice(start, start + CHUNK));
  return out;
}

/**
 * PostgreSQL's text cannot hold the NUL character (a parameter with one is an error, 22021): no stored id or slug
 * has one, so a lookup by such a key finds nothing, as on SQLite, without asking.
 */
const NUL = '\u0000';

/** `column = ANY($1)`: a whole list bound as one array parameter, whatever its length. */
function anyOf(column: AnyColumn, values: string[]): SQL {
  return sql`${column} = ANY(${sql.param(values)}::text[])`;
}

export type PgArticlesStore = ArticlesStore & {
  /** The articles with these slugs, in one query, through `tx` (bulk import matches articles by slug). */
  findManyBySlugs(tx: PgRunner, slugs: readonly string[]): Promise<Map<string, ArticleRecord>>;
  /**
   * Bulk import: inserts articles inside the caller's transaction, which has checked every reference and matched
   * every slug (none is taken): the same rows, links, revisions and events as create() (writeArticle).
   */
  insertMany(tx: PgTx, inputs: ReadonlyArray<ImportedArticle>, now: number, options?: WriteOptions): Promise<void>;
  /**
   * Bulk import: replaces articles in place with the given fields (a field left out takes its create default,
   * publishedAt and corrections excepted: they are kept), inside the caller's transaction, which has checked every
   * reference. Each keeps its id and createdAt and gets one new revision (none when nothing changed).
   */
  replaceMany(
    tx: PgTx,
    replacements: ReadonlyArray<{ current: ArticleRecord; input: ImportedArticle }>,
    now: number,
    options?: WriteOptions,
  ): Promise<void>;
};

const head = {
  id: articles.id,
  status: articles.status,
  publishedAt: articles.publishedAt,
  version: articles.version,
  updatedAt: articles.updatedAt,
};

export function createPgArticlesStore(
  db: PgDb,
  options: { changes: PgChangeFeed; cacheTotals: boolean },
): PgArticlesStore {
  const { orm } = db;

  /** The article with this id, else the one with this slug (an id wins: as articles.sqlite.ts's UNION ALL). */
  async function findIn(runner: PgRunner, idOrSlug: string, lock = false): Promise<ArticleRecord | undefined> {
    if (idOrSlug.includes(NUL)) return undefined;
    const query = runner
      .select(articleColumns)
      .from(articles)
      .where(or(eq(articles.id, idOrSlug), eq(articles.slug, idOrSlug)))
      .orderBy(desc(sql`${articles.id} = ${idOrSlug}`))
      .limit(1);
    const rows = lock ? await query.for('update') : await query;
    return rows[0];
  }

  async function findHead(idOrSlug: string): Promise<ArticleHead | undefined> {
    if (idOrSlug.includes(NUL)) return undefined;
    const rows = await orm
      .select(head)
      .from(articles)
      .where(or(eq(articles.id, idOrSlug), eq(articles.slug, idOrSlug)))
      .orderBy(desc(sql`${articles.id} = ${idOrSlug}`))
      .limit(1);
    return rows[0];
  }

  async function get(runner: PgRunner, idOrSlug: string, lock = false): Promise<ArticleRecord> {
    const row = await findIn(runner, idOrSlug, lock);
    if (!row) throw problems.notFound('article', idOrSlug);
    return row;
  }

  /**
   * The one ETag computation from the link tables (see articleEtagOf): the sum of the versions of the images and
   * quotes the article names. Raw: two correlated scalar sums in one statement, as articles.sqlite.ts's refsOf.
   */
  async function etagOf(runner: PgRunner, row: Pick<ArticleRecord, 'id' | 'version' | 'updatedAt'>): Promise<string> {
    const result = await runner.execute<{ refs: string | number | null }>(
      sql`SELECT coalesce((SELECT sum(i.version) FROM article_images l JOIN images i ON i.id = l.image_id WHERE l.article_id = ${row.id}), 0) +
        coalesce((SELECT sum(q.version) FROM article_quotes l JOIN quotes q ON q.id = l.quote_id WHERE l.article_id = ${row.id}), 0) AS refs`,
    );
    return articleEtagOf(row, Number(result.rows[0]?.refs ?? 0));
  }

  async function findImages(runner: PgRunner, ids: readonly string[]): Promise<Map<string, ImageRecord>> {
    const found = new Map<string, ImageRecord>();
    const wanted = [...new Set(ids)].filter((id) => !id.includes(NUL));
    if (wanted.length === 0) return found;
    const rows = await runner.select(imageColumns).from(images).where(anyOf(images.id, wanted));
    for (const row of rows) found.set(row.id, row);
    return found;
  }

  async function findQuotes(runner: PgRunner, ids: readonly string[]): Promise<Map<string, QuoteRecord>> {
    const found = new Map<string, QuoteRecord>();
    const wanted = [...new Set(ids)].filter((id) => !id.includes(NUL));
    if (wanted.length === 0) return found;
    const rows = await runner.select(quoteColumns).from(quotes).where(anyOf(quotes.id, wanted));
    for (const row of rows) found.set(row.id, row);
    return found;
  }

  /** The images and quotes an article names (lead image and blocks), in two queries. */
  async function fetchReferences(
    runner: PgRunner,
    leadImageId: string | null,
    body: readonly BlockInput[],
  ): Promise<Resolved> {
    const { imageIds, quoteIds } = referencedIds(leadImageId, body);
    const [imagesFound, quotesFound] = [await findImages(runner, imageIds), await findQuotes(runner, quoteIds)];
    return { images: imagesFound, quotes: quotesFound };
  }

  async function resolveIn(runner: PgRunner, rows: readonly ArticleRecord[], withBody: boolean): Promise<Resolved> {
    const imageIds: string[] = [];
    const quoteIds: string[] = [];
    for (const row of rows) {
      const refs = referencedIds(row.leadImageId, withBody ? parseBody(row) : []);
      imageIds.push(...refs.imageIds);
      quoteIds.push(...refs.quoteIds);
    }
    return { images: await findImages(runner, imageIds), quotes: await findQuotes(runner, quoteIds) };
  }

  /**
   * Every missing image or quote an article names, as field errors with their paths (a 400). Returns what it
   * found, so that a write answers with the resolved article without querying them again. An image or quote
   * deleted after this read and before the commit is refused by the link tables' foreign keys (errors.ts: a 409).
   */
  async function checkReferences(
    tx: PgRunner,
    leadImageId: string | null | undefined,
    body: readonly BlockInput[] | undefined,
  ): Promise<Resolved> {
    const found = await fetchReferences(tx, leadImageId ?? null, body ?? []);
    const { images: imagesFound, quotes: quotesFound } = found;
    const errors: FieldError[] = [];
    if (leadImageId && !imagesFound.has(leadImageId))
      errors.push({ path: 'leadImageId', message: 'names no existing image' });
    (body ?? []).forEach((block, index) => {
      if (block.type === 'image' && !imagesFound.has(block.imageId)) {
        errors.push({ path: `body[${index}].imageId`, message: 'names no existing image' });
      } else if (block.type === 'quote' && !quotesFound.has(block.quoteId)) {
        errors.push({ path: `body[${index}].quoteId`, message: 'names no existing quote' });
      }
    });
    if (errors.length > 0) throw problems.validation(errors);
    return found;
  }

  /** The first free slug of `base`, `base-2`, `base-3`… (a byte range of the slug index: `base-0` to `base-:`). */
  async function generatedSlug(tx: PgRunner, headline: string): Promise<string> {
    const base = slugFromHeadline(headline);
    const rows = await tx
      .select({ slug: articles.slug })
      .from(articles)
      .where(or(eq(articles.slug, base), and(gte(articles.slug, `${base}-0`), lt(articles.slug, `${base}-:`))));
    return firstFreeSlug(base, new Set(rows.map((r) => r.slug)));
  }

  async function assertSlugFree(tx: PgRunner, slug: string, articleId: string | null): Promise<void> {
    const owner = await tx.select({ id: articles.id }).from(articles).where(eq(articles.slug, slug));
    if (owner[0] && owner[0].id !== articleId) throw problems.slugTaken(slug);
  }

  /**
   * A statement that writes slugs: another transaction that took one since assertSlugFree read it (a race) makes
   * it the same 409 as the check's (problems.slugTaken), not errors.ts's generic duplicate. The slug is the one
   * PostgreSQL names (`Key (slug)=(…)`), else the first written.
   */
  async function claimingSlugs<T>(slugs: readonly string[], write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const violation = slugViolation(error);
      if (!violation) throw error;
      const named = /^Key \(slug\)=\((.*)\) already exists\.$/.exec(violation.detail)?.[1];
      throw problems.slugTaken(slugs.length === 1 || named === undefined ? slugs[0]! : named);
    }
  }

  /**
   * The link rows of written articles, in one statement per table (chunked): each write's tags and image/quote
   * links where they changed (null leaves them); an existing article's old ones are deleted first.
   */
  async function writeLinks(tx: PgTx, written: ReadonlyArray<{ row: ArticleRecord; links: Links; isNew: boolean }>) {
    const clearTags = written.filter((w) => w.links.tags && !w.isNew).map((w) => w.row.id);
    const clearRefs = written.filter((w) => w.links.body && !w.isNew).map((w) => w.row.id);
    if (clearTags.length > 0) await tx.delete(articleTags).where(anyOf(articleTags.articleId, clearTags));
    if (clearRefs.length > 0) {
      await tx.delete(articleImages).where(anyOf(articleImages.articleId, clearRefs));
      await tx.delete(articleQuotes).where(anyOf(articleQuotes.articleId, clearRefs));
    }
    const tagRows: Array<typeof articleTags.$inferInsert> = [];
    const imageRows: Array<typeof articleImages.$inferInsert> = [];
    const quoteRows: Array<typeof articleQuotes.$inferInsert> = [];
    for (const { row, links } of written) {
      const articleId = row.id;
      // NOTE: a tag row carries its article's status and publishedAt (the tag list index); given here, the
      // article_tags_state_insert trigger finds them right.
      for (const tag of links.tags ?? [])
        tagRows.push({ articleId, tag, status: row.status, publishedAt: row.publishedAt });
      if (links.body) {
        const { imageIds, quoteIds } = referencedIds(row.leadImageId, links.body);
        for (const imageId of imageIds) imageRows.push({ articleId, imageId });
        for (const [position, quoteId] of quoteIds.entries()) quoteRows.push({ articleId, quoteId, position });
      }
    }
    for (const chunk of chunks(tagRows)) await tx.insert(articleTags).values(chunk);
    for (const chunk of chunks(imageRows)) await tx.insert(articleImages).values(chunk);
    for (const chunk of chunks(quoteRows)) await tx.insert(articleQuotes).values(chunk);
  }

  /**
   * The webhook events of a write (in its transaction), as articles.sqlite.ts recordEvents: created, updated (a
   * field other than status and publishedAt changed), published and unpublished (it became, or stopped being,
   * public).
   */
  async function recordEvents(tx: PgTx, previous: ArticleRecord | null, row: ArticleRecord, now: number) {
    if (previous === null) await recordPgEvent(tx, 'article.created', row.id, now);
    else if (EVENT_FIELDS.some((field) => previous[field] !== row[field]))
      await recordPgEvent(tx, 'article.updated', row.id, now);
    const was =
      previous !== null &&
      (await pgWasAnnounced(
        tx,
        { status: previous.status, publishedAt: previous.publishedAt, updatedAt: previous.updatedAt },
        now,
      ));
    const is = isPublic(row, now);
    if (!was && is) await recordPgEvent(tx, 'article.published', row.id, now);
    else if (was && !is) await recordPgEvent(tx, 'article.unpublished', row.id, now);
  }

  /** A new article's row whose slug is made from its headline: the first free one, past any a racing create took. */
  async function insertWithGeneratedSlug(tx: PgTx, next: ArticleContent, headline: string, now: number) {
    for (let attempt = 1; ; attempt++) {
      const slug = await generatedSlug(tx, headline);
      try {
        // A savepoint: a slug another transaction committed since generatedSlug read the index fails this insert
        // alone, and the next attempt (a new snapshot: READ COMMITTED) sees it and takes the next free one.
        const [row] = await tx.transaction((savepoint) =>
          savepoint
            .insert(articles)
            .values({ ...contentOf({ ...next, slug }), id: newId(now), version: 1, createdAt: now, updatedAt: now })
            .returning(articleColumns),
        );
        return row!;
      } catch (error) {
        if (!slugViolation(error) || attempt >= SLUG_ATTEMPTS) throw error;
      }
    }
  }

  /** New articles' rows (slugs given), in one INSERT per chunk; returned in the order given. */
  async function insertRows(tx: PgTx, contents: readonly ArticleContent[], now: number): Promise<ArticleRecord[]> {
    const values = contents.map((next) => ({
      ...contentOf(next),
      id: newId(now),
      version: 1,
      createdAt: now,
      updatedAt: now,
    }));
    const byId = new Map<string, ArticleRecord>();
    for (const chunk of chunks(values)) {
      const rows = await claimingSlugs(
        chunk.map((value) => value.slug),
        () => tx.insert(articles).values(chunk).returning(articleColumns),
      );
      for (const row of rows) byId.set(row.id, row);
    }
    return values.map((value) => byId.get(value.id)!);
  }

  async function updateRow(tx: PgTx, previous: ArticleRecord, next: ArticleContent, now: number) {
    const [row] = await claimingSlugs([next.slug], () =>
      tx
        .update(articles)
        .set({
          ...contentOf(next),
          version: sql`${articles.version} + 1`,
          // Never backwards, and always forwards: an ETag (version, updatedAt) changes even when the clock steps
          // back.
          updatedAt: sql`greatest(${now}::bigint, ${articles.updatedAt} + 1)`,
        })
        .where(eq(articles.id, previous.id))
        .returning(articleColumns),
    );
    return row!;
  }

  /**
   * THE write path of articles, inside the caller's transaction: each write's `next` over its `previous` (null: a
   * new article, whose slug `slug` says) as one new revision: the row (returned as stored), its tags and
   * image/quote links where they changed, the revision row and the webhook events. A `next` equal to its
   * `previous` writes nothing and returns `previous` (no revision, the same updatedAt and ETag). One write (create,
   * PATCH, restore, a correction) or many (the import's insertMany and replaceMany), with the same statements:
   * the rows, then each link table, then the revisions, in one statement each (a chunk at a time).
   */
  async function writeArticles(
    tx: PgTx,
    writes: readonly ArticleWrite[],
    now: number,
    author: string,
  ): Promise<ArticleRecord[]> {
    const results: ArticleRecord[] = new Array(writes.length);
    const written: Array<{ index: number; row: ArticleRecord; links: Links; isNew: boolean }> = [];
    // New articles whose slug is given: one INSERT for all.
    const given = writes.flatMap((write, index) =>
      write.previous === null && !('fromHeadline' in (write.slug ?? {})) ? [index] : [],
    );
    const inserted = await insertRows(
      tx,
      given.map((index) => writes[index]!.next),
      now,
    );
    given.forEach((index, i) => {
      results[index] = inserted[i]!;
      written.push({ index, row: inserted[i]!, links: writes[index]!.links, isNew: true });
    });
    for (const [index, write] of writes.entries()) {
      if (results[index]) continue;
      const { previous, next, slug } = write;
      if (previous === null) {
        const headline = slug && 'fromHeadline' in slug ? slug.fromHeadline : next.headline;
        const row = await insertWithGeneratedSlug(tx, next, headline, now);
        results[index] = row;
        written.push({ index, row, links: write.links, isNew: true });
      } else if (sameContent(previous, next)) {
        results[index] = previous;
      } else {
        // NOTE: existing tag rows follow a status or publishedAt change by trigger (migrations-pg 0002); new ones
        // are given them (writeLinks).
        const row = await updateRow(tx, previous, next, now);
        results[index] = row;
        written.push({ index, row, links: write.links, isNew: false });
      }
    }
    if (written.length === 0) return results;
    // A new article's missing links are empty lists (it has none to keep).
    for (const w of written) if (w.isNew) w.links = { tags: w.links.tags ?? [], body: w.links.body ?? [] };
    await writeLinks(tx, written);
    const revisions = written.map(({ index, row }) => ({
      articleId: row.id,
      revision: row.version,
      createdAt: row.updatedAt,
      author,
      changed: JSON.stringify(changedFields(writes[index]!.previous, row)),
      snapshot: snapshotText(row),
    }));
    for (const chunk of chunks(revisions)) await tx.insert(articleRevisions).values(chunk);
    if (await pgOutboxActive(tx)) {
      for (const { index, row } of written) await recordEvents(tx, writes[index]!.previous, row, now);
    }
    return results;
  }

  /** One write through writeArticles. */
  async function writeArticle(
    tx: PgTx,
    previous: ArticleRecord | null,
    next: ArticleContent,
    links: Links,
    now: number,
    author: string,
    slug?: SlugChoice,
  ): Promise<ArticleRecord> {
    const [row] = await writeArticles(tx, [{ previous, next, links, slug }], now, author);
    return row!;
  }

  /** A new article's content from a create body (or an import's article, whose slug is given). */
  function newContent(input: ArticleCreate & { slug: string; corrections?: StoredCorrection[] }, now: number) {
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
    } as ArticleContent;
  }

  /** A new article's write from a create body (or an import's article, whose slug is given). */
  function newWrite(input: ImportedArticle, now: number, slug?: SlugChoice): ArticleWrite {
    const links = { tags: input.tags ?? [], body: input.body ?? [] };
    return { previous: null, next: newContent(input, now), links, slug };
  }

  /**
   * A write of one existing article, as one transaction: the article as it is now, locked (a 404 when there is
   * none), If-Match against its current ETag (a 412), then `write`.
   */
  function withCurrent<T>(
    idOrSlug: string,
    options: WriteOptions,
    write: (tx: PgTx, current: ArticleRecord) => Promise<T>,
  ): Promise<T> {
    return pgWrite(db, async (tx) => {
      const current = await get(tx, idOrSlug, true);
      if (options.ifMatch !== undefined && ifMatchFails(options.ifMatch, await etagOf(tx, current))) {
        throw problems.preconditionFailed();
      }
      return write(tx, current);
    });
  }

  /** A change to an article's correction notices: a new revision (or nothing, when the list stays the same). */
  function changeCorrections(
    idOrSlug: string,
    change: (corrections: StoredCorrection[], now: number) => StoredCorrection[],
    options: WriteOptions,
  ): Promise<Written> {
    const now = options.now ?? Date.now();
    return withCurrent(idOrSlug, options, async (tx, current) => {
      const corrections = JSON.stringify(change(parseCorrections(current.corrections), now));
      const links = { tags: null, body: null };
      const row = await writeArticle(
        tx,
        current,
        { ...current, corrections },
        links,
        now,
        options.author ?? CLI_AUTHOR,
      );
      return { row, resolved: await fetchReferences(tx, row.leadImageId, parseBody(row)) };
    });
  }

  const resolve = (rows: readonly ArticleRecord[], withBody: boolean) => resolveIn(orm, rows, withBody);

  async function nextScheduledAt(now: number): Promise<number | null> {
    const rows = await orm
      .select({ at: min(articles.publishedAt) })
      .from(articles)
      .where(and(eq(articles.status, 'published'), gt(articles.publishedAt, now)));
    // min() of a bigint comes back as text: drizzle maps only the column itself to a number.
    const at = rows[0]?.at;
    return at === null || at === undefined ? null : Number(at);
  }

  const lister = createPgArticleLister(db, {
    changes: options.changes,
    cacheTotals: options.cacheTotals,
    resolve,
    nextScheduledAt,
  });

  return {
    find: (idOrSlug) => findIn(orm, idOrSlug),
    get: (idOrSlug) => get(orm, idOrSlug),
    findHead,
    async load(idOrSlug) {
      const row = await findIn(orm, idOrSlug);
      return row && { row, resolved: await resolveIn(orm, [row], true) };
    },
    etagOf: (row) => etagOf(orm, row),
    resolve,
    nextScheduledAt,
    list: (query, now) => lister.list(query, now),
    loadBySeqs: (seqs, withBody) => lister.loadBySeqs(seqs, withBody),

    // NOTE: a write answers with the resolved article. The images and quotes are the ones the reference check has
    // just read, and the row is what the write returned: no read-back, no second resolution.
    create(input, options = {}) {
      const now = options.now ?? Date.now();
      return pgWrite(db, async (tx) => {
        const resolved = await checkReferences(tx, input.leadImageId, input.body);
        if (input.slug !== undefined) await assertSlugFree(tx, input.slug, null);
        const slug: SlugChoice = input.slug !== undefined ? { given: input.slug } : { fromHeadline: input.headline };
        // A generated slug is the row's (writeArticles); '' stands for it until then.
        const write = newWrite({ ...input, slug: input.slug ?? '' }, now, slug);
        const [row] = await writeArticles(tx, [write], now, options.author ?? CLI_AUTHOR);
        return { row: row!, resolved };
      });
    },

    update(idOrSlug, patch, options = {}) {
      const now = options.now ?? Date.now();
      return withCurrent(idOrSlug, options, async (tx, current) => {
        const bodyChanged = patch.body !== undefined;
        const leadChanged = patch.leadImageId !== undefined;
        if (bodyChanged || leadChanged) await checkReferences(tx, patch.leadImageId, patch.body);
        if (patch.slug !== undefined) await assertSlugFree(tx, patch.slug, current.id);
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
        const row = await writeArticle(tx, current, next, links, now, options.author ?? CLI_AUTHOR);
        return { row, resolved: await fetchReferences(tx, leadImageId, body) };
      });
    },

    restore(idOrSlug, revision, options = {}) {
      const now = options.now ?? Date.now();
      return withCurrent(idOrSlug, options, async (tx, current) => {
        const [stored] = await tx
          .select({ snapshot: articleRevisions.snapshot })
          .from(articleRevisions)
          .where(and(eq(articleRevisions.articleId, current.id), eq(articleRevisions.revision, revision)));
        if (!stored) throw problems.notFound(`revision of article ${current.id}`, String(revision));
        const then = toRevisionArticle(current.id, stored.snapshot ?? snapshotText(current));
        const resolved = await fetchReferences(tx, then.leadImageId, then.body);
        const missing = missingReferences(then, {
          images: new Set(resolved.images.keys()),
          quotes: new Set(resolved.quotes.keys()),
        });
        if (missing.length > 0) throw problems.missingReferences(revision, missing);
        await assertSlugFree(tx, then.slug, current.id);
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
        const row = await writeArticle(tx, current, next, links, now, options.author ?? CLI_AUTHOR);
        return { row, resolved };
      });
    },

    ...correctionOperations(changeCorrections),

    async delete(idOrSlug, options = {}) {
      await withCurrent(idOrSlug, options, async (tx, current) => {
        // Its tags, links, revisions and preview links go with it (ON DELETE CASCADE).
        await tx.delete(articles).where(eq(articles.id, current.id));
        await recordPgEvent(tx, 'article.deleted', current.id, Date.now(), {
          data: { id: current.id, slug: current.slug },
        });
      });
    },

    // For the import (src/import/import.pg.ts), inside its own transaction: not part of the seam.

    async findManyBySlugs(tx, slugs) {
      const found = new Map<string, ArticleRecord>();
      const wanted = [...new Set(slugs)].filter((slug) => !slug.includes(NUL));
      if (wanted.length === 0) return found;
      const rows = await tx.select(articleColumns).from(articles).where(anyOf(articles.slug, wanted));
      for (const row of rows) found.set(row.slug, row);
      return found;
    },

    async insertMany(tx, inputs, now, options = {}) {
      const writes = inputs.map((input) => newWrite(input, now));
      await writeArticles(tx, writes, now, options.author ?? CLI_AUTHOR);
    },

    async replaceMany(tx, replacements, now, options = {}) {
      const writes = replacements.map(({ current, input }): ArticleWrite => {
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
        const links = { tags: next.tags === current.tags ? null : tags, body: sameRefs ? null : body };
        return { previous: current, next, links };
      });
      await writeArticles(tx, writes, now, options.author ?? CLI_AUTHOR);
    },
  };
}
