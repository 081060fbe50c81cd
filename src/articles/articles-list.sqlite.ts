import { getTableColumns, sql } from 'drizzle-orm';
import { createDerivedCache, sqliteChangeFeed } from '../db/change-watch.js';
import type { Db } from '../db/client.js';
import { articleCounts, articles } from '../db/schema.js';
import { statementCache } from '../db/statements.js';
import { problems } from '../http/problems.js';
import { toFtsQuery } from '../shared/fts.js';
import { afterCursor, nextCursor, orderBy, parseSort, readCursor, type SortSpec } from '../shared/keyset.js';
import type { ArticleListQuery, ListStatus } from './articles.schemas.js';
import type { ArticleListRow, ArticlePage, ArticleRecord } from './articles.store.js';

// How a filtered list (q, tag, section) is answered at a million articles as cheaply as at a thousand.
//
// A page can be found two ways. "walk": go down an index in the list's own order (status, sort column) and test
// each article against the filters until the page is full; it reads about (limit + 1) × (articles in the status) /
// (matches) index entries, whatever the number of matches, and never sorts. "matches": take every match (from
// the FTS index, article_tags or the section index), read and sort them all; it costs O(matches). So the walk
// wins for a common term or tag and loses for a rare one, and the total (which the contract needs anyway, and
// which is kept per filter until the next write) says which is which before the page is read.
//
// A tag's public list (publishedAt order) has its own index, article_tags_list_idx (tag, status, published_at,
// article_id), kept by triggers: its page reads limit + 1 entries and its total is a count of index entries.

/**
 * What a page query reads of each article: its position (seq, id and the sort columns a cursor needs) and what
 * the render memo and a visibility check look at. NOTE: the cards come from the render memo (article-renders.ts)
 * by id and state, so the other columns are read (by seq, see bySeqs) only for the articles not rendered since
 * they changed: materialising 14 columns for 21 rows was ~45% of a list's CPU right after a write.
 */
const ROW_FIELDS = ['seq', 'id', 'status', 'published_at', 'version', 'created_at', 'updated_at'] as const;

/** A sort column's key in a page row (toListRow). */
const ROW_KEYS: Record<string, string> = {
  published_at: 'publishedAt',
  created_at: 'createdAt',
  updated_at: 'updatedAt',
  score: 'score',
};

/** NOTE: qualified when joined with articles_fts or article_tags, which have columns named like the article's. */
function rowList(table = ''): string {
  return ROW_FIELDS.map((field) => `${table}${field}`).join(', ');
}

// NOTE: the page statements stay SQL written by hand (below): each names the index it walks (INDEXED BY), keeps a
// term off an index (`+published_at`), orders a join (CROSS JOIN) or compares row values, none of which the
// query builder can say; test/bench/query-plans.test.ts checks the plan of exactly this SQL. Their rows are
// read raw (arrays) and made camelCase records by toListRow.

type RawRow = [number, string, ArticleListRow['status'], number | null, number, number, number, number?];

/**
 * A page row from its values in ROW_FIELDS' order (and a search's score after them). NOTE: rows are read as arrays
 * (raw mode) and made into objects here: better-sqlite3 builds each row object key by key in C++, slower than
 * an object literal (measured: a page of 21 at 10k articles read in 58 µs instead of 91).
 */
function toListRow(raw: RawRow): ArticleListRow & { score?: number } {
  const [seq, id, status, publishedAt, version, createdAt, updatedAt, score] = raw;
  if (score === undefined) return { seq, id, status, publishedAt, version, createdAt, updatedAt };
  return { seq, id, status, publishedAt, version, createdAt, updatedAt, score };
}

const SORT_COLUMNS = {
  publishedAt: { column: 'published_at', nullable: true },
  createdAt: { column: 'created_at', nullable: false },
  updatedAt: { column: 'updated_at', nullable: false },
  relevance: { column: 'score', nullable: false },
};

/** The index a walk goes down for each sort column: (status, column, id) when a status is given, else (column, id). */
const WALK_INDEX: Record<string, { byStatus: string; any: string }> = {
  published_at: { byStatus: 'articles_status_published_idx', any: 'articles_published_idx' },
  created_at: { byStatus: 'articles_status_created_idx', any: 'articles_created_idx' },
  updated_at: { byStatus: 'articles_status_updated_idx', any: 'articles_updated_idx' },
};

