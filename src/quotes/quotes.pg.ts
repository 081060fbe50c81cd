import type { PgDb } from '../db/pg-client.js';
import { unbuilt } from '../db/pg-unbuilt.js';
import type { QuotesStore } from './quotes.store.js';

export function createPgQuotesStore(db: PgDb): QuotesStore {
  void db;
  return unbuilt<QuotesStore>('createPgQuotesStore');
}
