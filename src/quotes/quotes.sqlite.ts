import { eq, getTableColumns, sql } from 'drizzle-orm';
import { param, recordColumns } from '../db/builder.js';
import type { Db } from '../db/client.js';
import { totalSql } from '../db/counts.js';
import { keyedLookups } from '../db/keyed-lookups.js';
import { referencesChanged } from '../db/reference-generation.js';
import { articleQuotes, articles, quotes } from '../db/schema.js';
import { statementCache } from '../db/statements.js';
import { problems } from '../http/problems.js';
import { toFtsQuery } from '../shared/fts.js';
import { newId } from '../shared/ids.js';
import { afterCursor, nextCursor, orderBy, parseSort, readCursor } from '../shared/keyset.js';
import { createOutbox } from '../webhooks/outbox.js';
import type { QuoteCreate, QuoteListQuery, QuoteUpdate } from './quotes.schemas.js';
import {
  foldSpeaker,
  type QuoteCheck,
  type QuoteCreateOptions,
  type QuoteListFilter,
  type QuotePage,
  type QuoteRecord,
  type QuotesStore,
} from './quotes.store.js';

// The quotes on SQLite. `createQuotesRepository` holds the statements, prepared once, and the synchronous
// operations that other SQLite code runs inside its own transaction (an article's resolution reads
// findManyByIds, a bulk import writes through create and update); `createSqliteQuotesStore` is the QuotesStore
// over them, each write one transaction through db.writer. create, update and delete are the one write path of a
// quote, whichever door (route, import) a write comes in by.

const ph = (name: string) => sql.placeholder(name);

/** The list's SELECT list: every column under its record name, so a raw row is a QuoteRecord. */
const RECORD_COLUMNS = recordColumns(quotes);

const SORT_COLUMNS = {
  createdAt: { column: quotes.createdAt.name, nullable: false },
  updatedAt: { column: quotes.updatedAt.name, nullable: false },
  saidAt: { column: quotes.saidAt.name, nullable: true },
};

/**
 * The two statements a list runs (its total and its page), or null when `q` leaves nothing to search. Exported
 * so that test/bench/query-plans.test.ts checks the query plan of exactly the SQL the repository runs.
 * NOTE: raw SQL through a statement cache: the filters, the FTS5 MATCH and the keyset condition make a handful of
 * shapes, each prepared once (shared/keyset.ts writes the keyset condition every list shares).
 */
export function quoteListSql(query: QuoteListQuery, filter: QuoteListFilter = {}) {
  const spec = parseSort(query.sort, SORT_COLUMNS);
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.speaker !== undefined) {
    where.push('speaker_key = ?');
    params.push(foldSpeaker(query.speaker));
  }
  if (filter.articleId !== undefined) {
    where.push('id IN (SELECT quote_id FROM article_quotes WHERE article_id = ?)');
    params.push(filter.articleId);
  }
  if (query.q !== undefined) {
    const match = toFtsQuery(query.q);
    if (match === null) return null;
    where.push('seq IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)');
    params.push(match);
  }
  const count = totalSql('quotes', where, params);
  const cursor = readCursor(query.cursor, spec);
  const pageWhere = [...where];
  const pageParams = [...params];
  if (cursor) {
    const after = afterCursor(spec, cursor);
    pageWhere.push(after.sql);
    pageParams.push(...after.params);
  }
  const text = `SELECT ${RECORD_COLUMNS} FROM quotes ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''} ${orderBy(spec)} LIMIT ?`;
  const field = (spec.desc ? spec.name.slice(1) : spec.name) as keyof typeof SORT_COLUMNS;
  return { count, page: { sql: text, params: [...pageParams, query.limit + 1] }, spec, field };
}