/** A match-first plan reads and sorts every match: past this many, walking costs less even for sparse matches. */
export type ListPlan = 'walk' | 'matches';

export type ListSql = {
  count: { sql: string; params: unknown[] };
  page: { sql: string; params: unknown[] };
  spec: SortSpec;
  plan: ListPlan;
  /** The filter the total belongs to: the same for every page and sort of one list. */
  totalKey: string;
  /** The FTS5 query of `q`, or null. */
  match: string | null;
};

function unfiltered(query: ArticleListQuery): boolean {
  return query.section === undefined && query.tag === undefined && query.q === undefined;
}

/**
 * The total of an unfiltered list from the per-status counters (article_counts, kept by triggers), not a count
 * over the table. Only scheduled articles (published with a future time, few) are counted row by row.
 */
function statusTotal(status: ArticleListQuery['status'], now: number): { sql: string; params: unknown[] } {
  const counter = (name: string) => `coalesce((SELECT total FROM article_counts WHERE status = '${name}'), 0)`;
  const scheduled = "(SELECT count(*) FROM articles WHERE status = 'published' AND published_at > ?)";
  switch (status) {
    case 'published':
      return { sql: `SELECT ${counter('published')} - ${scheduled} AS n`, params: [now] };
    case 'scheduled':
      return { sql: `SELECT ${scheduled} AS n`, params: [now] };
    case 'draft':
    case 'archived':
      return { sql: `SELECT ${counter(status)} AS n`, params: [] };
    case 'any':
      return { sql: 'SELECT coalesce(sum(total), 0) AS n FROM article_counts', params: [] };
  }
}

/**
 * The SQL condition (on the articles table) for each `status` a list may ask for. `timeIndexed` says whether the
 * list is sorted by publishedAt: when it is not, the time comparison is written `+published_at` (SQLite's way to
 * keep a term off the index) so the planner walks the (status, <sort column>) index in order instead of ranging
 * over publishedAt and sorting every match.
 */
export function statusCondition(status: ListStatus, timeIndexed = true): { sql: string; needsNow: boolean } {
  const time = timeIndexed ? 'published_at' : '+published_at';
  switch (status) {
    case 'published':
      return { sql: `status = 'published' AND ${time} <= ?`, needsNow: true };
    case 'scheduled':
      return { sql: `status = 'published' AND ${time} > ?`, needsNow: true };
    case 'draft':
      return { sql: "status = 'draft'", needsNow: false };
    case 'archived':
      return { sql: "status = 'archived'", needsNow: false };
    case 'any':
      return { sql: '', needsNow: false };
  }
}

/**
 * The search as a test on one article, for a walk. NOTE: as a set (SQLite lists the matching rowids once, a pass
 * over the term's doclist without reading any article) rather than a correlated `MATCH ? AND rowid = seq`, which
 * FTS5 answers by reading the doclist again for every article tested: measured 50x slower.
 */
// NOTE: `+seq`: without the plus, in a join SQLite may use the list as an index constraint (rowid=?) and seek
// every match for every row of the outer loop (measured: 90 s for one tag total).
const FTS_PROBE = '+articles.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)';
/** The tag as a test on one article: one lookup in article_tags' primary key (tag, article_id). */
const TAG_PROBE = 'EXISTS (SELECT 1 FROM article_tags WHERE tag = ? AND article_id = articles.id)';

/**
 * The statements a list runs (its total and its page) with the given plan, or null when `q` leaves nothing to
 * search. Exported so that test/bench/query-plans.test.ts checks the query plan of exactly the SQL that runs.
 * `plan` matters only for filtered lists not sorted by relevance (see the top of this file).
 */
