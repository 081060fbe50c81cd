import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, inArray, isNull, lt, lte, notExists, sql } from 'drizzle-orm';
import { param } from '../db/builder.js';
import type { Db } from '../db/client.js';
import type { DeliveryStatus } from '../db/enums.js';
import { webhookAttempts, webhookDeliveries, webhookEvents, webhooks } from '../db/schema.js';
import { problems } from '../http/problems.js';
import { newId } from '../shared/ids.js';
import { createOutbox } from './outbox.js';
import type {
  AttemptRecord,
  ClaimedDelivery,
  DeliveryLogEntry,
  DeliveryQueue,
  WebhookRecord,
  WebhooksStore,
} from './webhooks.store.js';

// The SQLite implementation of webhooks.store.ts. Statements are prepared once, when a store is made; every write
// is one synchronous transaction through db.writer (see src/db/README.md).

const p = sql.placeholder;
// The builder has no arithmetic nor SQLite's two-argument max(): the version counts up, and updated_at moves
// forward even when two writes share a millisecond (the ETag is made of both).
const nextVersion = sql`${webhooks.version} + 1`;
const nextUpdatedAt = sql`max(${p('now')}, ${webhooks.updatedAt} + 1)`;

export function createSqliteWebhooksStore(db: Db): WebhooksStore {
  const orm = db.orm;
  const outbox = createOutbox(db);

  const byId = orm
    .select()
    .from(webhooks)
    .where(eq(webhooks.id, p('id')))
    .prepare();
  const insert = orm
    .insert(webhooks)
    .values({
      id: p('id'),
      url: p('url'),
      events: p('events'),
      description: p('description'),
      enabled: p('enabled'),
      secret: p('secret'),
      version: 1,
      createdAt: p('now'),
      updatedAt: p('now'),
    })
    .returning()
    .prepare();
  const update = orm
    .update(webhooks)
    .set({
      url: param('url'),
      events: param('events'),
      description: param('description'),
      enabled: param('enabled'),
      version: nextVersion,
      updatedAt: nextUpdatedAt,
    })
    .where(eq(webhooks.id, p('id')))
    .returning()
    .prepare();
  const rotate = orm
    .update(webhooks)
    .set({
      previousSecret: webhooks.secret,
      secret: param('secret'),
      rotatedAt: param('now'),
      version: nextVersion,
      updatedAt: nextUpdatedAt,
    })
    .where(eq(webhooks.id, p('id')))
    .returning()
    .prepare();
  // Deliveries and their attempts go with it (ON DELETE CASCADE); events are shared by the webhooks they went to.
  const remove = orm
    .delete(webhooks)
    .where(eq(webhooks.id, p('id')))
    .prepare();
  const removeOrphanEvents = orm
    .delete(webhookEvents)
    .where(
      notExists(
        orm.select({ one: sql`1` }).from(webhookDeliveries).where(eq(webhookDeliveries.eventId, webhookEvents.id)),
      ),
    )
    .prepare();
  const total = orm.select({ n: count() }).from(webhooks).prepare();
  const page = orm
    .select()
    .from(webhooks)
    .where(gt(webhooks.seq, p('after')))
    .orderBy(asc(webhooks.seq))
    .limit(p('limit'))
    .prepare();

  const d = webhookDeliveries;
  const logColumns = {
    seq: d.seq,
    id: d.id,
    type: webhookEvents.type,
    status: d.status,
    createdAt: d.createdAt,
    nextAttemptAt: d.nextAttemptAt,
  };
  const logPage = (status: boolean) =>
    orm
      .select(logColumns)
      .from(d)
      .innerJoin(webhookEvents, eq(webhookEvents.id, d.eventId))
      .where(
        and(eq(d.webhookId, p('webhookId')), status ? eq(d.status, p('status')) : undefined, lt(d.seq, p('before'))),
      )
      .orderBy(desc(d.seq))
      .limit(p('limit'))
      .prepare();
  const logCount = (status: boolean) =>
    orm
      .select({ n: count() })
      .from(d)
      .where(and(eq(d.webhookId, p('webhookId')), status ? eq(d.status, p('status')) : undefined))
      .prepare();
  // With and without the status filter: each its own statement, so each gets its own plan on the index.
  const log = { all: logPage(false), byStatus: logPage(true) };
  const logTotal = { all: logCount(false), byStatus: logCount(true) };
  // One statement for a page of any length: SQLite's json_each turns the JSON list of ids into rows (the
  // builder's inArray would need one placeholder per id, a new statement per page length).
  const attempts = orm
    .select({
      deliveryId: webhookAttempts.deliveryId,
      at: webhookAttempts.at,
      statusCode: webhookAttempts.statusCode,
      error: webhookAttempts.error,
      durationMs: webhookAttempts.durationMs,
    })
    .from(webhookAttempts)
    .where(inArray(webhookAttempts.deliveryId, sql`(SELECT value FROM json_each(${p('ids')}))`))
    .orderBy(asc(webhookAttempts.seq))
    .prepare();
  const replay = orm
    .update(d)
    .set({ status: 'pending', failures: 0, nextAttemptAt: param('now'), claim: null })
    .where(and(eq(d.id, p('id')), eq(d.webhookId, p('webhookId'))))
    .returning({ id: d.id })
    .prepare();

  /** The webhook, or the 404 problem naming it. */
  function get(id: string): WebhookRecord {
    const row = byId.get({ id });
    if (!row) throw problems.notFound('webhook', id);
    return row;
  }

  return {
    async get(id) {
      return get(id);
    },

    create(input, now = Date.now()) {
      return db.writer.run(
        () =>
          insert.get({
            id: newId(now),
            url: input.url,
            events: JSON.stringify(input.events),
            description: input.description,
            enabled: input.enabled,
            secret: input.secret,
            now,
          }) as WebhookRecord,
      );
    },

    async list({ limit, afterSeq }) {
      const rows = page.all({ after: afterSeq, limit: limit + 1 });
      return { rows: rows.slice(0, limit), total: total.get()?.n ?? 0, more: rows.length > limit };
    },

    update(id, changes, check) {
      return db.writer.run(() => {
        const current = get(id);
        check?.(current);
        return update.get({
          id,
          url: changes.url ?? current.url,
          events: changes.events ? JSON.stringify(changes.events) : current.events,
          description: changes.description === undefined ? current.description : changes.description,
          enabled: (changes.enabled ?? current.enabled) ? 1 : 0,
          now: Date.now(),
        }) as WebhookRecord;
      });
    },

    rotateSecret(id, secret, check) {
      return db.writer.run(() => {
        check?.(get(id));
        return rotate.get({ id, secret, now: Date.now() }) as WebhookRecord;
      });
    },

    delete(id, check) {
      return db.writer.run(() => {
        check?.(get(id));
        remove.run({ id });
        removeOrphanEvents.run();
      });
    },

    async deliveries(webhookId, query) {
      get(webhookId);
      const filter = query.status === undefined ? 'all' : 'byStatus';
      const params = { webhookId, status: query.status, before: query.beforeSeq, limit: query.limit + 1 };
      const rows = log[filter].all(params);
      const shown = rows.slice(0, query.limit);
      const byDelivery = new Map<string, DeliveryLogEntry['attempts']>(shown.map((row) => [row.id, []]));
      if (shown.length > 0) {
        for (const { deliveryId, ...attempt } of attempts.all({ ids: JSON.stringify(shown.map((row) => row.id)) })) {
          byDelivery.get(deliveryId)?.push(attempt);
        }
      }
      return {
        rows: shown.map((row) => ({ ...row, attempts: byDelivery.get(row.id) ?? [] })),
        total: logTotal[filter].get({ webhookId, status: query.status })?.n ?? 0,
        more: rows.length > query.limit,
      };
    },

    async retry(webhookId, deliveryId, now = Date.now()) {
      const replayed = await db.writer.run(() => {
        get(webhookId);
        return replay.get({ id: deliveryId, webhookId, now });
      });
      if (!replayed) throw problems.notFound(`delivery of webhook ${webhookId}`, deliveryId);
    },

    test(webhookId, now = Date.now()) {
      return db.writer.run(() => {
        const row = get(webhookId);
        const data = { webhookId: row.id, message: 'A test event: nothing changed.' };
        return outbox.record('webhook.test', row.id, now, { data, webhookId: row.id }) as string;
      });
    },
  };
}

