import { and, count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgDb } from '../db/pg-client.js';
import { pgKeyedLookups, pgStorable } from '../db/pg-keyed-lookups.js';
import { pgAfterCursor, pgOrderBy } from '../db/pg-keyset.js';
import { pgMatches, pgSearchQuery } from '../db/pg-search.js';
import { type PgRunner, type PgTx, pgWrite } from '../db/pg-tx.js';
import { articleQuotes, articles, quoteColumns, quotes, tableCounts } from '../db/schema.pg.js';
import { problems } from '../http/problems.js';
import { newId } from '../shared/ids.js';
import { nextCursor, parseSort, readCursor } from '../shared/keyset.js';
import { recordPgEvent } from '../webhooks/outbox.pg.js';
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

// The quotes on PostgreSQL, as quotes.sqlite.ts on SQLite. `createPgQuotesRepository` holds the operations, each
// on the runner it is given (the pool for a read, the caller's transaction for a write), so that other PostgreSQL
// code runs them inside its own transaction (a bulk import writes through create and update);
// `createPgQuotesStore` is the QuotesStore over them, each write one transaction through pgWrite. create, update
// and delete are the one write path of a quote, whichever door (route, import) a write comes in by.
// The article render memo learns of quote writes from the change feed (db/pg-change-feed.ts), which sees every
// committed write made through pgWrite, by this instance or another: nothing here needs to tell it.

const SORT_COLUMNS = {
  createdAt: { column: quotes.createdAt.name, nullable: false },
  updatedAt: { column: quotes.updatedAt.name, nullable: false },
  saidAt: { column: quotes.saidAt.name, nullable: true },
};
const SORT_FIELDS = { createdAt: quotes.createdAt, updatedAt: quotes.updatedAt, saidAt: quotes.saidAt };

