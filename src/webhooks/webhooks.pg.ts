import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, inArray, isNull, lt, lte, notExists, type SQL, sql } from 'drizzle-orm';
import type { PgDb } from '../db/pg-client.js';
import { type PgRunner, type PgTx, pgWrite } from '../db/pg-tx.js';
import {
  articles,
  webhookAttempts,
  webhookDeliveries,
  webhookEvents,
  webhookState,
  webhooks,
} from '../db/schema.pg.js';
import { problems } from '../http/problems.js';
import { newId } from '../shared/ids.js';
import { pgSweepScheduled, recordPgEvent } from './outbox.pg.js';
import type {
  ClaimedDelivery,
  DeliveryLogEntry,
  DeliveryQueue,
  WebhookRecord,
  WebhooksStore,
} from './webhooks.store.js';

// The PostgreSQL implementation of webhooks.store.ts, as webhooks.sqlite.ts on SQLite: the same operations, rows
// and problems. Every write is one transaction through pgWrite (db/pg-tx.ts); the row a write changes is read
// `FOR UPDATE` first, so the If-Match check (`check`) sees the row the write then changes.

// The version counts up, and updated_at moves forward even when two writes share a millisecond (the ETag is made
// of both): SQLite's two-argument max() is greatest() here.
const nextVersion = sql`${webhooks.version} + 1`;
const nextUpdatedAt = (now: number): SQL => sql`greatest(${now}::bigint, ${webhooks.updatedAt} + 1)`;

/** Whether PostgreSQL's text can hold `value`: it cannot hold NUL, so no stored id has one. */
const storable = (value: string): boolean => !value.includes('\u0000');

/**
 * A page bound on `seq` as a bigint can hold it. The routes pass what a cursor says, which may be any number
 * (1.5, 1e300): SQLite compares it as it is, PostgreSQL refuses a non-integer bigint. `seq` is an integer below
 * 2^53, so rounding toward the side that keeps the same rows and clamping to ±2^53 changes no answer.
 */
function seqBound(value: number, round: (n: number) => number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(-Number.MAX_SAFE_INTEGER, round(value)));
}

/** The webhook, or the 404 problem naming it; `lock` reads it FOR UPDATE (inside a write). */
async function getWebhook(runner: PgRunner, id: string, lock = false): Promise<WebhookRecord> {
  if (storable(id)) {
    const query = runner.select().from(webhooks).where(eq(webhooks.id, id));
    const [row] = lock ? await query.for('update') : await query;
    if (row) return row;
  }
  throw problems.notFound('webhook', id);
}