export function createQuotesRepository(db: Db) {
  const { orm, $client: sqlite } = db;
  const stmt = statementCache(sqlite);
  // Webhook events are recorded in each write's transaction (see webhooks/outbox.ts).
  const outbox = createOutbox(sqlite);

  const lookups = keyedLookups(db, quotes);
  const { findById } = lookups;
  const insert = orm
    .insert(quotes)
    .values({
      id: ph('id'),
      key: ph('key'),
      text: ph('text'),
      speaker: ph('speaker'),
      speakerKey: ph('speakerKey'),
      speakerType: ph('speakerType'),
      speakerRole: ph('speakerRole'),
      organisation: ph('organisation'),
      channel: ph('channel'),
      sourceUrl: ph('sourceUrl'),
      saidAt: ph('saidAt'),
      version: 1,
      createdAt: ph('now'),
      updatedAt: ph('now'),
    })
    .returning()
    .prepare();
  // Every write bumps the version and moves updatedAt forward even when the clock has stepped back: the ETag.
  const update = orm
    .update(quotes)
    .set({
      text: param('text'),
      speaker: param('speaker'),
      speakerKey: param('speakerKey'),
      speakerType: param('speakerType'),
      speakerRole: param('speakerRole'),
      organisation: param('organisation'),
      channel: param('channel'),
      sourceUrl: param('sourceUrl'),
      saidAt: param('saidAt'),
      version: sql`${quotes.version} + 1`,
      updatedAt: sql`max(${ph('now')}, ${quotes.updatedAt} + 1)`,
    })
    .where(eq(quotes.id, ph('id')))
    .returning()
    .prepare();
  const remove = orm
    .delete(quotes)
    .where(eq(quotes.id, ph('id')))
    .prepare();
  const users = orm
    .select({ id: articles.id, slug: articles.slug })
    .from(articleQuotes)
    .innerJoin(articles, eq(articles.id, articleQuotes.articleId))
    .where(eq(articleQuotes.quoteId, ph('id')))
    .orderBy(articles.id)
    .prepare();

  function get(id: string): QuoteRecord {
    const row = findById(id);
    if (!row) throw problems.notFound('quote', id);
    return row;
  }

  return {
    ...lookups,
    get,

    /** Inserts a quote. Inside a transaction. */
    create(input: QuoteCreate, options: QuoteCreateOptions = {}): QuoteRecord {
      const now = options.now ?? Date.now();
      const id = newId(now);
      const row = insert.get({
        id,
        key: options.key ?? null,
        text: input.text,
        speaker: input.speaker,
        speakerKey: foldSpeaker(input.speaker),
        speakerType: input.speakerType ?? 'person',
        speakerRole: input.speakerRole ?? null,
        organisation: input.organisation ?? null,
        channel: input.channel ?? null,
        sourceUrl: input.sourceUrl ?? null,
        saidAt: input.saidAt ?? null,
        now,
      });
      outbox.record('quote.created', id, now);
      return row;
    },

    /** Applies a partial update; `check` runs on the current row first (If-Match). Inside a transaction. */
    update(id: string, patch: QuoteUpdate, check?: QuoteCheck): QuoteRecord {
      const current = get(id);
      check?.(current);
      const speaker = patch.speaker ?? current.speaker;
      const now = Date.now();
      // The render memo of articles keys on article versions only: it learns of quote edits here (see
      // db/reference-generation.ts; the connection's change count cannot tell them from article writes).
      referencesChanged(sqlite);
      const row = update.get({
        id,
        text: patch.text ?? current.text,
        speaker,
        speakerKey: foldSpeaker(speaker),
        speakerType: patch.speakerType ?? current.speakerType,
        speakerRole: patch.speakerRole === undefined ? current.speakerRole : patch.speakerRole,
        organisation: patch.organisation === undefined ? current.organisation : patch.organisation,
        channel: patch.channel === undefined ? current.channel : patch.channel,
        sourceUrl: patch.sourceUrl === undefined ? current.sourceUrl : patch.sourceUrl,
        saidAt: patch.saidAt === undefined ? current.saidAt : patch.saidAt,
        now,
      })!;
      outbox.record('quote.updated', id, now);
      return row;
    },

    /** Deletes a quote no article uses; otherwise a 409 naming the articles. Inside a transaction. */
    delete(id: string, check?: QuoteCheck): void {
      const current = get(id);
      check?.(current);
      const usedBy = users.all({ id });
      if (usedBy.length > 0) throw problems.inUse('quote', id, usedBy);
      referencesChanged(sqlite);
      remove.run({ id });
      outbox.record('quote.deleted', id, Date.now(), { data: { id } });
    },

    list(query: QuoteListQuery, filter: QuoteListFilter = {}): QuotePage {
      const built = quoteListSql(query, filter);
      if (built === null) return { rows: [], total: 0, nextCursor: null };
      const total = (stmt(built.count.sql).get(...built.count.params) as { n: number }).n;
      const rows = stmt(built.page.sql).all(...built.page.params) as QuoteRecord[];
      const next = nextCursor(
        rows,
        query.limit,
        built.spec,
        (row) => row[built.field],
        (row) => row.id,
      );
      return { rows: rows.slice(0, query.limit), total, nextCursor: next };
    },
  };
}

export type QuotesRepository = ReturnType<typeof createQuotesRepository>;

/** The QuotesStore on SQLite: reads run at once, each write is one transaction through db.writer. */
export function createSqliteQuotesStore(db: Db, repository = createQuotesRepository(db)): QuotesStore {
  const { writer } = db;
  return {
    find: async (id) => repository.findById(id),
    get: async (id) => repository.get(id),
    findManyByIds: async (ids) => repository.findManyByIds(ids),
    list: async (query, filter) => repository.list(query, filter),
    create: (input, options) => writer.run(() => repository.create(input, options)),
    update: (id, patch, check) => writer.run(() => repository.update(id, patch, check)),
    delete: (id, check) => writer.run(() => repository.delete(id, check)),
  };
}
