import { type SQL, sql } from 'drizzle-orm';
import { createDerivedCache } from '../db/change-watch.js';
import type { PgChangeFeed } from '../db/pg-change-feed.js';
import type { PgDb } from '../db/pg-client.js';
import { pgArticleRank, pgSearchQuery } from '../db/pg-search.js';
import { articleColumns, articles } from '../db/schema.pg.js';
import { problems } from '../http/problems.js';
import type { Cursor } from '../shared/cursor.js';
import { searchWords } from '../shared/fts.js';
import { nextCursor, parseSort, readCursor, type SortSpec } from '../shared/keyset.js';
import type { ArticleListQuery } from './articles.schemas.js';
import type { ArticleListRow, ArticlePage, ArticleRecord, ArticlesStore, Resolved } from './articles.store.js';

// The article lists on PostgreSQL: the same pages, totals and cursors as articles-list.sqlite.ts, which this file
// mirrors rule for rule (status visibility against `now`, section, tag, q, every sort, keyset cursors, totals from
// the trigger-kept counters when unfiltered and kept per filter until the next write). What differs is only how:
// PostgreSQL's planner weighs a filter's selectivity itself (statistics, the GIN index's estimate), so there is one
// page statement per list, not SQLite's choice between a walk and a match-first plan.
//
// Ordering follows SQLite's exactly: text is COLLATE "C" (schema.pg.ts), and a nullable sort column (publishedAt:
// drafts may lack one) puts NULLs first ascending and last descending, as SQLite does (PostgreSQL's default is the
// opposite, so it is written out wherever a NULL can be listed).

/** What the PostgreSQL articles store (articles.pg.ts) gives the lister. */
export type PgListerDeps = {
  changes: PgChangeFeed;
  cacheTotals: boolean;
  resolve: (rows: readonly ArticleRecord[], withBody: boolean) => Promise<Resolved>;
  nextScheduledAt: (now: number) => Promise<number | null>;
};

/** The columns a page row reads (ArticleListRow): see ROW_FIELDS in articles-list.sqlite.ts. */
const ROW_COLUMNS = 'seq, id, status, published_at, version, created_at, updated_at';

const SORT_COLUMNS = {
  publishedAt: { column: 'published_at', nullable: true },
  createdAt: { column: 'created_at', nullable: false },
  updatedAt: { column: 'updated_at', nullable: false },
  relevance: { column: 'score', nullable: false },
};

/** A sort column's key in a page row. */
const ROW_KEYS: Record<string, keyof RawRow> = {
  published_at: 'published_at',
  created_at: 'created_at',
  updated_at: 'updated_at',
  score: 'score',
};

/** A page row as pg gives it: bigint columns come as strings (pool.query has no column types). */
type RawRow = {
  seq: string | number;
  id: string;
  status: ArticleListRow['status'];
  published_at: string | number | null;
  version: number;
  created_at: string | number;
  updated_at: string | number;
  score?: number;
};

function toListRow(raw: RawRow): ArticleListRow {
  return {
    seq: Number(raw.seq),
    id: raw.id,
    status: raw.status,
    publishedAt: raw.published_at === null ? null : Number(raw.published_at),
    version: raw.version,
    createdAt: Number(raw.created_at),
    updatedAt: Number(raw.updated_at),
  };
}

/** A column of the row being filtered: `articles.x`, or article_tags' copy `t.x` in a tag walk. */
const col = (table: string, name: string): SQL => sql.raw(`${table}.${name}`);

/** The condition for each `status` a list may ask for (as statusCondition in articles-list.sqlite.ts). */
function statusCondition(status: ArticleListQuery['status'], now: number, table = 'articles'): SQL | null {
  const state = col(table, 'status');
  const time = col(table, 'published_at');
  switch (status) {
    case 'published':
      return sql`${state} = 'published' AND ${time} <= ${now}`;
    case 'scheduled':
      return sql`${state} = 'published' AND ${time} > ${now}`;
    case 'draft':
      return sql`${state} = 'draft'`;
    case 'archived':
      return sql`${state} = 'archived'`;
    case 'any':
      return null;
  }
}