export function articleListSql(query: ArticleListQuery, now: number, plan: ListPlan = 'walk'): ListSql | null {
  const spec: SortSpec = parseSort(query.sort, SORT_COLUMNS);
  let match: string | null = null;
  if (query.q !== undefined) {
    match = toFtsQuery(query.q);
    if (match === null) return null;
  }
  const cursor = readCursor(query.cursor, spec);
  const limit = query.limit + 1;
  const count = countSql(query, match, now);
  const totalKey = JSON.stringify([query.status, query.section ?? null, query.tag ?? null, match]);

  if (spec.column === 'score') {
    // Best match first: bm25 weighs a hit in the headline 10x, in the standfirst 5x, in the body 1x.
    const { where, params } = articleFilters(query, match, now, true, 'matches', false);
    const after = cursor ? afterCursor(spec, cursor) : null;
    const sql = `SELECT * FROM (
        SELECT ${rowList('articles.')}, bm25(articles_fts, 10.0, 5.0, 1.0) AS score
        FROM articles_fts JOIN articles ON articles.seq = articles_fts.rowid
        WHERE ${['articles_fts MATCH ?', ...where].join(' AND ')}
      ) ${after ? `WHERE ${after.sql}` : ''} ${orderBy(spec)} LIMIT ?`;
    const page = { sql, params: [match, ...params, ...(after?.params ?? []), limit] };
    return { count, page, spec, plan: 'matches', totalKey, match };
  }

  const filtered = !unfiltered(query);
  const walk = filtered && plan === 'walk';
  if (walk && query.tag !== undefined && match === null && query.status !== 'any' && spec.column === 'published_at') {
    return { count, page: tagWalkSql(query, now, spec, cursor), spec, plan: 'walk', totalKey, match };
  }
  // NOTE: past a cursor, a walk's only range on the sort column is the cursor's row value: a second bound on the
  // same column (the status's time) makes the planner pick one of the two, or skip-scan, and sort.
  // An unfiltered list goes down its index in order too (whatever the plan): its cursor is resumed the same way.
  // NOTE: measured at page 50 of 10k articles: 89 µs instead of 230 with afterCursor's form, whose only range on
  // the index was the status's time (every entry before the cursor read and tested).
  const inOrder = walk || !filtered;
  const timeIndexed = spec.column === 'published_at' && !(inOrder && cursor?.value != null);
  const { where, params } = articleFilters(query, match, now, timeIndexed, walk ? 'walk' : 'matches', true);
  const after = cursor ? (inOrder ? walkAfter(spec, cursor, 'id', query.status) : afterCursor(spec, cursor)) : null;
  const pageWhere = after ? [...where, after.sql] : where;
  const from = walk ? `articles INDEXED BY ${walkIndex(query, spec)}` : 'articles';
  const sql = `SELECT ${rowList()} FROM ${from} ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''} ${orderBy(spec)} LIMIT ?`;
  const page = { sql, params: [...params, ...(after?.params ?? []), limit] };
  return { count, page, spec, plan: walk ? 'walk' : 'matches', totalKey, match };
}

/**
 * The index a walk goes down. NOTE: named (INDEXED BY) because the planner, not knowing how common a term is,
 * would rather start from the FTS index or article_tags and sort; the section index is already in publishedAt
 * order within a status.
 */
function walkIndex(query: ArticleListQuery, spec: SortSpec): string {
  if (query.section !== undefined && query.status !== 'any' && spec.column === 'published_at') {
    return 'articles_section_idx';
  }
  return (WALK_INDEX[spec.column] as { byStatus: string; any: string })[query.status === 'any' ? 'any' : 'byStatus'];
}

/**
 * A search walked in batches: the next `batch` positions of the walk's index after `after` (the status, section
 * and tag tested there, but not the search), as (seq, sort value, id). The caller keeps those whose seq is in
 * the search's match set, built once per write: in SQL (`seq IN (SELECT rowid … MATCH ?)`) that set would be
 * rebuilt from the FTS index on every page, O(matches); and FTS5 asked for a rowid range still decodes the
 * term's whole doclist (measured: 10-50 ms a batch at a million articles). Exported for test/bench/query-plans.
 */
