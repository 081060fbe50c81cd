import type { PgDb } from '../db/pg-client.js';
import { unbuilt } from '../db/pg-unbuilt.js';
import type { RevisionsStore } from './articles.store.js';

export function createPgRevisionsStore(db: PgDb): RevisionsStore {
  void db;
  return unbuilt<RevisionsStore>('createPgRevisionsStore');
}
