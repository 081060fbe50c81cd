import type Database from 'better-sqlite3';
import type { WebhookEvent } from '../db/enums.js';
import { newId } from '../shared/ids.js';

/**
 * The webhook outbox, written by the content repositories inside each write's own transaction: an event row, and
 * one pending delivery per enabled webhook that subscribes to it (nothing at all when none does). A write that is
 * acknowledged has therefore recorded its deliveries, whatever happens to the process afterwards; the dispatcher
 * (dispatcher.ts) sends them.
 *
 * Every repository that writes content makes its own outbox from the database handle (createOutbox), so no code
 * path that writes through a repository (API, import, CLI, seed) can leave its events out.
 */
export function createOutbox(sqlite: Database.Database) {
  // NOTE: the subscription test is done in SQL (json_each over the stored event list): one indexed scan of a
  // handful of rows, and no JSON parsed in JavaScript on the write path.
  const subscribers = sqlite
    .prepare<[string], string>(
      `SELECT id FROM webhooks WHERE enabled = 1
         AND EXISTS (SELECT 1 FROM json_each(webhooks.events) WHERE value = ? OR value = '*')`,
    )
    .pluck();
  const anyEnabled = sqlite.prepare<[], number>('SELECT 1 FROM webhooks WHERE enabled = 1 LIMIT 1').pluck();
  const insertEvent = sqlite.prepare<[string, string, string, string | null, number]>(
    'INSERT INTO webhook_events (id, type, resource_id, data, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertDelivery = sqlite.prepare<[string, string, string, number, number]>(
    `INSERT INTO webhook_deliveries (id, webhook_id, event_id, status, failures, next_attempt_at, created_at)
     VALUES (?, ?, ?, 'pending', 0, ?, ?)`,
  );
  const readState = sqlite.prepare<[string], number>('SELECT value FROM webhook_state WHERE name = ?').pluck();
  const writeState = sqlite.prepare<[string, number]>(
    'INSERT INTO webhook_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  );
  // A scheduled article is one whose publishedAt was still ahead when it was last written (published_at >
  // updated_at): its `article.published` is the sweep's to send once the time comes.
  const dueScheduled = sqlite
    .prepare<[number, number], string>(
      `SELECT id FROM articles WHERE status = 'published' AND published_at > ? AND published_at <= ?
         AND published_at > updated_at ORDER BY published_at, id`,
    )
    .pluck();

  function record(
    type: WebhookEvent,
    resourceId: string,
    now: number,
    options: { data?: unknown; webhookId?: string } = {},
  ): string | null {
    const targets = options.webhookId ? [options.webhookId] : subscribers.all(type);
    if (targets.length === 0) return null;
    const eventId = newId(now);
    insertEvent.run(eventId, type, resourceId, options.data === undefined ? null : JSON.stringify(options.data), now);
    let deliveryId: string | null = null;
    for (const webhookId of targets) {
      deliveryId = newId(now);
      insertDelivery.run(deliveryId, webhookId, eventId, now, now);
    }
    return deliveryId;
  }

  /** Up to when scheduled articles' `article.published` has been recorded (see sweepScheduled). */
  function scheduledUntil(): number | undefined {
    return readState.get(SCHEDULED_UNTIL);
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
    wasAnnounced(row: { status: string; published_at: number | null; updated_at: number }, now: number): boolean {
      if (row.status !== 'published' || row.published_at === null || row.published_at > now) return false;
      if (row.published_at <= row.updated_at) return true;
      const until = scheduledUntil();
      return until !== undefined && row.published_at <= until;
    },

    /**
     * Records `article.published` for every scheduled article whose time came since the last sweep, and moves the
     * mark to `now`, in one transaction: across restarts and several processes each is recorded exactly once. The
     * first sweep on a database only sets the mark (articles whose time came before webhooks existed are not sent).
     */
    sweepScheduled(now: number): number {
      return sqlite
        .transaction(() => {
          const from = scheduledUntil();
          if (from === undefined || from >= now) {
            if (from === undefined) writeState.run(SCHEDULED_UNTIL, now);
            return 0;
          }
          const ids = dueScheduled.all(from, now);
          // NOTE: the mark moves only when something was found: a sweep that finds nothing writes nothing (a write
          // would empty the response caches, which watch the connection's changes; see db/change-watch.ts), and
          // the window it leaves holds no scheduled article, as one written later into it would not be scheduled.
          if (ids.length === 0) return 0;
          for (const id of ids) record('article.published', id, now);
          writeState.run(SCHEDULED_UNTIL, now);
          return ids.length;
        })
        .immediate();
    },
  };
}

const SCHEDULED_UNTIL = 'scheduled_until';

export type Outbox = ReturnType<typeof createOutbox>;
