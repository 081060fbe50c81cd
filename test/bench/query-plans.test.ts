// Contract: every list query the articles and quotes repositories run is answered from an index (no full scan of a
// table), and a paged list walks an index in its own order instead of sorting every match on each page: with and
// without the planner's statistics (ANALYZE), on the first page and deep in the cursor chain. A filtered article
// list (q, tag, section) has two plans (see src/articles/articles-list.sqlite.ts): its walk must never sort,
// its match-first plan (for rare matches) may; a tag's total counts index entries without reading articles.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataset } from '../../scripts/bench/data-generator.js';
import { seedDatabase } from '../../scripts/bench/seed.js';
import { ARTICLE_SORTS, articleListQuery } from '../../src/articles/articles.schemas.js';
import { articleListSql, createArticleLister, searchBatchSql } from '../../src/articles/articles-list.sqlite.js';
import { closeDatabase, type Db, openDatabase } from '../../src/db/client.js';
import { QUOTE_SORTS, quoteListQuery } from '../../src/quotes/quotes.schemas.js';
import { createQuotesRepository, quoteListSql } from '../../src/quotes/quotes.sqlite.js';
import { tempDataDir } from '../helpers/app.js';

type Statement = { label: string; sql: string; params: unknown[] };

/** `ordered`: the page must come out of an index in the list's order (keyset paging). For a filtered article
 * list that is its walk plan (the default of articleListSql); its match-first plan is checked for full scans only.
 * Only `sort=relevance` ranks every match (bm25), so it may sort. */
type Shape = { name: string; query: Record<string, string>; ordered: boolean };

const filters: Array<{ name: string; query: Record<string, string> }> = [
  { name: 'section', query: { section: 'news' } },
  { name: 'tag', query: { tag: 'ukraine' } },
  { name: 'q', query: { q: 'ukraine' } },
  { name: 'tag and q', query: { tag: 'ukraine', q: 'minister' } },
  { name: 'tag and section', query: { tag: 'ukraine', section: 'news' } },
  { name: 'q and section', query: { q: 'ukraine', section: 'news' } },
];

const articleShapes: Shape[] = [
  { name: 'default public list', query: {}, ordered: true },
  ...ARTICLE_SORTS.flatMap((field) => [
    { name: `sort=${field}`, query: { sort: field }, ordered: true },
    { name: `sort=-${field}`, query: { sort: `-${field}` }, ordered: true },
  ]),
  // Every filter with every sort, newest first by default, and with statuses a token may ask for.
  ...filters.flatMap(({ name, query }) => [
    { name, query, ordered: true },
    ...ARTICLE_SORTS.flatMap((field) => [
      { name: `${name}, sort=${field}`, query: { ...query, sort: field }, ordered: true },
      { name: `${name}, sort=-${field}`, query: { ...query, sort: `-${field}` }, ordered: true },
    ]),
    { name: `${name}, status=any`, query: { ...query, status: 'any' }, ordered: true },
    { name: `${name}, status=draft`, query: { ...query, status: 'draft' }, ordered: true },
    { name: `${name}, status=scheduled`, query: { ...query, status: 'scheduled' }, ordered: true },
  ]),
  { name: 'q, sort=relevance', query: { q: 'ukraine', sort: 'relevance' }, ordered: false },
  { name: 'include=body', query: { include: 'body' }, ordered: true },
  { name: 'status=draft', query: { status: 'draft' }, ordered: true },
  { name: 'status=archived', query: { status: 'archived' }, ordered: true },
  { name: 'status=scheduled', query: { status: 'scheduled' }, ordered: true },
  { name: 'status=any', query: { status: 'any' }, ordered: true },
  { name: 'status=any, sort=-updatedAt', query: { status: 'any', sort: '-updatedAt' }, ordered: true },
];

const quoteShapes: Shape[] = [
  { name: 'default list', query: {}, ordered: true },
  ...QUOTE_SORTS.flatMap((field) => [
    { name: `sort=${field}`, query: { sort: field }, ordered: true },
    { name: `sort=-${field}`, query: { sort: `-${field}` }, ordered: true },
  ]),
  { name: 'speaker', query: { speaker: '' }, ordered: true },
  { name: 'q', query: { q: 'minister' }, ordered: false },
  { name: 'articleId', query: { articleId: '' }, ordered: false },
];

function unfilteredShape(query: Record<string, string>): boolean {
  return query.q === undefined && query.tag === undefined && query.section === undefined;
}

/** The detail lines of EXPLAIN QUERY PLAN, e.g. `SEARCH articles USING INDEX articles_status_published_idx (…)`. */
function plan(db: Db, statement: Statement): string[] {
  return (
    db.$client.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...statement.params) as Array<{ detail: string }>
  ).map((row) => row.detail);
}

const TABLES = 'articles|quotes|images|article_tags|article_images|article_quotes';
const fullScan = new RegExp(`^SCAN (${TABLES})(?: |$)(?!.*\\bUSING\\b)`);

/** Every broken rule, as a readable line naming the statement, the rule and the whole plan. */
function violations(db: Db, statements: Statement[], ordered: boolean): string[] {
  const found: string[] = [];
  for (const statement of statements) {
    const lines = plan(db, statement);
    const shown = `${statement.label}: ${lines.join(' | ')}\n    ${statement.sql.replace(/\s+/g, ' ')}`;
    if (lines.some((line) => fullScan.test(line))) found.push(`full table scan in ${shown}`);
    if (ordered && statement.label !== 'count' && lines.some((line) => line.includes('USE TEMP B-TREE FOR ORDER BY'))) {
      found.push(`sorts every match instead of walking an index in ${shown}`);
    }
  }
  return found;
}

