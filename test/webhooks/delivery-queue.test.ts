// The DeliveryQueue's promises (webhooks.store.ts), on the SQLite implementation: a claim is exclusive across
// dispatchers on one database, an outcome counts only under the claim that holds the delivery, the first rendered
// data of an event is the one kept, and a 410 disables its webhook once.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, type Db, openDatabase } from '../../src/db/client.js';
import { createOutbox } from '../../src/webhooks/outbox.js';
import { newSecret } from '../../src/webhooks/signature.js';
import { createSqliteDeliveryQueue, createSqliteWebhooksStore } from '../../src/webhooks/webhooks.sqlite.js';
import type { DeliveryQueue, WebhooksStore } from '../../src/webhooks/webhooks.store.js';
import { tempDataDir } from '../helpers/app.js';

const NOW = 1_800_000_000_000;
const LEASE = { now: NOW, leaseUntil: NOW + 15_000 };

let dataDir: string;
let db: Db;
let other: Db;
let store: WebhooksStore;
let queue: DeliveryQueue;

beforeEach(() => {
  dataDir = tempDataDir();
  db = openDatabase({ dataDir });
  other = openDatabase({ dataDir });
  store = createSqliteWebhooksStore(db);
  queue = createSqliteDeliveryQueue(db);
});
afterEach(() => {
  closeDatabase(other);
  closeDatabase(db);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function subscribe(events = ['*']) {
  return store.create({
    url: 'https://hooks.example.com/',
    events,
    description: null,
    enabled: true,
    secret: newSecret(),
  });
}

/** Records `n` quote.created events the way a content write does: inside its own transaction. */
function recordQuotes(n: number, now = NOW - 1_000): Promise<void> {
  const outbox = createOutbox(db.$client);
  return db.writer.run(() => {
    for (let i = 0; i < n; i += 1) outbox.record('quote.created', `quote-${i}`, now);
  });
}

describe('DeliveryQueue (SQLite)', () => {
  it('gives each due delivery to one dispatcher only, with its webhook and event', async () => {
    const hook = await subscribe(['quote.created']);
    await recordQuotes(5);
    const second = createSqliteDeliveryQueue(other);
    const [a, b] = await Promise.all([queue.claim({ ...LEASE, limit: 3 }), second.claim({ ...LEASE, limit: 3 })]);
    expect(a.length + b.length).toBe(5);
    expect(new Set([...a, ...b].map((d) => d.id)).size).toBe(5);
    expect(a[0]).toMatchObject({
      webhookId: hook.id,
      failures: 0,
      webhook: { url: hook.url, secret: hook.secret, previousSecret: null, rotatedAt: null },
      event: { type: 'quote.created', data: null, createdAt: NOW - 1_000 },
    });
    // Leased: not due again until the lease is over.
    expect(await queue.claim({ ...LEASE, limit: 10 })).toEqual([]);
    expect(await queue.claim({ now: NOW + 15_000, leaseUntil: NOW + 30_000, limit: 10 })).toHaveLength(5);
  });

  it('records an outcome only under the claim that holds the delivery', async () => {
    const hook = await subscribe();
    await recordQuotes(1);
    const [first] = await queue.claim({ ...LEASE, limit: 1 });
    // The lease lapses and another dispatcher takes the delivery over.
    const [taken] = await createSqliteDeliveryQueue(other).claim({
      now: NOW + 15_000,
      leaseUntil: NOW + 30_000,
      limit: 1,
    });
    expect(taken!.id).toBe(first!.id);
    const attempt = { at: NOW, statusCode: 200, error: null, durationMs: 12 };
    const settled = (claim: string) =>
      queue.settle(
        [
          {
            kind: 'attempt',
            deliveryId: first!.id,
            claim,
            webhookId: hook.id,
            status: 'succeeded',
            failures: 0,
            nextAttemptAt: null,
            attempt,
            disableWebhook: false,
          },
        ],
        NOW,
      );
    await settled(first!.claim);
    let log = await store.deliveries(hook.id, { limit: 10, beforeSeq: Number.MAX_SAFE_INTEGER });
    expect(log.rows[0]).toMatchObject({ status: 'pending', attempts: [] });
    await settled(taken!.claim);
    log = await store.deliveries(hook.id, { limit: 10, beforeSeq: Number.MAX_SAFE_INTEGER });
    expect(log.rows[0]).toMatchObject({ status: 'succeeded', attempts: [attempt] });
  });

  it('keeps the data first stored for an event', async () => {
    await subscribe();
    await recordQuotes(1);
    const [claimed] = await queue.claim({ ...LEASE, limit: 1 });
    const first = await queue.storeEventData(new Map([[claimed!.eventId, '{"id":"first"}']]));
    const second = await createSqliteDeliveryQueue(other).storeEventData(
      new Map([[claimed!.eventId, '{"id":"second"}']]),
    );
    expect(first.get(claimed!.eventId)).toBe('{"id":"first"}');
    expect(second.get(claimed!.eventId)).toBe('{"id":"first"}');
  });

  it('a 410 disables the webhook once and fails its pending deliveries; a released claim is due at once', async () => {
    const hook = await subscribe();
    await recordQuotes(3);
    const [one, two] = await queue.claim({ ...LEASE, limit: 2 });
    await queue.settle([{ kind: 'release', deliveryId: two!.id, claim: two!.claim, dueAt: NOW }], NOW);
    const again = await queue.claim({ ...LEASE, limit: 10 });
    expect(again.map((d) => d.id)).toContain(two!.id);
    const gone = {
      kind: 'attempt' as const,
      deliveryId: one!.id,
      claim: one!.claim,
      webhookId: hook.id,
      status: 'failed' as const,
      failures: 1,
      nextAttemptAt: null,
      attempt: { at: NOW, statusCode: 410, error: null, durationMs: 3 },
      disableWebhook: true,
    };
    expect(await queue.settle([gone], NOW)).toEqual([hook.id]);
    const read = await store.get(hook.id);
    expect(read).toMatchObject({ enabled: false, version: 2 });
    const log = await store.deliveries(hook.id, { limit: 10, beforeSeq: Number.MAX_SAFE_INTEGER, status: 'failed' });
    expect(log.total).toBe(3);
    // A disabled webhook's deliveries wait: a test event is claimed only once it is enabled again.
    await store.test(hook.id, NOW);
    expect(await queue.claim({ ...LEASE, limit: 10 })).toEqual([]);
    await store.update(hook.id, { enabled: true });
    expect(await queue.claim({ ...LEASE, limit: 10 })).toHaveLength(1);
  });
});
