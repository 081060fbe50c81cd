import type { Db } from '../db/client.js';
import type { DeliveryStatus } from '../db/enums.js';
import { problems } from '../http/problems.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { makeEtag } from '../shared/etag.js';
import { newId } from '../shared/ids.js';
import { toIso, toIsoOrNull } from '../shared/time.js';
import { createOutbox } from './outbox.js';
import { newSecret } from './signature.js';
import type { WebhookCreate, WebhookUpdate } from './webhooks.schemas.js';

export type WebhookRecord = {
  seq: number;
  id: string;
  url: string;
  /** JSON text: string[] */
  events: string;
  description: string | null;
  enabled: 0 | 1;
  secret: string;
  previous_secret: string | null;
  rotated_at: number | null;
  version: number;
  created_at: number;
  updated_at: number;
};

type DeliveryRecord = {
  seq: number;
  id: string;
  type: string;
  status: DeliveryStatus;
  created_at: number;
  next_attempt_at: number | null;
};

type AttemptRecord = {
  delivery_id: string;
  at: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
};

const COLUMNS =
  'seq, id, url, events, description, enabled, secret, previous_secret, rotated_at, version, created_at, updated_at';

/** The webhook as the API shows it: never its secret. */
export function toWebhook(row: WebhookRecord) {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    description: row.description,
    enabled: row.enabled === 1,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export function webhookEtag(row: Pick<WebhookRecord, 'version' | 'updated_at'>): string {
  return makeEtag('w', row.version, row.updated_at);
}

export function createWebhooksRepository(db: Db) {
  const sqlite = db.$client;
  const outbox = createOutbox(sqlite);
  const byId = sqlite.prepare<[string], WebhookRecord>(`SELECT ${COLUMNS} FROM webhooks WHERE id = ?`);
  const insert = sqlite.prepare(
    `INSERT INTO webhooks (id, url, events, description, enabled, secret, version, created_at, updated_at)
     VALUES (@id, @url, @events, @description, @enabled, @secret, 1, @now, @now)`,
  );
  const update = sqlite.prepare(
    `UPDATE webhooks SET url = @url, events = @events, description = @description, enabled = @enabled,
       version = version + 1, updated_at = max(@now, updated_at + 1) WHERE id = @id`,
  );
  const rotate = sqlite.prepare(
    `UPDATE webhooks SET previous_secret = secret, secret = @secret, rotated_at = @now,
       version = version + 1, updated_at = max(@now, updated_at + 1) WHERE id = @id`,
  );
  const remove = sqlite.prepare<[string]>('DELETE FROM webhooks WHERE id = ?');
  const removeOrphanEvents = sqlite.prepare(
    'DELETE FROM webhook_events WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id)',
  );
  const count = sqlite.prepare<[], number>('SELECT count(*) FROM webhooks').pluck();
  const page = sqlite.prepare<[number, number], WebhookRecord>(
    `SELECT ${COLUMNS} FROM webhooks WHERE seq > ? ORDER BY seq LIMIT ?`,
  );
  const deliveryColumns = 'd.seq, d.id, e.type, d.status, d.created_at, d.next_attempt_at';
  const deliveries = sqlite.prepare<[string, string | null, string | null, number, number], DeliveryRecord>(
    `SELECT ${deliveryColumns} FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
     WHERE d.webhook_id = ? AND (? IS NULL OR d.status = ?) AND d.seq < ? ORDER BY d.seq DESC LIMIT ?`,
  );
  const deliveryCount = sqlite
    .prepare<[string, string | null, string | null], number>(
      'SELECT count(*) FROM webhook_deliveries WHERE webhook_id = ? AND (? IS NULL OR status = ?)',
    )
    .pluck();
  const attempts = sqlite.prepare<[string], AttemptRecord>(
    `SELECT delivery_id, at, status_code, error, duration_ms FROM webhook_attempts
     WHERE delivery_id IN (SELECT value FROM json_each(?)) ORDER BY seq`,
  );
  const replay = sqlite.prepare<[number, string, string]>(
    `UPDATE webhook_deliveries SET status = 'pending', failures = 0, next_attempt_at = ?, claim = NULL
     WHERE id = ? AND webhook_id = ?`,
  );

  function get(id: string): WebhookRecord {
    const row = byId.get(id);
    if (!row) throw problems.notFound('webhook', id);
    return row;
  }

  return {
    get,

    /** A new webhook and its secret (returned here and by rotateSecret only). */
    create(input: WebhookCreate, now = Date.now()): WebhookRecord {
      const id = newId(now);
      insert.run({
        id,
        url: input.url,
        events: JSON.stringify([...new Set(input.events)]),
        description: input.description ?? null,
        enabled: input.enabled === false ? 0 : 1,
        secret: newSecret(),
        now,
      });
      return get(id);
    },

    /** Oldest first, by creation. */
    list(limit: number, cursor: string | undefined) {
      const after = cursor === undefined ? 0 : Number(decodeCursor(cursor, 'webhooks').value);
      const rows = page.all(Number.isFinite(after) ? after : 0, limit + 1);
      const last = rows.length > limit ? rows[limit - 1] : undefined;
      return {
        rows: rows.slice(0, limit),
        total: count.get() as number,
        nextCursor: last ? encodeCursor({ sort: 'webhooks', value: last.seq, id: last.id }) : null,
      };
    },

    /** `check` sees the current row inside the transaction (If-Match). */
    update(id: string, patch: WebhookUpdate, check?: (current: WebhookRecord) => void): WebhookRecord {
      return sqlite
        .transaction(() => {
          const current = get(id);
          check?.(current);
          update.run({
            id,
            url: patch.url ?? current.url,
            events: patch.events ? JSON.stringify([...new Set(patch.events)]) : current.events,
            description: patch.description === undefined ? current.description : patch.description,
            enabled: patch.enabled === undefined ? current.enabled : patch.enabled ? 1 : 0,
            now: Date.now(),
          });
          return get(id);
        })
        .immediate();
    },

    rotateSecret(id: string, check?: (current: WebhookRecord) => void): WebhookRecord {
      return sqlite
        .transaction(() => {
          check?.(get(id));
          rotate.run({ id, secret: newSecret(), now: Date.now() });
          return get(id);
        })
        .immediate();
    },

    /** Removes the webhook, its deliveries and their attempts, and the events no other webhook still has. */
    delete(id: string, check?: (current: WebhookRecord) => void): void {
      sqlite
        .transaction(() => {
          check?.(get(id));
          remove.run(id);
          removeOrphanEvents.run();
        })
        .immediate();
    },

    /** Newest first, each with its attempts (oldest first), in two queries. */
    deliveries(webhookId: string, query: { limit: number; cursor?: string; status?: DeliveryStatus }) {
      get(webhookId);
      const before =
        query.cursor === undefined ? Number.MAX_SAFE_INTEGER : Number(decodeCursor(query.cursor, 'deliveries').value);
      const status = query.status ?? null;
      const rows = deliveries.all(webhookId, status, status, before, query.limit + 1);
      const shown = rows.slice(0, query.limit);
      const byDelivery = new Map<string, AttemptRecord[]>(shown.map((row) => [row.id, []]));
      if (shown.length > 0) {
        for (const a of attempts.all(JSON.stringify(shown.map((row) => row.id))))
          byDelivery.get(a.delivery_id)?.push(a);
      }
      const last = rows.length > query.limit ? shown[shown.length - 1] : undefined;
      return {
        data: shown.map((row) => ({
          id: row.id,
          event: row.type,
          status: row.status,
          createdAt: toIso(row.created_at),
          nextAttemptAt: row.status === 'pending' ? toIsoOrNull(row.next_attempt_at) : null,
          attempts: (byDelivery.get(row.id) ?? []).map((a) => ({
            at: toIso(a.at),
            statusCode: a.status_code,
            error: a.error,
            durationMs: a.duration_ms,
          })),
        })),
        meta: {
          total: deliveryCount.get(webhookId, status, status) as number,
          limit: query.limit,
          nextCursor: last ? encodeCursor({ sort: 'deliveries', value: last.seq, id: last.id }) : null,
        },
      };
    },

    /** Makes a delivery (pending, succeeded or failed) due now, with a fresh series of retries. */
    retry(webhookId: string, deliveryId: string, now = Date.now()): void {
      get(webhookId);
      if (replay.run(now, deliveryId, webhookId).changes === 0) {
        throw problems.notFound(`delivery of webhook ${webhookId}`, deliveryId);
      }
    },

    /** Records a `webhook.test` event for this webhook alone; returns its delivery's id. */
    test(webhookId: string, now = Date.now()): string {
      return sqlite
        .transaction(() => {
          const row = get(webhookId);
          const data = { webhookId: row.id, message: 'A test event: nothing changed.' };
          return outbox.record('webhook.test', row.id, now, { data, webhookId: row.id })!;
        })
        .immediate();
    },
  };
}

export type WebhooksRepository = ReturnType<typeof createWebhooksRepository>;
