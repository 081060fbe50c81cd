import type { Db } from '../db/client.js';
import { problems } from '../http/problems.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import type { RevisionField } from './revisions.js';

// Reads of article_revisions. The rows are written by the articles repository, in the transaction of each write
// (articles.repository.ts, recordRevision); nothing ever changes one.

export type RevisionRow = {
  seq: number;
  revision: number;
  created_at: number;
  author: string;
  changed: string;
  snapshot: string;
};

export type RevisionSummary = { revision: number; createdAt: number; author: string; changed: RevisionField[] };

const CURSOR_SORT = '-revision';

export function createRevisionsRepository(db: Db) {
  const sqlite = db.$client;
  const page = sqlite.prepare<[string, number, number], Omit<RevisionRow, 'snapshot' | 'seq'>>(
    `SELECT revision, created_at, author, changed FROM article_revisions
     WHERE article_id = ? AND revision < ? ORDER BY revision DESC LIMIT ?`,
  );
  const count = sqlite.prepare<[string], { total: number }>(
    'SELECT count(*) AS total FROM article_revisions WHERE article_id = ?',
  );
  const one = sqlite.prepare<[string, number], RevisionRow>(
    'SELECT seq, revision, created_at, author, changed, snapshot FROM article_revisions WHERE article_id = ? AND revision = ?',
  );

  return {
    /** A page of an article's revisions, newest first; the cursor is the last revision given (for this article). */
    list(articleId: string, query: { limit: number; cursor?: string }) {
      let before = Number.MAX_SAFE_INTEGER;
      if (query.cursor !== undefined) {
        const cursor = decodeCursor(query.cursor, CURSOR_SORT);
        if (cursor.id !== articleId || typeof cursor.value !== 'number') {
          throw problems.validation([{ path: 'cursor', message: 'is not a cursor of this article’s revisions' }]);
        }
        before = cursor.value;
      }
      // NOTE: one more than the page: whether there is a next one, without a second query.
      const rows = page.all(articleId, before, query.limit + 1);
      const more = rows.length > query.limit;
      const items = (more ? rows.slice(0, query.limit) : rows).map(
        (row): RevisionSummary => ({
          revision: row.revision,
          createdAt: row.created_at,
          author: row.author,
          changed: JSON.parse(row.changed) as RevisionField[],
        }),
      );
      const last = items.at(-1);
      return {
        items,
        total: count.get(articleId)?.total ?? 0,
        nextCursor: more && last ? encodeCursor({ sort: CURSOR_SORT, value: last.revision, id: articleId }) : null,
      };
    },

    /** One revision of an article, or a 404 naming the revision (another article's revision is not found). */
    get(articleId: string, revision: number): RevisionRow {
      const row = one.get(articleId, revision);
      if (!row) throw problems.notFound(`revision of article ${articleId}`, String(revision));
      return row;
    },
  };
}

export type RevisionsRepository = ReturnType<typeof createRevisionsRepository>;