export function createPgWebhooksStore(db: PgDb): WebhooksStore {
  const orm = db.orm;
  const d = webhookDeliveries;

  return {
    get(id) {
      return getWebhook(orm, id);
    },

    create(input, now = Date.now()) {
      return pgWrite(db, async (tx) => {
        const [row] = await tx
          .insert(webhooks)
          .values({
            id: newId(now),
            url: input.url,
            events: JSON.stringify(input.events),
            description: input.description,
            enabled: input.enabled,
            secret: input.secret,
            version: 1,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        return row as WebhookRecord;
      });
    },

    async list({ limit, afterSeq }) {
      const after = seqBound(afterSeq, Math.floor);
      const [rows, counted] = await Promise.all([
        orm
          .select()
          .from(webhooks)
          .where(gt(webhooks.seq, after))
          .orderBy(asc(webhooks.seq))
          .limit(limit + 1),
        orm.select({ n: count() }).from(webhooks),
      ]);
      return { rows: rows.slice(0, limit), total: counted[0]?.n ?? 0, more: rows.length > limit };
    },

    update(id, changes, check) {
      return pgWrite(db, async (tx) => {
        const current = await getWebhook(tx, id, true);
        check?.(current);
        const [row] = await tx
          .update(webhooks)
          .set({
            url: changes.url ?? current.url,
            events: changes.events ? JSON.stringify(changes.events) : current.events,
            description: changes.description === undefined ? current.description : changes.description,
            enabled: changes.enabled ?? current.enabled,
            version: nextVersion,
            updatedAt: nextUpdatedAt(Date.now()),
          })
          .where(eq(webhooks.id, id))
          .returning();
        return row as WebhookRecord;
      });
    },

    rotateSecret(id, secret, check) {
      return pgWrite(db, async (tx) => {
        check?.(await getWebhook(tx, id, true));
        const now = Date.now();
        const [row] = await tx
          .update(webhooks)
          .set({
            previousSecret: sql`${webhooks.secret}`,
            secret,
            rotatedAt: now,
            version: nextVersion,
            updatedAt: nextUpdatedAt(now),
          })
          .where(eq(webhooks.id, id))
          .returning();
        return row as WebhookRecord;
      });
    },

    delete(id, check) {
      return pgWrite(db, async (tx) => {
        check?.(await getWebhook(tx, id, true));
        // Deliveries and their attempts go with it (ON DELETE CASCADE); events are shared by the webhooks they
        // went to, and go once none has a delivery of them.
        await tx.delete(webhooks).where(eq(webhooks.id, id));
        await tx
          .delete(webhookEvents)
          .where(notExists(tx.select({ one: sql`1` }).from(d).where(eq(d.eventId, webhookEvents.id))));
      });
    },

    async deliveries(webhookId, query) {
      await getWebhook(orm, webhookId);
      const before = seqBound(query.beforeSeq, Math.ceil);
      const ofWebhook = and(
        eq(d.webhookId, webhookId),
        query.status === undefined ? undefined : eq(d.status, query.status),
      );
      const [rows, counted] = await Promise.all([
        orm
          .select({
            seq: d.seq,
            id: d.id,
            type: webhookEvents.type,
            status: d.status,
            createdAt: d.createdAt,
            nextAttemptAt: d.nextAttemptAt,
          })
          .from(d)
          .innerJoin(webhookEvents, eq(webhookEvents.id, d.eventId))
          .where(and(ofWebhook, lt(d.seq, before)))
          .orderBy(desc(d.seq))
          .limit(query.limit + 1),
        orm.select({ n: count() }).from(d).where(ofWebhook),
      ]);
      const shown = rows.slice(0, query.limit);
      const byDelivery = new Map<string, DeliveryLogEntry['attempts']>(shown.map((row) => [row.id, []]));
      if (shown.length > 0) {
        const attempts = await orm
          .select({
            deliveryId: webhookAttempts.deliveryId,
            at: webhookAttempts.at,
            statusCode: webhookAttempts.statusCode,
            error: webhookAttempts.error,
            durationMs: webhookAttempts.durationMs,
          })
          .from(webhookAttempts)
          .where(inArray(webhookAttempts.deliveryId, [...byDelivery.keys()]))
          .orderBy(asc(webhookAttempts.seq));
        for (const { deliveryId, ...attempt } of attempts) byDelivery.get(deliveryId)?.push(attempt);
      }
      return {
        rows: shown.map((row) => ({ ...row, attempts: byDelivery.get(row.id) ?? [] })),
        total: counted[0]?.n ?? 0,
        more: rows.length > query.limit,
      };
    },

    async retry(webhookId, deliveryId, now = Date.now()) {
      const replayed = await pgWrite(db, async (tx) => {
        // Locked, as in test(): a delete of the webhook at the same moment comes wholly before or after this.
        await getWebhook(tx, webhookId, true);
        if (!storable(deliveryId)) return false;
        const rows = await tx
          .update(d)
          .set({ status: 'pending', failures: 0, nextAttemptAt: now, claim: null })
          .where(and(eq(d.id, deliveryId), eq(d.webhookId, webhookId)))
          .returning({ id: d.id });
        return rows.length > 0;
      });
      if (!replayed) throw problems.notFound(`delivery of webhook ${webhookId}`, deliveryId);
    },

    test(webhookId, now = Date.now()) {
      return pgWrite(db, async (tx) => {
        // Locked: a delete of the webhook at the same moment waits, or has happened (a 404, not a foreign key
        // violation on the delivery), as SQLite's one writer orders them.
        const row = await getWebhook(tx, webhookId, true);
        const data = { webhookId: row.id, message: 'A test event: nothing changed.' };
        return (await recordPgEvent(tx, 'webhook.test', row.id, now, { data, webhookId: row.id })) as string;
      });
    },
  };
}

/**
 * The dispatcher's side on PostgreSQL. A claim is one `UPDATE … WHERE seq IN (SELECT … LIMIT n FOR UPDATE SKIP
 * LOCKED) RETURNING`: of several dispatchers (instances) claiming at once, each takes rows no other has locked, so
 * a delivery goes to exactly one of them; a row another claim has just moved past `now` is re-checked once its lock
 * is free (READ COMMITTED) and left out.
 */
export function createPgDeliveryQueue(db: PgDb): DeliveryQueue {
  const orm = db.orm;
  const d = webhookDeliveries;
  const due = (now: number) => and(eq(d.status, 'pending'), lte(d.nextAttemptAt, now), eq(webhooks.enabled, true));
  const ours = (id: string, claim: string) => and(eq(d.id, id), eq(d.claim, claim));
  const eventColumns = {
    type: webhookEvents.type,
    resourceId: webhookEvents.resourceId,
    data: webhookEvents.data,
    createdAt: webhookEvents.createdAt,
  };

  /**
   * Whether a sweep may have anything to write: no mark yet (the first sweep sets it), or a scheduled article whose
   * time came after it. A sweep that finds nothing writes nothing on SQLite (outbox.ts), and a write here would
   * empty this instance's caches (pgWrite moves the change feed) every time the dispatcher sweeps.
   */
  async function sweepMayWrite(now: number): Promise<boolean> {
    const [mark] = await orm
      .select({ value: webhookState.value })
      .from(webhookState)
      .where(eq(webhookState.name, 'scheduled_until'));
    if (mark === undefined) return true;
    if (mark.value >= now) return false;
    const found = await orm
      .select({ one: sql`1` })
      .from(articles)
      .where(
        and(
          eq(articles.status, 'published'),
          gt(articles.publishedAt, mark.value),
          lte(articles.publishedAt, now),
          gt(articles.publishedAt, articles.updatedAt),
        ),
      )
      .limit(1);
    return found.length > 0;
  }

  return {
    async claim({ now, limit, leaseUntil }) {
      if (limit <= 0) return [];
      // NOTE: an idle dispatcher looks with a read first: a claim is a write, and every write empties this
      // instance's response caches (pgWrite moves the change feed).
      const any = await orm
        .select({ one: sql`1` })
        .from(d)
        .innerJoin(webhooks, eq(webhooks.id, d.webhookId))
        .where(due(now))
        .limit(1);
      if (any.length === 0) return [];
      const claim = randomUUID();
      return pgWrite(db, async (tx) => {
        const picked = tx
          .select({ seq: d.seq })
          .from(d)
          .innerJoin(webhooks, eq(webhooks.id, d.webhookId))
          .where(due(now))
          .orderBy(asc(d.nextAttemptAt))
          .limit(limit)
          .for('update', { of: d, skipLocked: true });
        const rows = await tx
          .update(d)
          .set({ claim, nextAttemptAt: leaseUntil })
          .where(inArray(d.seq, picked))
          .returning({ seq: d.seq, id: d.id, webhookId: d.webhookId, eventId: d.eventId, failures: d.failures });
        // In seq order, as SQLite's UPDATE returns them.
        rows.sort((x, y) => x.seq - y.seq);
        const claimed: ClaimedDelivery[] = [];
        for (const { seq: _seq, ...row } of rows) {
          const [webhook] = await tx
            .select({
              url: webhooks.url,
              secret: webhooks.secret,
              previousSecret: webhooks.previousSecret,
              rotatedAt: webhooks.rotatedAt,
            })
            .from(webhooks)
            .where(eq(webhooks.id, row.webhookId));
          const [event] = await tx.select(eventColumns).from(webhookEvents).where(eq(webhookEvents.id, row.eventId));
          if (webhook && event) claimed.push({ ...row, claim, webhook, event });
        }
        return claimed;
      });
    },

    storeEventData(rendered) {
      return pgWrite(db, async (tx) => {
        const stored = new Map<string, string>();
        for (const [id, data] of rendered) {
          // The row is locked by the update (or was written by a transaction that committed first): what it holds
          // after this statement is what every attempt sends.
          await tx
            .update(webhookEvents)
            .set({ data })
            .where(and(eq(webhookEvents.id, id), isNull(webhookEvents.data)));
          const [event] = await tx
            .select({ data: webhookEvents.data })
            .from(webhookEvents)
            .where(eq(webhookEvents.id, id));
          stored.set(id, event?.data ?? data);
        }
        return stored;
      });
    },

    settle(settlements, now) {
      return pgWrite(db, async (tx) => {
        const disabled: string[] = [];
        for (const s of settlements) {
          if (s.kind === 'release') {
            await tx.update(d).set({ nextAttemptAt: s.dueAt, claim: null }).where(ours(s.deliveryId, s.claim));
            continue;
          }
          const held = await tx
            .update(d)
            .set({ status: s.status, failures: s.failures, nextAttemptAt: s.nextAttemptAt, claim: null })
            .where(ours(s.deliveryId, s.claim))
            .returning({ id: d.id });
          if (held.length === 0) continue;
          await tx.insert(webhookAttempts).values({ deliveryId: s.deliveryId, ...s.attempt });
          if (s.disableWebhook) {
            if (await disable(tx, s.webhookId, now)) disabled.push(s.webhookId);
            await tx
              .update(d)
              .set({ status: 'failed', nextAttemptAt: null, claim: null })
              .where(and(eq(d.webhookId, s.webhookId), eq(d.status, 'pending')));
          }
        }
        return disabled;
      });
    },

    async sweepScheduled(now) {
      if (!(await sweepMayWrite(now))) return 0;
      return pgWrite(db, (tx) => pgSweepScheduled(tx, now));
    },
  };
}

/** Disables a webhook still enabled (a 410 from its receiver); answers whether it was. */
async function disable(tx: PgTx, id: string, now: number): Promise<boolean> {
  const rows = await tx
    .update(webhooks)
    .set({ enabled: false, version: nextVersion, updatedAt: nextUpdatedAt(now) })
    .where(and(eq(webhooks.id, id), eq(webhooks.enabled, true)))
    .returning({ id: webhooks.id });
  return rows.length > 0;
}
