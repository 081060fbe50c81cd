import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import type { WebhookEvent } from '../db/enums.js';
import type { PgRunner } from '../db/pg-tx.js';
import { articles, webhookDeliveries, webhookEvents, webhookState, webhooks } from '../db/schema.pg.js';
import { newId } from '../shared/ids.js';

// The webhook outbox on PostgreSQL: what outbox.ts does on SQLite, with the same rules, each function running in
// the caller's transaction (`tx`), so an acknowledged write has recorded its deliveries. Every PostgreSQL store
// that writes content calls these inside its own pgWrite (db/pg-tx.ts).

const SCHEDULED_UNTIL = 'scheduled_until';

/** The enabled webhooks subscribed to `type` (events is the JSON text of a list of names, or ["*"]). */
async function subscribers(tx: PgRunner, type: WebhookEvent): Promise<string[]> {
  // jsonb's `?|` asks whether the list holds either name: the builder has no JSON operators.
  const rows = await tx
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(and(eq(webhooks.enabled, true), sql`${webhooks.events}::jsonb ?| array[${type}, '*']`));
  return rows.map((row) => row.id);
}

/**
 * Records an event (and one pending delivery per target) in the caller's transaction, as outbox.ts `record`:
 * `data` stored at once when given, `webhookId` sends to that webhook alone. Returns the last delivery's id, or null.
 */
export async function recordPgEvent(
  tx: PgRunner,
  type: WebhookEvent,
  resourceId: string,
  now: number,
  options: { data?: unknown; webhookId?: string } = {},
): Promise<string | null> {
  const targets = options.webhookId ? [options.webhookId] : await subscribers(tx, type);
  if (targets.length === 0) return null;
  const eventId = newId(now);
  const data = options.data === undefined ? null : JSON.stringify(options.data);
  await tx.insert(webhookEvents).values({ id: eventId, type, resourceId, data, createdAt: now });
  const deliveries = targets.map((webhookId) => ({
    id: newId(now),
    webhookId,
    eventId,
    status: 'pending' as const,
    failures: 0,
    nextAttemptAt: now,
    createdAt: now,
  }));
  await tx.insert(webhookDeliveries).values(deliveries);
  return deliveries[deliveries.length - 1]?.id ?? null;
}

/** Whether any webhook is enabled: a write to an article skips the event rules when none is. */
export async function pgOutboxActive(tx: PgRunner): Promise<boolean> {
  const rows = await tx.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.enabled, true)).limit(1);
  return rows.length > 0;
}

async function scheduledUntil(tx: PgRunner): Promise<number | undefined> {
  const rows = await tx
    .select({ value: webhookState.value })
    .from(webhookState)
    .where(eq(webhookState.name, SCHEDULED_UNTIL));
  return rows[0]?.value;
}

/**
 * Whether the article was public and announced before a write (outbox.ts wasAnnounced): a scheduled article whose
 * time has come but which the sweep has not reached yet counts as not public, so the write announces it itself.
 */
export async function pgWasAnnounced(
  tx: PgRunner,
  row: { status: string; publishedAt: number | null; updatedAt: number },
  now: number,
): Promise<boolean> {
  if (row.status !== 'published' || row.publishedAt === null || row.publishedAt > now) return false;
  if (row.publishedAt <= row.updatedAt) return true;
  const until = await scheduledUntil(tx);
  return until !== undefined && row.publishedAt <= until;
}

/**
 * Records `article.published` for every scheduled article whose time came since the last sweep and moves the
 * mark to `now` (outbox.ts sweepScheduled). The mark's row is locked first (`FOR UPDATE`): of several instances
 * sweeping at once one records, the others then find the mark moved and record nothing.
 */
export async function pgSweepScheduled(tx: PgRunner, now: number): Promise<number> {
  const locked = await tx
    .select({ value: webhookState.value })
    .from(webhookState)
    .where(eq(webhookState.name, SCHEDULED_UNTIL))
    .for('update');
  const from = locked[0]?.value;
  if (from === undefined) {
    await tx.insert(webhookState).values({ name: SCHEDULED_UNTIL, value: now }).onConflictDoNothing();
    return 0;
  }
  if (from >= now) return 0;
  const due = await tx
    .select({ id: articles.id })
    .from(articles)
    .where(
      and(
        eq(articles.status, 'published'),
        gt(articles.publishedAt, from),
        lte(articles.publishedAt, now),
        gt(articles.publishedAt, articles.updatedAt),
      ),
    )
    .orderBy(asc(articles.publishedAt), asc(articles.id));
  if (due.length === 0) return 0;
  for (const { id } of due) await recordPgEvent(tx, 'article.published', id, now);
  await tx.update(webhookState).set({ value: now }).where(eq(webhookState.name, SCHEDULED_UNTIL));
  return due.length;
}
