import { and, count, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { articleRevisions, articles } from '../db/schema.js';
import { problems } from '../http/problems.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import type { RevisionSummary, RevisionsStore } from './articles.store.js';
import { type RevisionField, withSnapshot } from './revisions.js';

// Reads of article_revisions on SQLite. The rows are written by the articles store, in the transaction of each
// write (articles.sqlite.ts, writeArticle), which also stores the snapshot of the revision it supersedes.

const CURSOR_SORT = '-revision';
const p = sql.placeholder;

export function createSqliteRevisionsStore(db: Db): RevisionsStore {
  const { orm } = db;
  const page = orm
    .select({
      revision: articleRevisions.revision,
      createdAt: articleRevisions.createdAt,
      author: articleRevisions.author,
      changed: articleRevisions.changed,
    })
    .from(articleRevisions)
    .where(and(eq(articleRevisions.articleId, p('articleId')), lt(articleRevisions.revision, p('before'))))
    .orderBy(desc(articleRevisions.revision))
    .limit(p('limit'))
    .prepare();
  const total = orm
    .select({ total: count() })
    .from(articleRevisions)
    .where(eq(articleRevisions.articleId, p('articleId')))
    .prepare();
  // With the article: the newest revision's snapshot is its row (withSnapshot).
  const one = orm
    .select({ revision: articleRevisions, article: articles })
    .from(articleRevisions)
    .innerJoin(articles, eq(articles.id, articleRevisions.articleId))
    .where(and(eq(articleRevisions.articleId, p('articleId')), eq(articleRevisions.revision, p('revision'))))
    .prepare();

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
      const rows = page.all({ articleId, before, limit: query.limit + 1 });
      const more = rows.length > query.limit;
      const items = (more ? rows.slice(0, query.limit) : rows).map(
        (row): RevisionSummary => ({ ...row, changed: JSON.parse(row.changed) as RevisionField[] }),
      );
      const last = items.at(-1);
      return {
        items,
        total: total.get({ articleId })?.total ?? 0,
        nextCursor: more && last ? encodeCursor({ sort: CURSOR_SORT, value: last.revision, id: articleId }) : null,
      };
    },

    async get(articleId, revision) {
      const row = one.get({ articleId, revision });
      if (!row) throw problems.notFound(`revision of article ${articleId}`, String(revision));
      return withSnapshot(row.revision, row.article);
    },
  };
}
