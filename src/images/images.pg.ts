import type { PgDb } from '../db/pg-client.js';
import { unbuilt } from '../db/pg-unbuilt.js';
import type { ImagesStore } from './images.store.js';

export function createPgImagesStore(db: PgDb): ImagesStore {
  void db;
  return unbuilt<ImagesStore>('createPgImagesStore');
}
