import type { PgDb } from '../db/pg-client.js';
import { unbuilt } from '../db/pg-unbuilt.js';
import type { DeliveryQueue, WebhooksStore } from './webhooks.store.js';

export function createPgWebhooksStore(db: PgDb): WebhooksStore {
  void db;
  return unbuilt<WebhooksStore>('createPgWebhooksStore');
}

export function createPgDeliveryQueue(db: PgDb): DeliveryQueue {
  void db;
  return unbuilt<DeliveryQueue>('createPgDeliveryQueue');
}
