import { createPgArticlesStore } from '../articles/articles.pg.js';
import { createPgSitemapReader } from '../articles/articles-sitemap.pg.js';
import { createPgPreviewLinksStore } from '../articles/preview-links.pg.js';
import { createPgRevisionsStore } from '../articles/revisions.pg.js';
import { createPgImagesRepository, createPgImagesStore } from '../images/images.pg.js';
import { createPgExportStore, createPgImportStore } from '../import/import.pg.js';
import { createPgQuotesRepository, createPgQuotesStore } from '../quotes/quotes.pg.js';
import { createPgTokensStore } from '../tokens/tokens.pg.js';
import { createPgDeliveryQueue, createPgWebhooksStore } from '../webhooks/webhooks.pg.js';
import type { Engine } from './engine.js';
import { type ChangeFeedLog, createPgChangeFeed } from './pg-change-feed.js';
import { openPostgres, type PgDb, type PgOpenOptions } from './pg-client.js';

export type PgEngineOptions = {
  /** Keep filtered lists' totals until the next write (RENDER_CACHE). */
  cacheTotals?: boolean;
  /** Where the change feed says that it lost (and found again) its listening connection. */
  log?: ChangeFeedLog;
};

/**
 * The PostgreSQL engine on an open database (pg-client.ts openPostgres): the *.pg.ts stores, and the
 * LISTEN/NOTIFY change feed every cache of this instance watches. Its listening connection is open once this
 * resolves.
 */
export async function createPgEngine(db: PgDb, options: PgEngineOptions = {}): Promise<Engine> {
  const changes = createPgChangeFeed(db, { log: options.log });
  await changes.start();
  // The repositories are shared by the stores and the importer: one write path per resource.
  const imagesRepository = createPgImagesRepository(db);
  const quotesRepository = createPgQuotesRepository(db);
  const images = createPgImagesStore(db, imagesRepository);
  const quotes = createPgQuotesStore(db, quotesRepository);
  const articles = createPgArticlesStore(db, { changes, cacheTotals: options.cacheTotals ?? true });
  return {
    kind: 'postgres',
    articles,
    revisions: createPgRevisionsStore(db),
    previewLinks: createPgPreviewLinksStore(db),
    sitemap: createPgSitemapReader(db),
    images,
    quotes,
    tokens: createPgTokensStore(db, { changes }),
    webhooks: createPgWebhooksStore(db),
    deliveries: createPgDeliveryQueue(db),
    importer: ({ uploadLimit, imagesService }) =>
      createPgImportStore(db, {
        uploadLimit,
        imagesService,
        articles,
        images: imagesRepository,
        quotes: quotesRepository,
      }),
    exporter: createPgExportStore(db),
    changes,
    referencesWatch: () => changes.referencesWatch(),
    fileUsers: (fileName) => images.fileUsers(fileName),
    isFileUsed: (fileName) => images.isFileUsed(fileName),
    ping: async () => {
      await db.pool.query('SELECT 1');
    },
    close: async () => {
      try {
        await changes.close();
      } finally {
        await db.close();
      }
    },
  };
}

/** Opens DATABASE_URL (migrating it: pg-client.ts) and makes the engine on it. */
export async function openPgEngine(
  url: string,
  options: PgEngineOptions & Pick<PgOpenOptions, 'max' | 'migrate' | 'onIdleError'> = {},
): Promise<Engine> {
  const db = await openPostgres(url, options);
  try {
    return await createPgEngine(db, options);
  } catch (error) {
    await db.close();
    throw error;
  }
}