export function searchBatchSql(
  query: ArticleListQuery,
  now: number,
  after: { value: number | string | null; id: string } | null,
  batch: number,
): { sql: string; params: unknown[]; spec: SortSpec } {
  const spec = parseSort(query.sort, SORT_COLUMNS);
  const timeIndexed = spec.column === 'published_at' && after?.value == null;
  const { where, params } = articleFilters(query, null, now, timeIndexed, 'walk', false);
  if (after) {
    const position = walkAfter(spec, { sort: spec.name, ...after }, 'id', query.status);
    where.push(position.sql);
    params.push(...position.params);
  }
  const sql = `SELECT seq, ${spec.column} AS value, id FROM articles INDEXED BY ${walkIndex(query, spec)}
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${orderBy(spec)} LIMIT ?`;
  return { sql, params: [...params, batch], spec };
}

/**
 * The conditions on `articles` for the status and filters. In a walk the tag and the search are per-article
 * tests (the walk decides the order); match-first they are sets the planner may start from.
 */
function articleFilters(
  query: ArticleListQuery,
  match: string | null,
  now: number,
  timeIndexed: boolean,
  plan: ListPlan,
  withSearch: boolean,
): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const status = statusCondition(query.status, timeIndexed);
  if (status.sql) {
    where.push(status.sql);
    if (status.needsNow) params.push(now);
  }
  if (query.section !== undefined) {
    where.push('section = ?');
    params.push(query.section);
  }
  if (query.tag !== undefined) {
    where.push(plan === 'walk' ? TAG_PROBE : 'id IN (SELECT article_id FROM article_tags WHERE tag = ?)');
    params.push(query.tag);
  }
  if (withSearch && match !== null) {
    where.push(plan === 'walk' ? FTS_PROBE : 'seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)');
    params.push(match);
  }
  return { where, params };
}

/**
 * Where a walk resumes after `cursor`. NOTE: the (column, id) pair as a row value, which SQLite reads as one range
 * of the index; the expanded `col > ? OR (col = ? AND id > ?)` that afterCursor writes can make it merge two
 * ranges (MULTI-INDEX OR) and sort them. A NULL position keeps afterCursor's form (only drafts lack a time).
 */
function walkAfter(
  spec: SortSpec,
  cursor: NonNullable<ReturnType<typeof readCursor>>,
  idColumn: string,
  status: ArticleListQuery['status'],
): { sql: string; params: unknown[] } {
  if (cursor.value === null) return afterCursor(spec, cursor, idColumn);
  const base = `(${spec.column}, ${idColumn}) ${spec.desc ? '<' : '>'} (?, ?)`;
  // Published and scheduled articles always have a publishedAt: no NULLs to come after the cursor.
  const timed = status === 'published' || status === 'scheduled';
  const sql = spec.nullable && spec.desc && !timed ? `(${base} OR ${spec.column} IS NULL)` : base;
  return { sql, params: [cursor.value, cursor.id] };
}

/** The status condition on article_tags' copies of the article's status and publishedAt. */
function tagStatus(
  status: Exclude<ArticleListQuery['status'], 'any'>,
  timeIndexed = true,
): { sql: string; needsNow: boolean } {
  const time = timeIndexed ? 't.published_at' : '+t.published_at';
  switch (status) {
    case 'published':
      return { sql: `t.status = 'published' AND ${time} <= ?`, needsNow: true };
    case 'scheduled':
      return { sql: `t.status = 'published' AND ${time} > ?`, needsNow: true };
    case 'draft':
    case 'archived':
      return { sql: `t.status = '${status}'`, needsNow: false };
  }
}

/** A tag's page in publishedAt order: limit + 1 entries of article_tags_list_idx, each joined to its article. */
function tagWalkSql(
  query: ArticleListQuery,
  now: number,
  spec: SortSpec,
  cursor: ReturnType<typeof readCursor>,
): { sql: string; params: unknown[] } {
  const status = tagStatus(query.status as Exclude<ArticleListQuery['status'], 'any'>, cursor?.value == null);
  const where = ['t.tag = ?', status.sql];
  const params: unknown[] = [query.tag, ...(status.needsNow ? [now] : [])];
  const tagSpec = { ...spec, column: 't.published_at' };
  if (cursor) {
    const after = walkAfter(tagSpec, cursor, 't.article_id', query.status);
    where.push(after.sql);
    params.push(...after.params);
  }
  if (query.section !== undefined) {
    where.push('articles.section = ?');
    params.push(query.section);
  }
  // NOTE: CROSS JOIN keeps article_tags as the outer loop, so the page comes out of the index in its order.
  const sql = `SELECT ${rowList('articles.')}
    FROM article_tags AS t INDEXED BY article_tags_list_idx CROSS JOIN articles ON articles.id = t.article_id
    WHERE ${where.join(' AND ')} ${orderBy(tagSpec, 't.article_id')} LIMIT ?`;
  return { sql, params: [...params, query.limit + 1] };
}

