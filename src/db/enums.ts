// The value lists the schema's enum columns take, declared once: src/db/schema.ts types its columns with them and the
// API's zod schemas (and so the OpenAPI document) take them from here. A module of its own, so that the API's
// schemas do not load drizzle-orm at start just for a list of words.

/** An article's status. */
export const ARTICLE_STATUSES = ['draft', 'published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** Who a quote's speaker is: the formats give a person as a Person and an organisation as an Organization. */
export const SPEAKER_TYPES = ['person', 'organisation'] as const;
export type SpeakerType = (typeof SPEAKER_TYPES)[number];

/** What a webhook can subscribe to (besides `*`, every one); `webhook.test` is sent on request only. */
export const WEBHOOK_EVENTS = [
  'article.created',
  'article.updated',
  'article.published',
  'article.unpublished',
  'article.deleted',
  'image.created',
  'image.updated',
  'image.deleted',
  'quote.created',
  'quote.updated',
  'quote.deleted',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number] | 'webhook.test';

/** A delivery waits (pending: due now or at its next attempt), or has ended. */
export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
