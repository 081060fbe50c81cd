import type { DeliveryStatus } from '../db/enums.js';
import type { webhookAttempts, webhookDeliveries, webhookEvents, webhooks } from '../db/schema.js';

// The webhooks' side of the data layer's seam (src/db/README.md): what the routes and the dispatcher know of the
// storage. webhooks.sqlite.ts implements both interfaces on SQLite; the events themselves are recorded by the
// content stores inside their own writes (outbox.ts), not through these interfaces.

/** A subscription as stored. `events` is the JSON text of its event names (or `["*"]`). */
export type WebhookRecord = typeof webhooks.$inferSelect;
export type WebhookEventRecord = typeof webhookEvents.$inferSelect;
export type DeliveryRecord = typeof webhookDeliveries.$inferSelect;
export type AttemptRecord = typeof webhookAttempts.$inferSelect;

/** A new subscription: its event names (deduplicated by the caller) and the secret it signs with. */
export type NewWebhook = Pick<WebhookRecord, 'url' | 'description' | 'enabled' | 'secret'> & { events: string[] };

/** What a PATCH may change; a field left out keeps its value. */
export type WebhookChanges = Partial<Pick<NewWebhook, 'url' | 'events' | 'description' | 'enabled'>>;

/**
 * Sees the current row inside the write's transaction, before anything is written, and throws to refuse the
 * write (If-Match). Synchronous: it runs inside one transaction on either engine.
 */
export type WebhookCheck = (current: WebhookRecord) => void;

/** One line of a webhook's delivery log: the delivery, its event's type, its attempts oldest first. */
export type DeliveryLogEntry = Pick<DeliveryRecord, 'seq' | 'id' | 'status' | 'createdAt' | 'nextAttemptAt'> & {
  type: WebhookEventRecord['type'];
  attempts: Array<Pick<AttemptRecord, 'at' | 'statusCode' | 'error' | 'durationMs'>>;
};

/** A page and whether more follow it (the last row of a page is where the next one starts). */
export type Page<T> = { rows: T[]; total: number; more: boolean };

/**
 * The subscriptions and their delivery logs, for the `/v1/webhooks` routes. A webhook that does not exist is
 * the 404 problem naming it (`get`, and every operation on one webhook).
 */
export interface WebhooksStore {
  get(id: string): Promise<WebhookRecord>;
  create(input: NewWebhook, now?: number): Promise<WebhookRecord>;
  /** Oldest first, by creation: the first `limit` after `afterSeq` (0: from the start). */
  list(page: { limit: number; afterSeq: number }): Promise<Page<WebhookRecord>>;
  /** Bumps `version` and moves `updatedAt` forward (the ETag changes). */
  update(id: string, changes: WebhookChanges, check?: WebhookCheck): Promise<WebhookRecord>;
  /** The new secret replaces the current one, which is kept as `previousSecret` with `rotatedAt`. */
  rotateSecret(id: string, secret: string, check?: WebhookCheck): Promise<WebhookRecord>;
  /** Removes the webhook, its deliveries and their attempts, and the events no other webhook still has. */
  delete(id: string, check?: WebhookCheck): Promise<void>;
  /** Newest first: the first `limit` before `beforeSeq`, each with its attempts; `status` filters. */
  deliveries(
    webhookId: string,
    page: { limit: number; beforeSeq: number; status?: DeliveryStatus },
  ): Promise<Page<DeliveryLogEntry>>;
  /** Makes a delivery (pending, succeeded or failed) due at `now`, with a fresh series of retries. */
  retry(webhookId: string, deliveryId: string, now?: number): Promise<void>;
  /** Records a `webhook.test` event for this webhook alone (subscribed or not); answers its delivery's id. */
  test(webhookId: string, now?: number): Promise<string>;
}

/** A delivery a dispatcher holds: what it needs to sign and send it. */
export type ClaimedDelivery = Pick<DeliveryRecord, 'id' | 'webhookId' | 'eventId' | 'failures'> & {
  /** The lease's token: only its holder may record the outcome (see DeliveryQueue.settle). */
  claim: string;
  webhook: Pick<WebhookRecord, 'url' | 'secret' | 'previousSecret' | 'rotatedAt'>;
  event: Pick<WebhookEventRecord, 'type' | 'resourceId' | 'data' | 'createdAt'>;
};

/** What the dispatcher decided once an attempt ended (the retry policy is the dispatcher's, not the store's). */
export type Settlement =
  | {
      /** Stopped by a shutdown: not an attempt. The claim is given back and the delivery is due at `dueAt`. */
      kind: 'release';
      deliveryId: string;
      claim: string;
      dueAt: number;
    }
  | {
      kind: 'attempt';
      deliveryId: string;
      claim: string;
      webhookId: string;
      status: DeliveryStatus;
      failures: number;
      /** When it is tried next; null once it has ended. */
      nextAttemptAt: number | null;
      attempt: Pick<AttemptRecord, 'at' | 'statusCode' | 'error' | 'durationMs'>;
      /** The receiver answered 410 Gone: disable the webhook and fail its pending deliveries. */
      disableWebhook: boolean;
    };

/**
 * The outbox's deliveries as the dispatcher works them, safe with many dispatchers (processes, instances) on one
 * database: a delivery is claimed by exactly one of them at a time.
 */
export interface DeliveryQueue {
  /**
   * Claims up to `limit` deliveries due at `now` (pending, of an enabled webhook), soonest due first, under one
   * fresh claim token, and pushes their `nextAttemptAt` to `leaseUntil`: no other dispatcher sees them as due
   * until then (a dispatcher killed mid-attempt leaves its lease to lapse). Answers each with its webhook and
   * event; a delivery whose webhook or event went away meanwhile is left out.
   */
  claim(request: { now: number; limit: number; leaseUntil: number }): Promise<ClaimedDelivery[]>;
  /**
   * Stores the rendered `data` (JSON text) of events that had none, by event id. An event some other dispatcher
   * rendered first keeps its data: the answer is the data each event now has, so every attempt and every webhook
   * sends the same body.
   */
  storeEventData(rendered: Map<string, string>): Promise<Map<string, string>>;
  /**
   * Records outcomes in one transaction. A settlement whose claim no longer holds its delivery (its lease lapsed
   * and another dispatcher took it, a replay reset it, a 410 failed it) is dropped, attempt and all. Answers the
   * webhooks it disabled (`disableWebhook` on one still enabled).
   */
  settle(settlements: Settlement[], now: number): Promise<string[]>;
  /**
   * Records `article.published` for every scheduled article whose time came since the last sweep (on any
   * instance), each exactly once across restarts and instances; answers how many.
   */
  sweepScheduled(now: number): Promise<number>;
}
