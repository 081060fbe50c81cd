import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ARTICLE_STATUSES, DELIVERY_STATUSES, SPEAKER_TYPES } from './enums.js';

// NOTE: every table has an INTEGER PRIMARY KEY `seq` besides its public `id`. It is SQLite's rowid, which the
// FTS5 indexes (see the custom migration) key on; without an explicit INTEGER PRIMARY KEY, VACUUM may renumber
// rowids and silently detach the search index from its rows. Public ids are ULIDs: they sort by creation time
// and, being upper case, can never be mistaken for a slug.
// Times are integers: milliseconds since the epoch, UTC.

export const images = sqliteTable(
  'images',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    /** The bundle key an import matched it by; null for images made through the API. */
    key: text('key').unique(),
    sourceUrl: text('source_url'),
    /** The stored media file (content hash + extension) for an upload; null for a sourceUrl image. */
    fileName: text('file_name'),
    altText: text('alt_text').notNull(),
    caption: text('caption'),
    credit: text('credit'),
    creator: text('creator'),
    copyrightNotice: text('copyright_notice'),
    focalX: real('focal_x'),
    focalY: real('focal_y'),
    width: integer('width'),
    height: integer('height'),
    mimeType: text('mime_type'),
    bytes: integer('bytes'),
    /** Bumped on every update: part of the ETag. */
    version: integer('version').notNull().default(1),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('images_created_idx').on(t.createdAt, t.id),
    index('images_updated_idx').on(t.updatedAt, t.id),
    index('images_credit_idx').on(t.credit, t.createdAt, t.id),
    index('images_file_idx').on(t.fileName),
  ],
);

export const quotes = sqliteTable(
  'quotes',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    key: text('key').unique(),
    text: text('text').notNull(),
    speaker: text('speaker').notNull(),
    /** The speaker folded to lower case, for the case-insensitive `speaker` filter (SQLite's NOCASE is ASCII only). */
    speakerKey: text('speaker_key').notNull(),
    speakerType: text('speaker_type', { enum: SPEAKER_TYPES }).notNull().default('person'),
    speakerRole: text('speaker_role'),
    organisation: text('organisation'),
    channel: text('channel'),
    sourceUrl: text('source_url'),
    saidAt: integer('said_at'),
    version: integer('version').notNull().default(1),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('quotes_created_idx').on(t.createdAt, t.id),
    index('quotes_updated_idx').on(t.updatedAt, t.id),
    index('quotes_speaker_idx').on(t.speakerKey, t.createdAt, t.id),
    index('quotes_said_idx').on(t.saidAt, t.id),
  ],
);

export const articles = sqliteTable(
  'articles',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    slug: text('slug').notNull().unique(),
    headline: text('headline').notNull(),
    standfirst: text('standfirst'),
    section: text('section'),
    /** JSON array of strings; article_tags holds the same tags for filtering. */
    tags: text('tags').notNull().default('[]'),
    byline: text('byline'),
    /** JSON array of blocks as the editor sent them (ids only; resolved at read time). */
    body: text('body').notNull().default('[]'),
    leadImageId: text('lead_image_id').references(() => images.id, { onDelete: 'restrict' }),
    status: text('status', { enum: ARTICLE_STATUSES }).notNull().default('draft'),
    publishedAt: integer('published_at'),
    /**
     * JSON array of the correction notices shown to readers, oldest first: `{ id, type, text, createdAt }` with
     * createdAt in epoch milliseconds. A column rather than a table: a notice is always read with its article (the
     * single read and every list card show them), and is one short line of text.
     */
    corrections: text('corrections').notNull().default('[]'),
    version: integer('version').notNull().default(1),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    // Every list walks one of these in its own order (keyset paging), whatever its status filter and sort: a
    // page costs the same at a million articles as at a thousand. test/bench/query-plans.test.ts checks it.
    index('articles_status_published_idx').on(t.status, t.publishedAt, t.id),
    index('articles_status_created_idx').on(t.status, t.createdAt, t.id),
    index('articles_status_updated_idx').on(t.status, t.updatedAt, t.id),
    index('articles_published_idx').on(t.publishedAt, t.id),
    index('articles_section_idx').on(t.section, t.status, t.publishedAt, t.id),
    index('articles_created_idx').on(t.createdAt, t.id),
    index('articles_updated_idx').on(t.updatedAt, t.id),
    index('articles_lead_image_idx').on(t.leadImageId),
    // A search's total: the FTS index gives rowids (seq), and this gives each one's status and publishedAt
    // without reading the article row (a page of its own at ~3 KB a row): 6x cheaper per match, measured.
    index('articles_seq_status_idx').on(t.seq, t.status, t.publishedAt),
  ],
);

/**
 * How many articles each status has, kept by triggers (see the article_counts migration), so the `meta.total` of
 * an unfiltered list is a lookup instead of a count over the whole table.
 */
export const articleCounts = sqliteTable('article_counts', {
  status: text('status').primaryKey(),
  total: integer('total').notNull().default(0),
});

/** How many rows `quotes` and `images` hold, kept by triggers: the total of an unfiltered list without a count. */
export const tableCounts = sqliteTable('table_counts', {
  tableName: text('table_name').primaryKey(),
  total: integer('total').notNull().default(0),
});

/**
 * One row per tag of an article, so `tag=` is an index lookup instead of a JSON scan. `status` and
 * `published_at` are copies of the article's, kept by triggers (see the tag_list_triggers migration), so a tag's
 * public list is one range of article_tags_list_idx: its page walks that index newest first and its total counts
 * index entries, without reading one article row per match.
 */
