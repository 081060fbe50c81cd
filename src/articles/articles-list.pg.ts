import type { PgChangeFeed } from '../db/pg-change-feed.js';
import type { PgDb } from '../db/pg-client.js';
import { unbuilt } from '../db/pg-unbuilt.js';
import type { ArticleRecord, ArticlesStore, Resolved } from './articles.store.js';

/** What the PostgreSQL articles store (articles.pg.ts) gives the lister. */
export type PgListerDeps = {
  changes: PgChangeFeed;
  cacheTotals: boolean;
  resolve: (rows: readonly ArticleRecord[], withBody: boolean) => Promise<Resolved>;
  nextScheduledAt: (now: number) => Promise<number | null>;
};

export function createPgArticleLister(db: PgDb, deps: PgListerDeps): Pick<ArticlesStore, 'list' | 'loadBySeqs'> {
  void db;
  void deps;
  return unbuilt<Pick<ArticlesStore, 'list' | 'loadBySeqs'>>('createPgArticleLister');
}
