import type { PgDb } from '../db/pg-client.js';
import { unbuilt } from '../db/pg-unbuilt.js';
import type { SitemapReader } from './articles.store.js';

export function createPgSitemapReader(db: PgDb): SitemapReader {
  void db;
  return unbuilt<SitemapReader>('createPgSitemapReader');
}