export const articleTags = sqliteTable(
  'article_tags',
  {
    articleId: text('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
    status: text('status', { enum: ARTICLE_STATUSES }),
    publishedAt: integer('published_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tag, t.articleId] }),
    index('article_tags_article_idx').on(t.articleId),
    index('article_tags_list_idx').on(t.tag, t.status, t.publishedAt, t.articleId),
  ],
);

/**
 * Which images an article uses (lead image and image blocks). The foreign key to images is RESTRICT, so the
 * database itself refuses to delete an image still in use, whatever code path tries.
 */
export const articleImages = sqliteTable(
  'article_images',
  {
    articleId: text('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    imageId: text('image_id')
      .notNull()
      .references(() => images.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.imageId] }), index('article_images_image_idx').on(t.imageId)],
);

/** Which quotes an article uses, in the order of their first block. */
export const articleQuotes = sqliteTable(
  'article_quotes',
  {
    articleId: text('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    quoteId: text('quote_id')
      .notNull()
      .references(() => quotes.id, { onDelete: 'restrict' }),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.quoteId] }), index('article_quotes_quote_idx').on(t.quoteId)],
);

/**
 * Every write of an article records the article as it then stood (the revision's `article`), in the same
 * transaction as the write; removed with the article. `snapshot` is that article as JSON, except on the newest
 * revision, whose article is the article row itself: there it is NULL, and the next write stores it (the row's
 * content then) before adding its own revision. An article written once (most are, an import's all) keeps its
 * text once rather than twice: ~3 KB less per article, ~8% of a 10,000-article import's time. PostgreSQL stores
 * every snapshot (its write path is not the bottleneck there), and a transfer fills the NULL ones.
 */
export const articleRevisions = sqliteTable(
  'article_revisions',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    articleId: text('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    /** The article's `revision` (its version) after the write. */
    revision: integer('revision').notNull(),
    createdAt: integer('created_at').notNull(),
    /** The name of the token that made the write; `cli` for the command line. */
    author: text('author').notNull(),
    /** JSON array of the field names that differ from the revision before (computed at write time). */
    changed: text('changed').notNull(),
    /** The article as JSON (revisions.ts, snapshotText); NULL on the newest revision (see above). */
    snapshot: text('snapshot'),
  },
  (t) => [uniqueIndex('article_revisions_article_revision_idx').on(t.articleId, t.revision)],
);

/** Draft preview links: only the SHA-256 of each token is stored. Removed with the article. */
export const previewLinks = sqliteTable(
  'preview_links',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    articleId: text('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    /** SHA-256 of the token, hex. */
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: integer('expires_at').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('preview_links_article_idx').on(t.articleId)],
);

export const tokens = sqliteTable(
  'tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** SHA-256 of the token, hex. The token itself is never stored. */
    hash: text('hash').notNull().unique(),
    /** Comma-separated scopes: read (see drafts), write (change content), admin (manage webhooks). */
    scopes: text('scopes').notNull().default('read,write'),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('tokens_active_name_idx').on(t.name).where(sql`revoked_at IS NULL`)],
);

/**
 * Webhook subscriptions. The secret is kept as given out (`whsec_…`): signing needs it, so it cannot be a hash.
 * After a rotation the one it replaced is kept for 24 hours (`previous_secret`, `rotated_at`): deliveries then
 * carry both signatures.
 */
export const webhooks = sqliteTable('webhooks', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  id: text('id').notNull().unique(),
  url: text('url').notNull(),
  /** JSON array of event names, or ["*"]. */
  events: text('events').notNull(),
  description: text('description'),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  secret: text('secret').notNull(),
  previousSecret: text('previous_secret'),
  rotatedAt: integer('rotated_at'),
  version: integer('version').notNull().default(1),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * The outbox: one row per event a write made, inserted in the write's own transaction (only when some enabled
 * webhook subscribes to it). `data` is the JSON body's `data`: written at once for a deletion (`{ id, slug? }`),
 * otherwise rendered from the resource when the event is first sent and kept, so every attempt and every webhook
 * sends the same body (see src/webhooks/README.md).
 */
export const webhookEvents = sqliteTable('webhook_events', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  id: text('id').notNull().unique(),
  type: text('type').notNull(),
  resourceId: text('resource_id').notNull(),
  data: text('data'),
  createdAt: integer('created_at').notNull(),
});

/**
 * One event to one webhook. A dispatcher claims a due delivery with one atomic UPDATE … RETURNING (SKIP LOCKED on
 * PostgreSQL), which sets a fresh `claim` and pushes `next_attempt_at` past the attempt's time limit: another
 * process sees it as not due, and only the claim's holder may record the attempt.
 */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    webhookId: text('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventId: text('event_id')
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    /** Failed attempts since the delivery was made (or last replayed): picks the next retry delay. */
    failures: integer('failures').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at'),
    claim: text('claim'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_webhook_idx').on(t.webhookId, t.seq),
    index('webhook_deliveries_event_idx').on(t.eventId),
  ],
);

/** Every attempt of a delivery: when, what the receiver answered (or why there was no answer), how long it took. */
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.seq)],
);

/**
 * Small persisted settings of the webhook machinery, by name. `scheduled_until`: the time up to which scheduled
 * articles' `article.published` events have been recorded (see src/webhooks/outbox.ts).
 */
export const webhookState = sqliteTable('webhook_state', {
  name: text('name').primaryKey(),
  value: integer('value').notNull(),
});

export type ImageRow = typeof images.$inferSelect;
export type QuoteRow = typeof quotes.$inferSelect;
export type ArticleRow = typeof articles.$inferSelect;
export type TokenRow = typeof tokens.$inferSelect;