/** Whether every article a status lists has a publishedAt (so no NULL can come up in publishedAt order). */
function timed(status: ArticleListQuery['status']): boolean {
  return status === 'published' || status === 'scheduled';
}

/**
 * ORDER BY the sort column, then id, in SQLite's order. NOTE: where no NULL can be listed the NULLS clause is left
 * out, so that the order is the one a btree index (status, published_at, id) gives forwards or backwards and the
 * planner can walk it instead of sorting.
 */
function orderBy(spec: SortSpec, status: ArticleListQuery['status'], column: SQL, id: SQL): SQL {
  const dir = sql.raw(spec.desc ? 'DESC' : 'ASC');
  const nulls = spec.nullable && !timed(status) ? sql.raw(spec.desc ? ' NULLS LAST' : ' NULLS FIRST') : sql``;
  return sql`ORDER BY ${column} ${dir}${nulls}, ${id} ${dir}`;
}

// A numeric text as SQLite reads one when comparing it with an INTEGER column (NUMERIC affinity).
const NUMERIC_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
// Past this, a bound is beyond every time a bigint column holds (and beyond what a bigint parameter can say).
const BEYOND = 9e18;

/**
 * The id half of a keyset comparison. PostgreSQL's text cannot hold NUL (SQLite's can): an id in a cursor that has
 * one compares with stored ids (which never do) as its part before the NUL, with `<` becoming `<=` (every stored
 * id starting with that part is greater than the cursor's id, the part itself is less).
 */
function idBound(id: string, desc: boolean): { id: string; op: string } {
  const nul = id.indexOf('\u0000');
  if (nul < 0) return { id, op: desc ? '<' : '>' };
  return { id: id.slice(0, nul), op: desc ? '<=' : '>' };
}

/**
 * Where a page starts after `cursor`, in SQLite's order (afterCursor and walkAfter in shared/keyset.ts and
 * articles-list.sqlite.ts): the (column, id) pair as a row value, which PostgreSQL reads as one range of an index.
 * `integer`: the column holds integers (times), compared as SQLite compares them with whatever a cursor holds (a
 * cursor is opaque but can be forged: a fraction, a numeric text, a text or a huge number must not become a 500).
 * `nullsAfter`: NULLs follow every value (descending, where the status lists articles without a time).
 */
function positionAfter(
  spec: SortSpec,
  cursor: Cursor,
  column: SQL,
  idColumn: SQL,
  integer: boolean,
  nullsAfter: boolean,
): SQL {
  const { id, op } = idBound(cursor.id, spec.desc);
  let value = cursor.value;
  if (value === null) {
    // Ascending, NULLs come first: after a NULL come the remaining NULLs, then every value. Descending, NULLs come
    // last: after a NULL only the remaining NULLs are left.
    const idAfter = sql`${idColumn} ${sql.raw(op)} ${id}`;
    return spec.desc
      ? sql`(${column} IS NULL AND ${idAfter})`
      : sql`((${column} IS NULL AND ${idAfter}) OR ${column} IS NOT NULL)`;
  }
  if (typeof value === 'string' && integer && NUMERIC_TEXT.test(value)) value = Number(value);
  let bound: SQL;
  if (typeof value === 'string' || value >= BEYOND || value <= -BEYOND) {
    // SQLite orders every number before any text: past the end (or before the start) of every value.
    const above = typeof value === 'string' || value > 0;
    bound = above === spec.desc ? sql`${column} IS NOT NULL` : sql`FALSE`;
  } else if (integer && !Number.isInteger(value)) {
    // No stored value equals a fraction: the id does not matter.
    bound = spec.desc ? sql`${column} < ${Math.ceil(value)}` : sql`${column} > ${Math.floor(value)}`;
  } else {
    const typed = integer ? sql`${value}::bigint` : sql`${value}::float8`;
    bound = sql`(${column}, ${idColumn}) ${sql.raw(spec.desc ? '<' : '>')} (${typed}, ${id})`;
    if (op === '<=') bound = sql`(${column}, ${idColumn}) <= (${typed}, ${id})`;
  }
  return nullsAfter ? sql`(${bound} OR ${column} IS NULL)` : bound;
}

