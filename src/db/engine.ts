import type { ArticlesStore, PreviewLinksStore, RevisionsStore, SitemapReader } from '../articles/articles.store.js';
import type { ImagesService } from '../images/images.service.js';
import type { ImageFileUser, ImagesStore } from '../images/images.store.js';
import type { ExportStore, ImportStore } from '../import/import.store.js';
import type { QuotesStore } from '../quotes/quotes.store.js';
import type { TokensStore } from '../tokens/tokens.store.js';
import type { DeliveryQueue, WebhooksStore } from '../webhooks/webhooks.store.js';
import type { ChangeFeed } from './change-watch.js';

/**
 * An engine: one implementation of every store interface (src/db/README.md), opened on one database. The app,
 * the command-line tools and the tests take an Engine and never ask which one it is, except to say so in logs.
 * engine.sqlite.ts makes the embedded SQLite engine (DATA_DIR), engine.pg.ts the PostgreSQL one (DATABASE_URL).
 */
export type Engine = {
  kind: 'sqlite' | 'postgres';
  articles: ArticlesStore;
  revisions: RevisionsStore;
  previewLinks: PreviewLinksStore;
  sitemap: SitemapReader;
  images: ImagesStore;
  quotes: QuotesStore;
  tokens: TokensStore;
  webhooks: WebhooksStore;
  deliveries: DeliveryQueue;
  /** The bundle importer, which prepares uploaded pictures through the images service (its media and limits). */
  importer(options: { uploadLimit: number; imagesService: ImagesService }): ImportStore;
  exporter: ExportStore;
  /** What the response caches watch (any write, by anyone). */
  changes: ChangeFeed;
  /**
   * A watch for the article render memo, which keys each article on its version: true when an image or quote may
   * have changed since its previous call (a rendered article shows them).
   */
  referencesWatch(): () => boolean;
  /**
   * What the media routes ask of the images on every request: the images using a stored file (its crops follow
   * their focal point), and whether any does. SQLite answers synchronously (nothing can run between the check and
   * what follows it); PostgreSQL with a promise.
   */
  fileUsers(fileName: string): ImageFileUser[] | Promise<ImageFileUser[]>;
  isFileUsed(fileName: string): boolean | Promise<boolean>;
  /** Answers when the database answers (readiness). */
  ping(): Promise<void>;
  /** Closes the database; the stores are unusable afterwards. */
  close(): Promise<void>;
};
