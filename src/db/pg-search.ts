import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { searchWords } from '../shared/fts.js';

// Full-text search on PostgreSQL: the `search` tsvector columns of schema.pg.ts, matched with cms_search_query
// (migrations-pg/0003): the same words as SQLite's FTS5 query (searchWords), every one required, the last also as
// a prefix, accents folded.

/** The tsquery for what a reader typed, or null when nothing searchable is left (as toFtsQuery). */
export function pgSearchQuery(input: string): SQL | null {
  const words = searchWords(input);
  if (words.length === 0) return null;
  return sql`cms_search_query(${words.join(' ')})`;
}

/** `column @@ query`: uses the column's GIN index. */
export function pgMatches(column: AnyPgColumn, query: SQL): SQL {
  return sql`${column} @@ ${query}`;
}

/**
 * An article's relevance to the query, higher first: ts_rank with weights {D, C, B, A} in the ratio of SQLite's
 * bm25(articles_fts, 10, 5, 1) (headline A 1.0, standfirst B 0.5, body C 0.1).
 */
export function pgArticleRank(column: AnyPgColumn, query: SQL): SQL<number> {
  return sql<number>`ts_rank('{0.1, 0.1, 0.5, 1.0}'::float4[], ${column}, ${query})`.mapWith(Number);
}