/**
 * The dispatcher's side on SQLite. A claim is one `UPDATE … WHERE seq IN (SELECT … LIMIT n) RETURNING` in one
 * transaction: SQLite has one writer at a time, so two dispatchers (processes sharing the file) never take the
 * same delivery; on PostgreSQL the subquery takes its rows `FOR UPDATE SKIP LOCKED` for the same effect.
 */
export function createSqliteDeliveryQueue(db: Db): DeliveryQueue {
  const orm = db.orm;
  const outbox = createOutbox(db);
  const d = webhookDeliveries;
  const due = and(eq(d.status, 'pending'), lte(d.nextAttemptAt, p('now')), eq(webhooks.enabled, true));

  // NOTE: an UPDATE takes the database's write lock even when it matches nothing; an idle dispatcher looks with a
  // read first, so a quiet server does not contend with its own writes every poll.
  const anyDue = orm
    .select({ one: sql`1` })
    .from(d)
    .innerJoin(webhooks, eq(webhooks.id, d.webhookId))
    .where(due)
    .limit(1)
    .prepare();
  const claimMany = orm
    .update(d)
    .set({ claim: param('claim'), nextAttemptAt: param('leaseUntil') })
    .where(
      inArray(
        d.seq,
        orm
          .select({ seq: d.seq })
          .from(d)
          .innerJoin(webhooks, eq(webhooks.id, d.webhookId))
          .where(due)
          .orderBy(asc(d.nextAttemptAt))
          .limit(p('limit')),
      ),
    )
    .returning({ id: d.id, webhookId: d.webhookId, eventId: d.eventId, failures: d.failures })
    .prepare();
  const target = orm
    .select({
      url: webhooks.url,
      secret: webhooks.secret,
      previousSecret: webhooks.previousSecret,
      rotatedAt: webhooks.rotatedAt,
    })
    .from(webhooks)
    .where(eq(webhooks.id, p('id')))
    .prepare();
  const eventById = orm
    .select({
      type: webhookEvents.type,
      resourceId: webhookEvents.resourceId,
      data: webhookEvents.data,
      createdAt: webhookEvents.createdAt,
    })
    .from(webhookEvents)
    .where(eq(webhookEvents.id, p('id')))
    .prepare();
  const setEventData = orm
    .update(webhookEvents)
    .set({ data: param('data') })
    .where(and(eq(webhookEvents.id, p('id')), isNull(webhookEvents.data)))
    .prepare();
  const ours = and(eq(d.id, p('id')), eq(d.claim, p('claim')));
  const settle = orm
    .update(d)
    .set({ status: param('status'), failures: param('failures'), nextAttemptAt: param('next'), claim: null })
    .where(ours)
    .returning({ id: d.id })
    .prepare();
  const release = orm
    .update(d)
    .set({ nextAttemptAt: param('dueAt'), claim: null })
    .where(ours)
    .prepare();
  const insertAttempt = orm
    .insert(webhookAttempts)
    .values({
      deliveryId: p('deliveryId'),
      at: p('at'),
      statusCode: p('statusCode'),
      error: p('error'),
      durationMs: p('durationMs'),
    })
    .prepare();
  const disable = orm
    .update(webhooks)
    .set({ enabled: false, version: nextVersion, updatedAt: nextUpdatedAt })
    .where(and(eq(webhooks.id, p('id')), eq(webhooks.enabled, true)))
    .returning({ id: webhooks.id })
    .prepare();
  const failPending = orm
    .update(d)
    .set({ status: 'failed', nextAttemptAt: null, claim: null })
    .where(and(eq(d.webhookId, p('webhookId')), eq(d.status, 'pending')))
    .prepare();

  return {
    async claim({ now, limit, leaseUntil }) {
      if (limit <= 0 || anyDue.get({ now }) === undefined) return [];
      const claim = randomUUID();
      return db.writer.run(() => {
        const claimed: ClaimedDelivery[] = [];
        for (const row of claimMany.all({ claim, leaseUntil, now, limit })) {
          const webhook = target.get({ id: row.webhookId });
          const event = eventById.get({ id: row.eventId });
          if (webhook && event) claimed.push({ ...row, claim, webhook, event });
        }
        return claimed;
      });
    },

    storeEventData(rendered) {
      return db.writer.run(() => {
        const stored = new Map<string, string>();
        for (const [id, data] of rendered) {
          setEventData.run({ id, data });
          stored.set(id, eventById.get({ id })?.data ?? data);
        }
        return stored;
      });
    },

    settle(settlements, now) {
      return db.writer.run(() => {
        const disabled: string[] = [];
        for (const s of settlements) {
          if (s.kind === 'release') {
            release.run({ id: s.deliveryId, claim: s.claim, dueAt: s.dueAt });
            continue;
          }
          const held = settle.get({
            id: s.deliveryId,
            claim: s.claim,
            status: s.status satisfies DeliveryStatus,
            failures: s.failures,
            next: s.nextAttemptAt,
          });
          if (!held) continue;
          insertAttempt.run({ deliveryId: s.deliveryId, ...s.attempt } satisfies Omit<AttemptRecord, 'seq'>);
          if (s.disableWebhook) {
            if (disable.get({ id: s.webhookId, now })) disabled.push(s.webhookId);
            failPending.run({ webhookId: s.webhookId });
          }
        }
        return disabled;
      });
    },

    sweepScheduled(now) {
      return db.writer.run(() => outbox.sweepScheduled(now));
    },
  };
}
