import type Database from 'better-sqlite3';
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import type { Db } from '../db/client.js';
import type { WebhookEvent } from '../db/enums.js';
import * as schema from '../db/schema.js';
import { newId } from '../shared/ids.js';

const { articles, webhookDeliveries, webhookEvents, webhookState, webhooks } = schema;

/** An article row as the articles store has it, by either naming (its raw row or its drizzle record). */
type AnnouncedRow =
  | { status: string; published_at: number | null; updated_at: number }
  | { status: string; publishedAt: number | null; updatedAt: number };

/**
 * The webhook outbox, written by the content stores inside each write's own transaction: an event row, and one
 * pending delivery per enabled webhook that subscribes to it (nothing at all when none does). A write that is
 * acknowledged has therefore recorded its deliveries, whatever happens to the process afterwards; the dispatcher
 * (dispatcher.ts) sends them.
 *
 * Part of the SQLite implementation of the webhooks store (webhooks.sqlite.ts): every method is synchronous and
 * runs in the caller's better-sqlite3 transaction. A PostgreSQL implementation records events the same way, with
 * its own statements inside each write's own transaction.
 *
 * Every store that writes content makes its own outbox from the database handle (createOutbox), so no code path
 * that writes through a store (API, import, CLI, seed) can leave its events out.
 */
export function createOutbox(handle: Database.Database | Db) {
  const orm: BetterSQLite3Database<typeof schema> = 'orm' in handle ? handle.orm : drizzle({ client: handle, schema });
  const p = sql.placeholder;

  // The subscription test is SQLite's json_each over the stored event list (the builder has no JSON table
  // functions): one scan of a handful of rows, and no JSON parsed in JavaScript on the write path.
  const subscribers = orm
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(
      and(
        eq(webhooks.enabled, true),
        sql`EXISTS (SELECT 1 FROM json_each(${webhooks.events}) WHERE value = ${p('type')} OR value = '*')`,
      ),
    )
    .prepare();
  const anyEnabled = orm
    .select({ one: sql<number>`1` })
    .from(webhooks)
    .where(eq(webhooks.enabled, true))
    .limit(1)
    .prepare();
  const insertEvent = orm
    .insert(webhookEvents)
    .values({ id: p('id'), type: p('type'), resourceId: p('resourceId'), data: p('data'), createdAt: p('now') })
    .prepare();
  const insertDelivery = orm
    .insert(webhookDeliveries)
    .values({
      id: p('id'),
      webhookId: p('webhookId'),
      eventId: p('eventId'),
      status: 'pending',
      failures: 0,
      nextAttemptAt: p('now'),
      createdAt: p('now'),
    })
    .prepare();
  const readState = orm
    .select({ value: webhookState.value })
    .from(webhookState)
    .where(eq(webhookState.name, p('name')))
    .prepare();
  const writeState = orm
    .insert(webhookState)
    .values({ name: p('name'), value: p('value') })
    .onConflictDoUpdate({ target: webhookState.name, set: { value: sql`${p('value')}` } })
    .prepare();
  // A scheduled article is one whose publishedAt was still ahead when it was last written (published_at >
  // updated_at): its `article.published` is the sweep's to send once the time comes.
  const dueScheduled = orm
    .select({ id: articles.id })
    .from(articles)
    .where(
      and(
        eq(articles.status, 'published'),
        gt(articles.publishedAt, p('from')),
        lte(articles.publishedAt, p('now')),
        gt(articles.publishedAt, articles.updatedAt),
      ),
    )
    .orderBy(asc(articles.publishedAt), asc(articles.id))
    .prepare();

  function record(
    type: WebhookEvent,
    resourceId: string,
    now: number,
    options: { data?: unknown; webhookId?: string } = {},
  ): string | null {
    const targets = options.webhookId ? [options.webhookId] : subscribers.all({ type }).map((row) => row.id);
    if (targets.length === 0) return null;
    const eventId = newId(now);
    const data = options.data === undefined ? null : JSON.stringify(options.data);
    insertEvent.run({ id: eventId, type, resourceId, data, now });
    let deliveryId: string | null = null;
    for (const webhookId of targets) {
      deliveryId = newId(now);
      insertDelivery.run({ id: deliveryId, webhookId, eventId, now });
    }
    return deliveryId;
  }

  /** Up to when scheduled articles' `article.published` has been recorded (see sweepScheduled). */
  function scheduledUntil(): number | undefined {
    return readState.get({ name: SCHEDULED_UNTIL })?.value;
  }

  return {
    /**
     * Records an event (and its deliveries) in the caller's transaction. `data` is stored at once when given (a
     * deletion's `{ id, slug? }`); otherwise it is rendered from the resource when first sent. `webhookId` sends
     * it to that webhook alone, subscribed or not (the test event). Returns the last delivery's id, or null.
     */
    record,

    /** Whether any webhook is enabled: a write to an article skips the event rules when none is. */
    active(): boolean {
      return anyEnabled.get() !== undefined;
    },

    /**
     * Whether the article was public *and announced* before a write. A scheduled article whose time has come but
     * which the sweep has not reached yet counts as not public, so the write that finds it announces it itself
     * (the write moves updated_at past its publishedAt, which takes it out of the sweep): exactly one
     * `article.published` either way.
     */
    wasAnnounced(row: AnnouncedRow, now: number): boolean {
      const [publishedAt, updatedAt] =
        'publishedAt' in row ? [row.publishedAt, row.updatedAt] : [row.published_at, row.updated_at];
      if (row.status !== 'published' || publishedAt === null || publishedAt > now) return false;
      if (publishedAt <= updatedAt) return true;
      const until = scheduledUntil();
      return until !== undefined && publishedAt <= until;
    },

    /**
     * Records `article.published` for every scheduled article whose time came since the last sweep, and moves the
     * mark to `now`, in the caller's transaction: across restarts and several processes each is recorded exactly
     * once. The first sweep on a database only sets the mark (articles whose time came before webhooks existed
     * are not sent).
     */
    sweepScheduled(now: number): number {
      const from = scheduledUntil();
      if (from === undefined || from >= now) {
        if (from === undefined) writeState.run({ name: SCHEDULED_UNTIL, value: now });
        return 0;
      }
      const ids = dueScheduled.all({ from, now });
      // NOTE: the mark moves only when something was found: a sweep that finds nothing writes nothing (a write
      // would empty the response caches, which watch the connection's changes; see db/change-watch.ts), and
      // the window it leaves holds no scheduled article, as one written later into it would not be scheduled.
      if (ids.length === 0) return 0;
      for (const { id } of ids) record('article.published', id, now);
      writeState.run({ name: SCHEDULED_UNTIL, value: now });
      return ids.length;
    },
  };
}

const SCHEDULED_UNTIL = 'scheduled_until';

export type Outbox = ReturnType<typeof createOutbox>;