/**
 * The total's statement: a counter when unfiltered; else a count that touches indexes only where it can (no
 * article row read per match): article_tags_list_idx for a tag, the FTS doclist with articles_seq_status_idx for
 * a search, and a search within a tag or a section tests each entry of that index against the search's rowids.
 */
function countSql(query: ArticleListQuery, match: string | null, now: number): { sql: string; params: unknown[] } {
  if (unfiltered(query)) return statusTotal(query.status, now);
  const status = statusCondition(query.status, true);
  const statusParams = status.needsNow ? [now] : [];
  const { section, tag } = query;
  if (section === undefined && match === null) {
    return {
      sql: `SELECT count(*) AS n FROM article_tags WHERE tag = ?${status.sql ? ` AND ${status.sql}` : ''}`,
      params: [tag, ...statusParams],
    };
  }
  if (section === undefined && tag === undefined && match !== null) {
    // Every FTS row is an article: with no status to check, the doclist alone has the answer.
    if (!status.sql)
      return { sql: 'SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH ?', params: [match] };
    // NOTE: a join, streamed in rowid order, rather than `seq IN (…)`, which first copies every match into a
    // temporary index; and each match's status from articles_seq_status_idx rather than from its row.
    return {
      sql: `SELECT count(*) AS n FROM articles_fts CROSS JOIN articles INDEXED BY articles_seq_status_idx
        ON articles.seq = articles_fts.rowid WHERE articles_fts MATCH ? AND ${status.sql}`,
      params: [match, ...statusParams],
    };
  }
  if (section === undefined && tag !== undefined && match !== null) {
    const tagged = query.status === 'any' ? { sql: '', needsNow: false } : tagStatus(query.status);
    return {
      sql: `SELECT count(*) AS n FROM article_tags AS t INDEXED BY article_tags_list_idx
        CROSS JOIN articles INDEXED BY articles_id_unique ON articles.id = t.article_id
        WHERE t.tag = ?${tagged.sql ? ` AND ${tagged.sql}` : ''} AND ${FTS_PROBE}`,
      params: [tag, ...(tagged.needsNow ? [now] : []), match],
    };
  }
  if (section !== undefined && tag === undefined && match !== null && status.sql) {
    return {
      sql: `SELECT count(*) AS n FROM articles INDEXED BY articles_section_idx
        WHERE section = ? AND ${status.sql} AND ${FTS_PROBE}`,
      params: [section, ...statusParams, match],
    };
  }
  const { where, params } = articleFilters(query, match, now, true, 'matches', true);
  return { sql: `SELECT count(*) AS n FROM articles WHERE ${where.join(' AND ')}`, params };
}