function useSeededDatabase(analyze: boolean) {
  const ctx = {} as {
    db: Db;
    articles: ReturnType<typeof createArticleLister>;
    quotes: ReturnType<typeof createQuotesRepository>;
    dir: string;
  };
  beforeAll(async () => {
    ctx.dir = tempDataDir();
    // Enough rows for real cursors in every filter (2% are archived, 2% scheduled) and meaningful statistics.
    await seedDatabase(ctx.dir, dataset({ articles: 1_500 }));
    ctx.db = openDatabase({ dataDir: ctx.dir });
    // Seeding ends with PRAGMA optimize, which may or may not gather statistics: make each state explicit.
    const hasStats = ctx.db.$client.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'").get();
    if (analyze) ctx.db.$client.exec('ANALYZE');
    else if (hasStats) ctx.db.$client.exec('DELETE FROM sqlite_stat1; ANALYZE sqlite_schema;');
    ctx.quotes = createQuotesRepository(ctx.db);
    ctx.articles = createArticleLister(ctx.db, { nextScheduledAt: () => null });
  });
  afterAll(() => {
    if (ctx.db) closeDatabase(ctx.db);
    if (ctx.dir) fs.rmSync(ctx.dir, { recursive: true, force: true });
  });
  return ctx;
}

/** The cursor of a page a few pages in, as the repository hands it out (a real position, not a made-up one). */
function deepCursor(
  list: (cursor: string | undefined) => { nextCursor: string | null },
  pages = 5,
  required = true,
): string | undefined {
  let cursor: string | undefined;
  for (let page = 0; page < pages; page++) {
    const next = list(cursor).nextCursor;
    if (next === null) break;
    cursor = next;
  }
  if (cursor === undefined && required) {
    throw new Error('the seeded data has a single page for this shape: no cursor to check');
  }
  return cursor;
}

describe.each([
  { state: 'without statistics', analyze: false },
  { state: 'after ANALYZE', analyze: true },
])('query plans $state', ({ analyze }) => {
  const ctx = useSeededDatabase(analyze);
  const now = Date.now();

  it.each(articleShapes)('articles, $name: uses indexes', ({ query, ordered }) => {
    const parsed = articleListQuery.parse(query);
    const first = articleListSql(parsed, now);
    // Drafts, archived and scheduled articles are few in the seeded data: a filter of them may fit on one page.
    const few = ['draft', 'archived', 'scheduled'].includes(parsed.status) && !unfilteredShape(query);
    const cursor = deepCursor((c) => ctx.articles.list({ ...parsed, cursor: c }, now), 3, !few);
    const firstMatches = articleListSql(parsed, now, 'matches');
    if (!first || !firstMatches) throw new Error('the search term left nothing to search');
    const statements: Statement[] = [
      { label: 'count', ...first.count },
      { label: 'first page', ...first.page },
    ];
    const matchFirst: Statement[] = [{ label: 'first page, match-first', ...firstMatches.page }];
    if (parsed.q !== undefined && parsed.sort !== 'relevance') {
      // A search's walk goes down the index in batches (searchBatchSql), from the start and from a position.
      const start = searchBatchSql(parsed, now, null, 64);
      const rows = ctx.db.$client.prepare(start.sql).all(...start.params) as Array<{ value: number; id: string }>;
      statements.push({ label: 'search batch', ...start });
      if (rows.length > 0)
        statements.push({ label: 'next search batch', ...searchBatchSql(parsed, now, rows.at(-1)!, 64) });
    }
    if (cursor !== undefined) {
      statements.push({ label: 'deep page', ...articleListSql({ ...parsed, cursor }, now)!.page });
      matchFirst.push({
        label: 'deep page, match-first',
        ...articleListSql({ ...parsed, cursor }, now, 'matches')!.page,
      });
    }
    expect(violations(ctx.db, statements, ordered)).toEqual([]);
    expect(violations(ctx.db, matchFirst, false)).toEqual([]);
  });

  it.each(['published', 'draft', 'scheduled', 'any'])(
    'articles, tag total with status=%s reads no article',
    (status) => {
      const built = articleListSql(articleListQuery.parse({ tag: 'ukraine', status }), now);
      const lines = plan(ctx.db, { label: 'count', ...built!.count });
      expect(lines.join(' | ')).toMatch(
        /^SEARCH article_tags USING COVERING INDEX (article_tags_list_idx|sqlite_autoindex_article_tags_1) /,
      );
    },
  );

  it.each(quoteShapes)('quotes, $name: uses indexes', ({ query, ordered }) => {
    const { articleId, speaker, ...rest } = query;
    const anyQuote = ctx.quotes.list(quoteListQuery.parse({})).rows[0]!;
    const filter =
      articleId === undefined
        ? {}
        : {
            articleId: (ctx.db.$client.prepare('SELECT article_id FROM article_quotes LIMIT 1').get() as any)
              .article_id,
          };
    const parsed = quoteListQuery.parse(speaker === undefined ? rest : { ...rest, speaker: anyQuote.speaker });
    const first = quoteListSql(parsed, filter);
    if (!first) throw new Error('the search term left nothing to search');
    const statements: Statement[] = [
      { label: 'count', ...first.count },
      { label: 'first page', ...first.page },
    ];
    // A speaker or an article has a handful of quotes: only the unfiltered lists and searches go pages deep.
    if (articleId === undefined && speaker === undefined) {
      const cursor = deepCursor((c) => ctx.quotes.list({ ...parsed, cursor: c }, filter));
      statements.push({ label: 'deep page', ...quoteListSql({ ...parsed, cursor }, filter)!.page });
    }
    expect(violations(ctx.db, statements, ordered)).toEqual([]);
  });
});