function unfiltered(query: ArticleListQuery): boolean {
  return query.section === undefined && query.tag === undefined && query.q === undefined;
}

/** The conditions on `articles` for the status and the filters (the search's only when `search` is given). */
function articleFilters(query: ArticleListQuery, now: number, search: SQL | null): SQL[] {
  const where: SQL[] = [];
  const status = statusCondition(query.status, now);
  if (status) where.push(status);
  if (query.section !== undefined) where.push(sql`articles.section = ${query.section}`);
  if (query.tag !== undefined) {
    where.push(sql`EXISTS (SELECT 1 FROM article_tags AS t WHERE t.tag = ${query.tag} AND t.article_id = articles.id)`);
  }
  if (search) where.push(sql`articles.search @@ ${search}`);
  return where;
}

function whereSql(conditions: SQL[]): SQL {
  return conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
}

/**
 * The total's statement: the trigger-kept counters when unfiltered (only scheduled articles, few, counted row by
 * row), a tag's entries of article_tags_list_idx (tag, status, published_at) for a tag alone, else a count.
 */
function countSql(query: ArticleListQuery, now: number, search: SQL | null): SQL {
  if (unfiltered(query)) {
    const counter = (name: string) => sql`coalesce((SELECT total FROM article_counts WHERE status = ${name}), 0)`;
    const scheduled = sql`(SELECT count(*) FROM articles WHERE status = 'published' AND published_at > ${now})`;
    switch (query.status) {
      case 'published':
        return sql`SELECT (${counter('published')} - ${scheduled})::bigint AS n`;
      case 'scheduled':
        return sql`SELECT ${scheduled}::bigint AS n`;
      case 'draft':
      case 'archived':
        return sql`SELECT ${counter(query.status)}::bigint AS n`;
      case 'any':
        return sql`SELECT coalesce(sum(total), 0)::bigint AS n FROM article_counts`;
    }
  }
  if (query.section === undefined && search === null) {
    const status = statusCondition(query.status, now, 't');
    const where = [sql`t.tag = ${query.tag}`, ...(status ? [status] : [])];
    return sql`SELECT count(*) AS n FROM article_tags AS t ${whereSql(where)}`;
  }
  return sql`SELECT count(*) AS n FROM articles ${whereSql(articleFilters(query, now, search))}`;
}

/** The page's statement: limit + 1 rows from `cursor` on, in the sort's order. */
function pageSql(query: ArticleListQuery, now: number, spec: SortSpec, cursor: Cursor | null, search: SQL | null) {
  const limit = query.limit + 1;
  if (spec.column === 'score') {
    // Best match first, ties by id: the rank negated, so that the order (and the cursor's comparison) is ascending
    // like SQLite's bm25 score. float8: the cursor carries the exact value (ts_rank is a float4).
    const rank = pgArticleRank(articles.search, search as SQL);
    const score = sql.raw('ranked.score');
    const id = sql.raw('ranked.id');
    const after = cursor ? positionAfter(spec, cursor, score, id, false, false) : null;
    return sql`SELECT * FROM (
        SELECT ${sql.raw(ROW_COLUMNS)}, (-${rank})::float8 AS score FROM articles
        ${whereSql(articleFilters(query, now, search))}
      ) AS ranked ${after ? sql`WHERE ${after}` : sql``} ${orderBy(spec, query.status, score, id)} LIMIT ${limit}`;
  }
  const nullsAfter = spec.nullable && spec.desc && !timed(query.status);
  if (query.tag !== undefined && search === null && query.status !== 'any' && spec.column === 'published_at') {
    // A tag's page in publishedAt order: article_tags_list_idx (tag, status, published_at, article_id) walked in
    // order (its status and published_at are the article's, kept by triggers), each entry joined to its article.
    const where = [sql`t.tag = ${query.tag}`, statusCondition(query.status, now, 't') as SQL];
    if (cursor)
      where.push(positionAfter(spec, cursor, col('t', 'published_at'), col('t', 'article_id'), true, nullsAfter));
    if (query.section !== undefined) where.push(sql`articles.section = ${query.section}`);
    const columns = sql.raw(
      ROW_COLUMNS.split(', ')
        .map((name) => `articles.${name}`)
        .join(', '),
    );
    return sql`SELECT ${columns} FROM article_tags AS t JOIN articles ON articles.id = t.article_id
      ${whereSql(where)} ${orderBy(spec, query.status, col('t', 'published_at'), col('t', 'article_id'))} LIMIT ${limit}`;
  }
  const column = col('articles', spec.column);
  const id = col('articles', 'id');
  const where = articleFilters(query, now, search);
  if (cursor) where.push(positionAfter(spec, cursor, column, id, true, nullsAfter));
  return sql`SELECT ${sql.raw(ROW_COLUMNS)} FROM articles ${whereSql(where)} ${orderBy(spec, query.status, column, id)} LIMIT ${limit}`;
}