export function createArticleLister(
  db: Db,
  options: {
    /** When the next scheduled article comes due (null: none is scheduled): totals change then. */
    nextScheduledAt: (now: number) => number | null;
    /** Keep totals per filter until the next write (default true). */
    cacheTotals?: boolean;
    /** Always this plan (tests compare both); by default each list gets the cheaper one for its total. */
    plan?: ListPlan;
  },
) {
  const { orm, $client: sqlite } = db;
  const stmt = statementCache(sqlite);
  // Page statements, all in raw mode (see toListRow).
  const rowStmt = statementCache(sqlite);
  const readRows = (sql: string, params: readonly unknown[]): ArticleListRow[] =>
    (
      rowStmt(sql)
        .raw(true)
        .all(...params) as RawRow[]
    ).map(toListRow);
  const totals = createDerivedCache<number>(sqliteChangeFeed(sqlite), {
    maxEntries: options.cacheTotals === false ? 0 : 2_000,
  });
  // A search's matching rowids as a bitset (1 bit an article: 125 KB at a million), per FTS5 query.
  const matchSets = createDerivedCache<Uint8Array>(sqliteChangeFeed(sqlite), {
    maxEntries: options.cacheTotals === false ? 0 : 32,
  });
  // The size of the index range a walk goes down: the articles of the status (scheduled ones are among the
  // published), from the trigger-kept counters.
  const counted = { n: sql<number>`coalesce(sum(${articleCounts.total}), 0)` };
  const statusSize = orm
    .select(counted)
    .from(articleCounts)
    .where(sql`${articleCounts.status} = ${sql.placeholder('status')}`)
    .prepare();
  const allSize = orm.select(counted).from(articleCounts).prepare();
  const rangeSize = (status: ArticleListQuery['status']): number =>
    (status === 'any' ? allSize.get() : statusSize.get({ status: status === 'scheduled' ? 'published' : status }))?.n ??
    0;

  // A page's articles not rendered yet, by seq (json_each: the whole list bound as one parameter, so one prepared
  // statement serves any page). Cards read no body: a card does not show it.
  const inSeqs = sql`${articles.seq} IN (SELECT value FROM json_each(${sql.placeholder('seqs')}))`;
  const fullBySeqs = orm.select().from(articles).where(inSeqs).prepare();
  const { body: _body, ...cardColumns } = getTableColumns(articles);
  const cardBySeqs = orm
    .select({ ...cardColumns, body: sql<string>`'[]'` })
    .from(articles)
    .where(inSeqs)
    .prepare();
  const rowBySeqs = sqlite
    .prepare(`SELECT ${rowList()} FROM articles WHERE seq IN (SELECT value FROM json_each(?))`)
    .raw(true);

  const matchList = sqlite.prepare<[string], { ids: string | null; hi: number | null }>(
    'SELECT group_concat(rowid) AS ids, max(rowid) AS hi FROM articles_fts WHERE articles_fts MATCH ?',
  );

  /**
   * Which articles a search matches, as a bitset by seq, kept (like totals) until the next write. NOTE: read as
   * one group_concat string, not row by row: crossing from SQLite to JS costs ~0.3 µs a row, 100 ms for a common
   * term at a million articles; one string and a split cost a fifth of that.
   */
  function matchSet(match: string, now: number): Uint8Array {
    const cached = matchSets.get(match, now);
    if (cached) return cached;
    const { ids, hi } = matchList.get(match) ?? { ids: null, hi: null };
    const bits = new Uint8Array(((hi ?? 0) >> 3) + 1);
    // NOTE: digits parsed in place: split(',') would make an array of strings per match (~15 MB of garbage for
    // the commonest term at a million articles).
    let seq = 0;
    const text = ids ?? '';
    for (let i = 0; i <= text.length; i++) {
      const code = i < text.length ? text.charCodeAt(i) : 44;
      if (code !== 44) {
        seq = seq * 10 + code - 48;
      } else if (i > 0) {
        bits[seq >> 3] = (bits[seq >> 3] as number) | (1 << (seq & 7));
        seq = 0;
      }
    }
    matchSets.set(match, bits, Number.POSITIVE_INFINITY);
    return bits;
  }

  /**
   * A search's page by batches (see searchBatchSql): the seqs, in order, of up to limit + 1 matches. Each batch
   * is a stretch of the walk's index; membership is a bit test, so a page costs the positions it walks, not the
   * number of matches (once the match set is built, on the first request after a write).
   */
  function searchWalk(query: ArticleListQuery, now: number, match: string, total: number): number[] {
    const wanted = query.limit + 1;
    // Enough positions to hold a page at the search's density, with room to spare.
    const batch = Math.min(4_096, Math.max(64, Math.ceil((wanted * rangeSize(query.status) * 1.5) / total)));
    const cursor = query.cursor === undefined ? null : readCursor(query.cursor, parseSort(query.sort, SORT_COLUMNS));
    const bits = matchSet(match, now);
    let after: { value: number | string | null; id: string } | null = cursor;
    const found: number[] = [];
    for (;;) {
      const built = searchBatchSql(query, now, after, batch);
      const positions = stmt(built.sql).all(...built.params) as Array<{
        seq: number;
        value: number | null;
        id: string;
      }>;
      for (const { seq } of positions) {
        if (((bits[seq >> 3] ?? 0) >> (seq & 7)) & 1) found.push(seq);
        if (found.length === wanted) return found;
      }
      if (positions.length < batch) return found;
      const last = positions[positions.length - 1] as { value: number | null; id: string };
      after = { value: last.value, id: last.id };
    }
  }

  function total(built: ListSql, now: number): number {
    const cached = totals.get(built.totalKey, now);
    if (cached !== undefined) return cached;
    const n = (stmt(built.count.sql).get(...built.count.params) as { n: number }).n;
    // Public and scheduled totals change when a scheduled article comes due, without any write.
    totals.set(built.totalKey, n, options.nextScheduledAt(now) ?? Number.POSITIVE_INFINITY);
    return n;
  }

  /** Articles by seq, in the order given (skipping any not found): list rows, or whole rows (body if asked). */
  function bySeqs(seqs: readonly number[], columns: 'row'): ArticleListRow[];
  function bySeqs(seqs: readonly number[], columns: 'card' | 'full'): ArticleRecord[];
  function bySeqs(seqs: readonly number[], columns: 'row' | 'card' | 'full'): ArticleListRow[] {
    if (seqs.length === 0) return [];
    const json = JSON.stringify(seqs);
    const found: ArticleListRow[] =
      columns === 'row'
        ? (rowBySeqs.all(json) as RawRow[]).map(toListRow)
        : (columns === 'full' ? fullBySeqs : cardBySeqs).all({ seqs: json });
    const bySeq = new Map(found.map((row) => [row.seq, row]));
    return seqs.map((seq) => bySeq.get(seq)).filter((row): row is ArticleListRow => row !== undefined);
  }

  return {
    /**
     * A page of a list and its total. Its rows are ArticleListRow (no headline, body…): the caller reads the
     * articles it has no rendering of with rowsBySeqs.
     */
    list(query: ArticleListQuery, now: number): ArticlePage {
      if (query.sort === 'relevance' && query.q === undefined) {
        throw problems.validation([{ path: 'sort', message: 'relevance needs q' }]);
      }
      const built = articleListSql(query, now);
      if (built === null) return { rows: [], total: 0, nextCursor: null };
      const n = total(built, now);
      if (n === 0) return { rows: [], total: 0, nextCursor: null };
      let rows: ArticleListRow[] | null = null;
      const pays = options.plan === undefined ? walkPays(query, n, rangeSize(query.status)) : options.plan === 'walk';
      if (built.plan === 'walk' && !pays) {
        const page = (articleListSql(query, now, 'matches') as ListSql).page;
        rows = readRows(page.sql, page.params);
      } else if (built.plan === 'walk' && built.match !== null && options.cacheTotals !== false) {
        // With nothing kept between requests the set would serve one page: SQLite's own list (the SQL walk) is
        // cheaper then.
        rows = bySeqs(searchWalk(query, now, built.match, n), 'row');
      }
      rows ??= readRows(built.page.sql, built.page.params);
      const next = nextCursor(
        rows,
        query.limit,
        built.spec,
        (row) => (row as unknown as Record<string, number | null>)[ROW_KEYS[built.spec.column] ?? ''] ?? null,
        (row) => row.id,
      );
      return { rows: rows.slice(0, query.limit), total: n, nextCursor: next };
    },

    /** Whole articles by seq (the body only for `full`), in the order given: a page's articles not rendered yet. */
    rowsBySeqs(seqs: readonly number[], withBody: boolean): ArticleRecord[] {
      return bySeqs(seqs, withBody ? 'full' : 'card');
    },
  };
}

/**
 * Whether walking the status's index (about (limit + 1) × range / total entries, each a cheap test) costs less
 * than reading and sorting every match (about `total` rows, each a row read). A tag's publishedAt walk reads only
 * matches, and a section's is an index range in order: those always walk.
 */
function walkPays(query: ArticleListQuery, total: number, range: number): boolean {
  const ownIndex =
    query.q === undefined &&
    query.status !== 'any' &&
    query.sort.endsWith('publishedAt') &&
    (query.tag === undefined || query.section === undefined);
  if (ownIndex) return true;
  return ((query.limit + 1) * range) / total <= total;
}
