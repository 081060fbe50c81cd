// The DeliveryQueue's promises (webhooks.store.ts), on the engine under test (TEST_DB): a claim is exclusive across
// dispatchers on one database, an outcome counts only under the claim that holds the delivery, the first rendered
// data of an event is the one kept, and a 410 disables its webhook once. "Two dispatchers" are two connections to
// one database: two SQLite connections to one file, or two PostgreSQL pools (two instances).
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, type Db, openDatabase } from '../../src/db/client.js';
import { openPostgres, type PgDb } from '../../src/db/pg-client.js';
import { pgWrite } from '../../src/db/pg-tx.js';
import { createOutbox } from '../../src/webhooks/outbox.js';
import { recordPgEvent } from '../../src/webhooks/outbox.pg.js';
import { newSecret } from '../../src/webhooks/signature.js';
import { createPgDeliveryQueue, createPgWebhooksStore } from '../../src/webhooks/webhooks.pg.js';
import { createSqliteDeliveryQueue, createSqliteWebhooksStore } from '../../src/webhooks/webhooks.sqlite.js';
import type { DeliveryQueue, WebhooksStore } from '../../src/webhooks/webhooks.store.js';
import { TEST_ENGINE, tempDataDir } from '../helpers/app.js';
import { describePg, usePgDatabase } from '../helpers/pg.js';

const NOW = 1_800_000_000_000;
const LEASE = { now: NOW, leaseUntil: NOW + 15_000 };

let store: WebhooksStore;
let queue: DeliveryQueue;
/** The queue of a second dispatcher on the same database (its own connection). */
let otherQueue: () => DeliveryQueue;
/** Records `n` quote.created events the way a content write does: inside its own transaction. */
let recordQuotes: (n: number, now?: number) => Promise<void>;

if (TEST_ENGINE === 'postgres') {
  describePg('on PostgreSQL', () => {
    // A fresh database per test: each counts what the queue holds.
    const database = usePgDatabase({ perTest: true });
    let other: PgDb;
    beforeEach(async () => {
      const db = database.db;
      other = await openPostgres(database.url, { migrate: false, max: 4 });
      store = createPgWebhooksStore(db);
      queue = createPgDeliveryQueue(db);
      otherQueue = () => createPgDeliveryQueue(other);
      recordQuotes = (n, now = NOW - 1_000) =>
        pgWrite(db, async (tx) => {
          for (let i = 0; i < n; i += 1) await recordPgEvent(tx, 'quote.created', `quote-${i}`, now);
        });
    });
    afterEach(async () => {
      await other?.close();
    });
    queueTests('PostgreSQL');
  });
} else {
  describe('on SQLite', () => {
    let dataDir: string;
    let db: Db;
    let other: Db;
    beforeEach(() => {
      dataDir = tempDataDir();
      db = openDatabase({ dataDir });
      other = openDatabase({ dataDir });
      store = createSqliteWebhooksStore(db);
      queue = createSqliteDeliveryQueue(db);
      otherQueue = () => createSqliteDeliveryQueue(other);
      recordQuotes = (n, now = NOW - 1_000) => {
        const outbox = createOutbox(db.$client);
        return db.writer.run(() => {
          for (let i = 0; i < n; i += 1) outbox.record('quote.created', `quote-${i}`, now);
        });
      };
    });
    afterEach(() => {
      closeDatabase(other);
      closeDatabase(db);
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    queueTests('SQLite');
  });
}

async function subscribe(events = ['*']) {
  return store.create({
    url: 'https://hooks.example.com/',
    events,
    description: null,
    enabled: true,
    secret: newSecret(),
  });
}

function queueTests(engine: string) {
  describe(`DeliveryQueue (${engine})`, () => {
    it('gives each due delivery to one dispatcher only, with its webhook and event', async () => {
      const hook = await subscribe(['quote.created']);
      await recordQuotes(5);
      const second = otherQueue();
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

    it('of four dispatchers claiming at once, round after round, exactly one takes each delivery', async () => {
      await subscribe(['quote.created']);
      await recordQuotes(120);
      const queues = [queue, otherQueue(), queue, otherQueue()];
      const taken: string[] = [];
      for (let round = 0; round < 10; round += 1) {
        const claims = await Promise.all(queues.map((q) => q.claim({ ...LEASE, limit: 5 })));
        for (const claimed of claims) taken.push(...claimed.map((d) => d.id));
      }
      expect(taken).toHaveLength(120);
      expect(new Set(taken).size).toBe(120);
      expect(await queue.claim({ ...LEASE, limit: 10 })).toEqual([]);
    });

    it('records an outcome only under the claim that holds the delivery', async () => {
      const hook = await subscribe();
      await recordQuotes(1);
      const [first] = await queue.claim({ ...LEASE, limit: 1 });
      // The lease lapses and another dispatcher takes the delivery over.
      const [taken] = await otherQueue().claim({
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
      const second = await otherQueue().storeEventData(new Map([[claimed!.eventId, '{"id":"second"}']]));
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
}
