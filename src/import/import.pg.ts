import type { ArticlesStore } from '../articles/articles.store.js';
import type { PgDb } from '../db/pg-client.js';
import { unbuilt } from '../db/pg-unbuilt.js';
import type { ImagesService } from '../images/images.service.js';
import type { ImagesStore } from '../images/images.store.js';
import type { QuotesStore } from '../quotes/quotes.store.js';
import { openPgExportReader } from './export.pg.js';
import { exportReaderStream } from './export.service.js';
import type { ExportStore, ImportStore } from './import.store.js';

export type PgImportOptions = {
  uploadLimit: number;
  imagesService: ImagesService;
  articles: ArticlesStore;
  images: ImagesStore;
  quotes: QuotesStore;
};

export function createPgImportStore(db: PgDb, options: PgImportOptions): ImportStore {
  void db;
  void options;
  return unbuilt<ImportStore>('createPgImportStore');
}

/** Exports read on a pooled connection of their own, from one REPEATABLE READ snapshot (export.pg.ts). */
export function createPgExportStore(db: PgDb): ExportStore {
  return {
    async export(query, options = {}) {
      return exportReaderStream(() => openPgExportReader(db, query), options.onFile);
    },
  };
}