export function createPgArticleLister(db: PgDb, deps: PgListerDeps): Pick<ArticlesStore, 'list' | 'loadBySeqs'> {
  // Kept per filter until the next write (the change feed), or until a scheduled article comes due.
  const totals = createDerivedCache<number>(deps.changes, { maxEntries: deps.cacheTotals ? 2_000 : 0 });

  const rowsOf = async (statement: SQL): Promise<RawRow[]> => (await db.orm.execute(statement)).rows as RawRow[];

  async function total(query: ArticleListQuery, now: number, words: string[], search: SQL | null): Promise<number> {
    const key = JSON.stringify([query.status, query.section ?? null, query.tag ?? null, words]);
    const cached = totals.get(key, now);
    if (cached !== undefined) return cached;
    // Not kept if a write is heard while it is counted (see createDerivedCache).
    const since = totals.epoch();
    const [row] = (await db.orm.execute(countSql(query, now, search))).rows as Array<{ n: string | number }>;
    const n = Number(row?.n ?? 0);
    // Public and scheduled totals change when a scheduled article comes due, without any write.
    totals.set(key, n, (await deps.nextScheduledAt(now)) ?? Number.POSITIVE_INFINITY, since);
    return n;
  }

  // A page's articles not rendered yet, by seq (the whole list bound as one array parameter). Cards read no body:
  // a card does not show it.
  const { body: _body, ...cardColumns } = articleColumns;
  const cards = { ...cardColumns, body: sql<string>`'[]'` };
  const inSeqs = (seqs: readonly number[]) => sql`${articles.seq} = ANY(${sql.param(seqs)}::bigint[])`;

  return {
    async list(query, now): Promise<ArticlePage> {
      if (query.sort === 'relevance' && query.q === undefined) {
        throw problems.validation([{ path: 'sort', message: 'relevance needs q' }]);
      }
      const spec = parseSort(query.sort, SORT_COLUMNS);
      let words: string[] = [];
      let search: SQL | null = null;
      if (query.q !== undefined) {
        search = pgSearchQuery(query.q);
        if (search === null) return { rows: [], total: 0, nextCursor: null };
        words = searchWords(query.q);
      }
      const cursor = readCursor(query.cursor, spec);
      const n = await total(query, now, words, search);
      if (n === 0) return { rows: [], total: 0, nextCursor: null };
      const raw = await rowsOf(pageSql(query, now, spec, cursor, search));
      const next = nextCursor(
        raw,
        query.limit,
        spec,
        (row) => {
          const value = row[ROW_KEYS[spec.column] as keyof RawRow];
          return value === null || value === undefined ? null : Number(value);
        },
        (row) => row.id,
      );
      return { rows: raw.slice(0, query.limit).map(toListRow), total: n, nextCursor: next };
    },

    async loadBySeqs(seqs, withBody) {
      if (seqs.length === 0) return { rows: [], resolved: { images: new Map(), quotes: new Map() } };
      const found: ArticleRecord[] = withBody
        ? await db.orm.select(articleColumns).from(articles).where(inSeqs(seqs))
        : await db.orm.select(cards).from(articles).where(inSeqs(seqs));
      const bySeq = new Map(found.map((row) => [row.seq, row]));
      const rows = seqs.map((seq) => bySeq.get(seq)).filter((row): row is ArticleRecord => row !== undefined);
      return { rows, resolved: await deps.resolve(rows, withBody) };
    },
  };
}