/** `_db`: the database whose transactions (or pool) the methods are given; each method takes its runner. */
export function createPgQuotesRepository(_db: PgDb) {
  const lookups = pgKeyedLookups<QuoteRecord>(quotes, quoteColumns);
  const { findById } = lookups;

  async function get(tx: PgRunner, id: string): Promise<QuoteRecord> {
    const row = await findById(tx, id);
    if (!row) throw problems.notFound('quote', id);
    return row;
  }

  /** The row a write will change, locked until its transaction ends (If-Match is then a compare-and-set). */
  async function lock(tx: PgTx, id: string): Promise<QuoteRecord> {
    const rows = pgStorable(id)
      ? await tx.select(quoteColumns).from(quotes).where(eq(quotes.id, id)).for('update')
      : [];
    if (!rows[0]) throw problems.notFound('quote', id);
    return rows[0];
  }

  return {
    ...lookups,
    get,

    /** Inserts a quote. Inside a transaction. */
    async create(tx: PgTx, input: QuoteCreate, options: QuoteCreateOptions = {}): Promise<QuoteRecord> {
      const now = options.now ?? Date.now();
      const id = newId(now);
      const [row] = await tx
        .insert(quotes)
        .values({
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
          version: 1,
          createdAt: now,
          updatedAt: now,
        })
        .returning(quoteColumns);
      await recordPgEvent(tx, 'quote.created', id, now);
      return row!;
    },

    /** Applies a partial update; `check` runs on the current row, locked, first (If-Match). Inside a transaction. */
    async update(tx: PgTx, id: string, patch: QuoteUpdate, check?: QuoteCheck): Promise<QuoteRecord> {
      const current = await lock(tx, id);
      check?.(current);
      const speaker = patch.speaker ?? current.speaker;
      const now = Date.now();
      const [row] = await tx
        .update(quotes)
        .set({
          text: patch.text ?? current.text,
          speaker,
          speakerKey: foldSpeaker(speaker),
          speakerType: patch.speakerType ?? current.speakerType,
          speakerRole: patch.speakerRole === undefined ? current.speakerRole : patch.speakerRole,
          organisation: patch.organisation === undefined ? current.organisation : patch.organisation,
          channel: patch.channel === undefined ? current.channel : patch.channel,
          sourceUrl: patch.sourceUrl === undefined ? current.sourceUrl : patch.sourceUrl,
          saidAt: patch.saidAt === undefined ? current.saidAt : patch.saidAt,
          // Every write bumps the version and moves updatedAt forward even when the clock has stepped back: the ETag.
          version: sql`${quotes.version} + 1`,
          updatedAt: sql`greatest(${now}::bigint, ${quotes.updatedAt} + 1)`,
        })
        .where(eq(quotes.id, id))
        .returning(quoteColumns);
      await recordPgEvent(tx, 'quote.updated', id, now);
      return row!;
    },

    /** Deletes a quote no article uses; otherwise a 409 naming the articles. Inside a transaction. */
    async delete(tx: PgTx, id: string, check?: QuoteCheck): Promise<void> {
      const current = await lock(tx, id);
      check?.(current);
      // An article being written with this quote holds the row (its foreign key's lock) until it commits, so the
      // lock above waited for it and this read sees its link.
      const usedBy = await tx
        .select({ id: articles.id, slug: articles.slug })
        .from(articleQuotes)
        .innerJoin(articles, eq(articles.id, articleQuotes.articleId))
        .where(eq(articleQuotes.quoteId, id))
        .orderBy(articles.id);
      if (usedBy.length > 0) throw problems.inUse('quote', id, usedBy);
      await tx.delete(quotes).where(eq(quotes.id, id));
      await recordPgEvent(tx, 'quote.deleted', id, Date.now(), { data: { id } });
    },

    async list(tx: PgRunner, query: QuoteListQuery, filter: QuoteListFilter = {}): Promise<QuotePage> {
      const spec = parseSort(query.sort, SORT_COLUMNS);
      const field = (spec.desc ? spec.name.slice(1) : spec.name) as keyof typeof SORT_FIELDS;
      const column = SORT_FIELDS[field];
      const empty = { rows: [], total: 0, nextCursor: null };
      const where: SQL[] = [];
      if (query.speaker !== undefined) {
        const key = foldSpeaker(query.speaker);
        // PostgreSQL's text cannot hold NUL: no stored speaker has one.
        if (!pgStorable(key)) return empty;
        where.push(eq(quotes.speakerKey, key));
      }
      if (filter.articleId !== undefined) {
        if (!pgStorable(filter.articleId)) return empty;
        where.push(
          inArray(
            quotes.id,
            tx
              .select({ id: articleQuotes.quoteId })
              .from(articleQuotes)
              .where(eq(articleQuotes.articleId, filter.articleId)),
          ),
        );
      }
      if (query.q !== undefined) {
        const match = pgSearchQuery(query.q);
        if (match === null) return empty;
        where.push(pgMatches(quotes.search, match));
      }
      // Unfiltered, the total is the counter the triggers keep (migrations-pg 0002), as on SQLite (db/counts.ts).
      const total =
        where.length === 0
          ? ((await tx.select({ n: tableCounts.total }).from(tableCounts).where(eq(tableCounts.tableName, 'quotes')))[0]
              ?.n ?? 0)
          : ((
              await tx
                .select({ n: count() })
                .from(quotes)
                .where(and(...where))
            )[0]?.n ?? 0);
      const cursor = readCursor(query.cursor, spec);
      const pageWhere = cursor ? [...where, pgAfterCursor(column, quotes.id, spec, cursor)] : where;
      const rows = await tx
        .select(quoteColumns)
        .from(quotes)
        .where(pageWhere.length > 0 ? and(...pageWhere) : undefined)
        .orderBy(...pgOrderBy(column, quotes.id, spec))
        .limit(query.limit + 1);
      const next = nextCursor(
        rows,
        query.limit,
        spec,
        (row) => row[field],
        (row) => row.id,
      );
      return { rows: rows.slice(0, query.limit), total, nextCursor: next };
    },
  };
}

export type PgQuotesRepository = ReturnType<typeof createPgQuotesRepository>;

/** The QuotesStore on PostgreSQL: reads on the pool, each write one transaction through pgWrite. */
export function createPgQuotesStore(db: PgDb, repository = createPgQuotesRepository(db)): QuotesStore {
  const { orm } = db;
  return {
    find: (id) => repository.findById(orm, id),
    get: (id) => repository.get(orm, id),
    findManyByIds: (ids) => repository.findManyByIds(orm, ids),
    list: (query, filter) => repository.list(orm, query, filter),
    create: (input, options) => pgWrite(db, (tx) => repository.create(tx, input, options)),
    update: (id, patch, check) => pgWrite(db, (tx) => repository.update(tx, id, patch, check)),
    delete: (id, check) => pgWrite(db, (tx) => repository.delete(tx, id, check)),
  };
}
