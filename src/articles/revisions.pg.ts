import { and, count, desc, eq, lt, sql } from 'drizzle-orm';
import type { PgDb } from '../db/pg-client.js';
import { articleRevisions, articles } from '../db/schema.pg.js';
import { problems } from '../http/problems.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import type { RevisionSummary, RevisionsStore } from './articles.store.js';
import { type RevisionField, withSnapshot } from './revisions.js';

// Reads of article_revisions on PostgreSQL, as revisions.sqlite.ts. The rows are written by the articles store, in
// the transaction of each write (articles.pg.ts, writeArticle); nothing ever changes one.

const CURSOR_SORT = '-revision';

export function createPgRevisionsStore(db: PgDb): RevisionsStore {
  const { orm } = db;

  return {
    async list(articleId, query) {
      let before = Number.MAX_SAFE_INTEGER;
      if (query.cursor !== undefined) {
        const cursor = decodeCursor(query.cursor, CURSOR_SORT);
        if (cursor.id !== articleId || typeof cursor.value !== 'number') {
          throw problems.validation([{ path: 'cursor', message: 'is not a cursor of this article’s revisions' }]);
        }
        before = cursor.value;
      }
      // NOTE: one more than the page: whether there is a next one, without a second query.
      const rows = await orm
        .select({
          revision: articleRevisions.revision,
          createdAt: articleRevisions.createdAt,
          author: articleRevisions.author,
          changed: articleRevisions.changed,
        })
        .from(articleRevisions)
        .where(
          and(
            eq(articleRevisions.articleId, articleId),
            // double precision: a cursor may hold any number (SQLite compares it as given), which an integer
            // parameter would refuse past 2^31 or with a fraction.
            lt(articleRevisions.revision, sql`${before}::double precision`),
          ),
        )
        .orderBy(desc(articleRevisions.revision))
        .limit(query.limit + 1);
      const more = rows.length > query.limit;
      const items = (more ? rows.slice(0, query.limit) : rows).map(
        (row): RevisionSummary => ({ ...row, changed: JSON.parse(row.changed) as RevisionField[] }),
      );
      const last = items.at(-1);
      const [total] = await orm
        .select({ total: count() })
        .from(articleRevisions)
        .where(eq(articleRevisions.articleId, articleId));
      return {
        items,
        total: total?.total ?? 0,
        nextCursor: more && last ? encodeCursor({ sort: CURSOR_SORT, value: last.revision, id: articleId }) : null,
      };
    },

    async get(articleId, revision) {
      // With the article, as on SQLite: PostgreSQL stores every snapshot, but the column allows none (one schema).
      const [row] = await orm
        .select({ revision: articleRevisions, article: articles })
        .from(articleRevisions)
        .innerJoin(articles, eq(articles.id, articleRevisions.articleId))
        .where(and(eq(articleRevisions.articleId, articleId), eq(articleRevisions.revision, revision)));
      if (!row) throw problems.notFound(`revision of article ${articleId}`, String(revision));
      return withSnapshot(row.revision, row.article);
    },
  };
}
