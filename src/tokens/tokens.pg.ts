import type { PgChangeFeed } from '../db/pg-change-feed.js';
import type { PgDb } from '../db/pg-client.js';
import { unbuilt } from '../db/pg-unbuilt.js';
import type { TokensStore } from './tokens.store.js';

export function createPgTokensStore(db: PgDb, _options: { changes: PgChangeFeed }): TokensStore {
  void db;
  return unbuilt<TokensStore>('createPgTokensStore');
}
