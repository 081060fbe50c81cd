import { makeEtag } from '../shared/etag.js';
import { toIso, toIsoOrNull } from '../shared/time.js';
import type { DeliveryLogEntry, WebhookRecord } from './webhooks.store.js';

/** The webhook as the API shows it: never its secret. */
export function toWebhook(row: WebhookRecord) {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    description: row.description,
    enabled: row.enabled,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

export function webhookEtag(row: Pick<WebhookRecord, 'version' | 'updatedAt'>): string {
  return makeEtag('w', row.version, row.updatedAt);
}

/** A line of the delivery log as the API shows it; only a pending delivery has a next attempt. */
export function toDelivery(entry: DeliveryLogEntry) {
  return {
    id: entry.id,
    event: entry.type,
    status: entry.status,
    createdAt: toIso(entry.createdAt),
    nextAttemptAt: entry.status === 'pending' ? toIsoOrNull(entry.nextAttemptAt) : null,
    attempts: entry.attempts.map((a) => ({
      at: toIso(a.at),
      statusCode: a.statusCode,
      error: a.error,
      durationMs: a.durationMs,
    })),
  };
}
