import type { PgChangeFeed } from '../db/pg-change-feed.js';
import type { PgDb } from '../db/pg-client.js';
import { unbuilt } from '../db/pg-unbuilt.js';
import type { ArticlesStore } from './articles.store.js';

export function createPgArticlesStore(
  db: PgDb,
  _options: { changes: PgChangeFeed; cacheTotals: boolean },
): ArticlesStore {
  void db;
  return unbuilt<ArticlesStore>('createPgArticlesStore');
}
