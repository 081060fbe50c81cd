import { createSqliteArticlesStore, referencesWatch } from '../articles/articles.sqlite.js';
import { createSqliteSitemapReader } from '../articles/articles-sitemap.sqlite.js';
import { createSqlitePreviewLinksStore } from '../articles/preview-links.sqlite.js';
import { createSqliteRevisionsStore } from '../articles/revisions.sqlite.js';
import { createImagesRepository, createSqliteImagesStore } from '../images/images.sqlite.js';
import { createSqliteExportStore, createSqliteImportStore } from '../import/import.sqlite.js';
import { createQuotesRepository, createSqliteQuotesStore } from '../quotes/quotes.sqlite.js';
import { createSqliteTokensStore } from '../tokens/tokens.sqlite.js';
import { createSqliteDeliveryQueue, createSqliteWebhooksStore } from '../webhooks/webhooks.sqlite.js';
import { sqliteChangeFeed } from './change-watch.js';
import { startCheckpointer } from './checkpointer.js';
import { closeDatabase, type Db } from './client.js';
import type { Engine } from './engine.js';
import type { ChangeFeedLog } from './pg-change-feed.js';

/**
 * The embedded SQLite engine on an open database (client.ts openDatabase). The stores answer the routes; the
 * images' and quotes' repositories are what other SQLite code calls inside its own transactions (an article's
 * resolution, a bulk import, the media checks).
 */
export function createSqliteEngine(
  db: Db,
  options: { cacheTotals?: boolean; log?: Pick<ChangeFeedLog, 'warn'> } = {},
): Engine {
  const quotesRepository = createQuotesRepository(db);
  const imagesRepository = createImagesRepository(db);
  const articles = createSqliteArticlesStore(
    db,
    { images: imagesRepository, quotes: quotesRepository },
    { cacheTotals: options.cacheTotals ?? true },
  );
  const ping = db.$client.prepare('SELECT 1');
  // WAL checkpoints in a worker thread rather than inside commits (checkpointer.ts).
  const checkpointer = startCheckpointer(db.$client, db.writer, {
    onError: (error) =>
      options.log?.warn(
        { err: { message: error.message } },
        'the checkpoint thread failed: checkpoints run inside commits again',
      ),
  });
  return {
    kind: 'sqlite',
    articles,
    revisions: createSqliteRevisionsStore(db),
    previewLinks: createSqlitePreviewLinksStore(db),
    sitemap: createSqliteSitemapReader(db),
    images: createSqliteImagesStore(db, imagesRepository),
    quotes: createSqliteQuotesStore(db, quotesRepository),
    tokens: createSqliteTokensStore(db),
    webhooks: createSqliteWebhooksStore(db),
    deliveries: createSqliteDeliveryQueue(db),
    importer: ({ uploadLimit, imagesService }) =>
      createSqliteImportStore(db, {
        uploadLimit,
        images: imagesRepository,
        quotes: quotesRepository,
        articles,
        imagesService,
      }),
    exporter: createSqliteExportStore(db.$client.name),
    changes: sqliteChangeFeed(db.$client),
    referencesWatch: () => referencesWatch(db),
    fileUsers: imagesRepository.fileUsers,
    isFileUsed: imagesRepository.isFileUsed,
    ping: async () => {
      ping.get();
    },
    close: async () => {
      await checkpointer?.close();
      closeDatabase(db);
    },
  };
}
