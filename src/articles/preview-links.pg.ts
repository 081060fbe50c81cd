import type { PgDb } from '../db/pg-client.js';
import { unbuilt } from '../db/pg-unbuilt.js';
import type { PreviewLinksStore } from './articles.store.js';

export function createPgPreviewLinksStore(db: PgDb): PreviewLinksStore {
  void db;
  return unbuilt<PreviewLinksStore>('createPgPreviewLinksStore');
}
