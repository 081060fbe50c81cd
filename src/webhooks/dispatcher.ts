import { randomUUID } from 'node:crypto';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type Database from 'better-sqlite3';
import type { FastifyBaseLogger } from 'fastify';
import { toIso } from '../shared/time.js';
import { userAgent } from '../version.js';
import { bareHost, isPublicAddress } from './address-check.js';
import { createOutbox } from './outbox.js';
import { signatureHeader } from './signature.js';

/** After the first failed attempt, then after each next one; a failure past the last leaves the delivery failed. */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

/** How much of a receiver's answer is read (and thrown away): the status is what counts. */
const MAX_RESPONSE_BYTES = 4 * 1024;

/** Extra time a claim is held past the attempt's time limit before another process may take the delivery over. */
const CLAIM_MARGIN_MS = 5_000;

export type DispatcherOptions = {
  sqlite: Database.Database;
  /** The resource as a GET by id answers it now, or null when it is gone (a deletion's data is stored). */
  render: (type: string, resourceId: string) => unknown;
  log: FastifyBaseLogger;
  allowPrivate: boolean;
  /** The clock for attempt times and retry schedules (tests drive it). */
  clock?: () => number;
  /** The attempt's time limit (10 s, the contract's; tests shorten it). */
  timeoutMs?: number;
  /** Name resolution (dns.lookup; tests make a name resolve to 127.0.0.1). */
  lookup?: typeof dns.lookup;
  /** How often due deliveries and scheduled articles are looked for. */
  pollMs?: number;
  /** Deliveries in flight at once. */
  concurrency?: number;
};

type Claimed = { id: string; webhook_id: string; event_id: string; failures: number };
type Target = {
  url: string;
  secret: string;
  previous_secret: string | null;
  rotated_at: number | null;
};
type EventRow = { type: string; resource_id: string; data: string | null; created_at: number };
type Outcome = { statusCode: number | null; error: string | null; durationMs: number; shutdown?: boolean };

class RefusedAddress extends Error {}

/**
 * Sends the outbox's deliveries. Due deliveries are claimed, as many as there are free sending slots, with a single
 * atomic UPDATE … RETURNING: each row gets a fresh claim and a next_attempt_at past the attempt's time limit, so no
 * other process (sharing the database file) can claim it meanwhile, and only the claim's holder may record the
 * outcome.
 * On PostgreSQL the same claim is `UPDATE … WHERE seq IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING`. A process
 * killed mid-attempt leaves its claim to expire: the delivery is then due again (at least once).
 */
export function createDispatcher(options: DispatcherOptions) {
  const { sqlite, log } = options;
  const clock = options.clock ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pollMs = options.pollMs ?? 1_000;
  const concurrency = options.concurrency ?? 8;
  const lookup = options.lookup ?? dns.lookup;
  const outbox = createOutbox(sqlite);

  const claimMany = sqlite.prepare<[string, number, number, number], Claimed>(
    `UPDATE webhook_deliveries SET claim = ?, next_attempt_at = ?
     WHERE seq IN (SELECT d.seq FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                   WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND w.enabled = 1
                   ORDER BY d.next_attempt_at LIMIT ?)
     RETURNING id, webhook_id, event_id, failures`,
  );
  // NOTE: an UPDATE takes the database's write lock even when it matches nothing; idle workers look with a read
  // first, so a quiet server does not contend with its own writes every poll.
  const anyDue = sqlite
    .prepare<[number], number>(
      `SELECT 1 FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
       WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND w.enabled = 1 LIMIT 1`,
    )
    .pluck();
  const target = sqlite.prepare<[string], Target>(
    'SELECT url, secret, previous_secret, rotated_at FROM webhooks WHERE id = ?',
  );
  const eventById = sqlite.prepare<[string], EventRow>(
    'SELECT type, resource_id, data, created_at FROM webhook_events WHERE id = ?',
  );
  const setEventData = sqlite.prepare<[string, string]>(
    'UPDATE webhook_events SET data = ? WHERE id = ? AND data IS NULL',
  );
  const settle = sqlite.prepare<[string, number, number | null, string, string]>(
    `UPDATE webhook_deliveries SET status = ?, failures = ?, next_attempt_at = ?, claim = NULL
     WHERE id = ? AND claim = ?`,
  );
  const release = sqlite.prepare<[number, string, string]>(
    'UPDATE webhook_deliveries SET next_attempt_at = ?, claim = NULL WHERE id = ? AND claim = ?',
  );
  const insertAttempt = sqlite.prepare<[string, number, number | null, string | null, number]>(
    'INSERT INTO webhook_attempts (delivery_id, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?)',
  );
  const disable = sqlite.prepare<[number, string]>(
    `UPDATE webhooks SET enabled = 0, version = version + 1, updated_at = max(?, updated_at + 1)
     WHERE id = ? AND enabled = 1`,
  );
  const failPending = sqlite.prepare<[string]>(
    `UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, claim = NULL
     WHERE webhook_id = ? AND status = 'pending'`,
  );

  // Kept-alive connections to receivers: a busy newsroom sends many deliveries to the same few hosts, and a TCP
  // (and TLS) handshake per delivery costs more CPU than the delivery itself. A pooled socket stays connected to
  // the address the guarded lookup checked when it was opened.
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: concurrency }),
    https: new https.Agent({ keepAlive: true, maxSockets: concurrency }),
  };

  let running = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  const shutdown = new AbortController();
  const inFlight = new Set<Promise<void>>();
  /** Outcomes waiting to be recorded, all in one transaction (see flush). */
  let outcomes: Array<{ claimed: Claimed; claim: string; at: number; outcome: Outcome; done: () => void }> = [];

  /** The body of an event, rendered and stored on its first send, so every attempt sends the same bytes. */
  function eventBody(eventId: string, rendered: Map<string, string>): { type: string; body: string } | null {
    const event = eventById.get(eventId);
    if (!event) return null;
    let data = event.data;
    if (data === null) {
      // The events of one write (article.created and article.published) render the same resource once.
      const key = `${event.type.slice(0, event.type.indexOf('.'))}:${event.resource_id}`;
      data =
        rendered.get(key) ?? JSON.stringify(options.render(event.type, event.resource_id) ?? { id: event.resource_id });
      rendered.set(key, data);
      setEventData.run(data, eventId);
    }
    return {
      type: event.type,
      body: `{"type":${JSON.stringify(event.type)},"timestamp":${JSON.stringify(toIso(event.created_at))},"data":${data}}`,
    };
  }

  /** A lookup that refuses names resolving to non-public addresses; the socket connects to what it returns. */
  const guardedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    lookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as dns.LookupAddress[];
      const refused = list.find((entry) => !isPublicAddress(entry.address));
      if (refused && !options.allowPrivate) {
        return callback(
          new RefusedAddress(`refused: ${hostname} resolves to ${refused.address}, not a public address`),
          '',
          0,
        );
      }
      if (lookupOptions.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };

  function post(url: URL, headers: Record<string, string>, body: string): Promise<Outcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const host = bareHost(url);
    if (isIP(host) !== 0 && !options.allowPrivate && !isPublicAddress(host)) {
      return Promise.resolve({ statusCode: null, error: `refused: ${host} is not a public address`, durationMs: 0 });
    }
    const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), shutdown.signal]);
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      const finish = (outcome: Omit<Outcome, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        resolve({ ...outcome, durationMs: elapsed() });
      };
      const secure = url.protocol === 'https:';
      const client = secure ? https : http;
      // NOTE: no redirects are followed (node:http never does): a 3xx is a failed attempt like any non-2xx.
      const request = client.request(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          lookup: guardedLookup,
          signal,
          agent: secure ? agents.https : agents.http,
        },
        (response) => {
          let read = 0;
          const statusCode = response.statusCode ?? 0;
          response.on('data', (chunk: Buffer) => {
            read += chunk.length;
            // Enough has been read: the status is known and the rest is not needed.
            if (read > MAX_RESPONSE_BYTES) {
              finish({ statusCode, error: null });
              response.destroy();
            }
          });
          response.on('end', () => finish({ statusCode, error: null }));
          response.on('error', (error) => finish(failure(error)));
        },
      );
      request.on('error', (error) => finish(failure(error)));
      request.end(body);
    });

    function failure(error: Error): Omit<Outcome, 'durationMs'> {
      if (shutdown.signal.aborted) return { statusCode: null, error: 'stopped', shutdown: true };
      if (signal.aborted) return { statusCode: null, error: `timed out after ${timeoutMs} ms` };
      if (error instanceof RefusedAddress) return { statusCode: null, error: error.message };
      const code = (error as NodeJS.ErrnoException).code;
      return { statusCode: null, error: code ? `${code}: ${error.message}` : error.message };
    }
  }

  /**
   * Records the attempts finished since the last flush, and what becomes of each delivery (if its claim still
   * holds it), in one transaction: a busy receiver's deliveries cost one commit for many, not one each.
   */
  function flush(): void {
    const batch = outcomes;
    outcomes = [];
    if (batch.length === 0) return;
    try {
      sqlite
        .transaction(() => {
          const now = clock();
          for (const { claimed, claim, at, outcome } of batch) settleOne(claimed, claim, at, outcome, now);
        })
        .immediate();
    } catch (error) {
      log.error({ err: error }, 'recording webhook attempts failed');
    } finally {
      for (const entry of batch) entry.done();
    }
  }

  function settleOne(claimed: Claimed, claim: string, at: number, outcome: Outcome, now: number): void {
    if (outcome.shutdown) {
      // Stopped by a shutdown: not an attempt; due again at once (on the next start, or another process).
      release.run(now, claimed.id, claim);
      return;
    }
    const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    const failures = ok ? claimed.failures : claimed.failures + 1;
    const gone = outcome.statusCode === 410;
    const delay = RETRY_DELAYS_MS[failures - 1];
    const status = ok ? 'succeeded' : gone || delay === undefined ? 'failed' : 'pending';
    const next = status === 'pending' ? now + (delay ?? 0) : null;
    if (settle.run(status, failures, next, claimed.id, claim).changes === 0) return;
    insertAttempt.run(claimed.id, at, outcome.statusCode, outcome.error, outcome.durationMs);
    if (gone) {
      // 410 Gone: the receiver asks for no more deliveries.
      disable.run(now, claimed.webhook_id);
      failPending.run(claimed.webhook_id);
      log.warn({ webhookId: claimed.webhook_id }, 'webhook disabled: its receiver answered 410 Gone');
    }
  }

  /** Queues an outcome for the next flush (after this turn of the event loop); resolves once it is recorded. */
  function record(claimed: Claimed, claim: string, at: number, outcome: Outcome): Promise<void> {
    return new Promise((done) => {
      if (outcomes.length === 0) setImmediate(flush);
      outcomes.push({ claimed, claim, at, outcome, done });
    });
  }

  type Prepared = { claimed: Claimed; webhook: Target; event: { type: string; body: string } };

  async function deliver({ claimed, webhook, event }: Prepared, claim: string, at: number): Promise<void> {
    let outcome: Outcome;
    let url: URL | null = null;
    try {
      url = new URL(webhook.url);
    } catch {
      outcome = { statusCode: null, error: 'the URL is not valid', durationMs: 0 };
    }
    if (url) {
      // The header carries the wall clock (receivers compare it with theirs); `clock` schedules the attempts.
      const timestamp = Math.floor(Date.now() / 1000);
      outcome = await post(
        url,
        {
          'content-type': 'application/json',
          'user-agent': userAgent,
          'webhook-id': claimed.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader(
            { secret: webhook.secret, previousSecret: webhook.previous_secret, rotatedAt: webhook.rotated_at },
            claimed.id,
            timestamp,
            event.body,
            at,
          ),
        },
        event.body,
      );
    }
    await record(claimed, claim, at, outcome!);
  }

  /**
   * Claims up to `limit` due deliveries in one transaction (rendering, in the same commit, the events not sent
   * before) and starts sending them. Returns the sends started, each resolving once its outcome is recorded.
   */
  function claimAndSend(limit: number): Promise<void>[] {
    if (limit <= 0) return [];
    const now = clock();
    if (anyDue.get(now) === undefined) return [];
    const claim = randomUUID();
    const prepared = sqlite
      .transaction(() => {
        const ready: Prepared[] = [];
        const rendered = new Map<string, string>();
        for (const claimed of claimMany.all(claim, now + timeoutMs + CLAIM_MARGIN_MS, now, limit)) {
          const webhook = target.get(claimed.webhook_id);
          const event = eventBody(claimed.event_id, rendered);
          if (webhook && event) ready.push({ claimed, webhook, event });
        }
        return ready;
      })
      .immediate();
    return prepared.map((ready) => {
      const sending: Promise<void> = deliver(ready, claim, now)
        .catch((error: unknown) => log.error({ err: error, deliveryId: ready.claimed.id }, 'webhook delivery failed'))
        .finally(() => {
          inFlight.delete(sending);
          if (running) setImmediate(pump);
        });
      inFlight.add(sending);
      return sending;
    });
  }

  /** Fills the free sending slots with due deliveries. */
  function pump(): void {
    if (!running) return;
    try {
      claimAndSend(concurrency - inFlight.size);
    } catch (error) {
      log.error({ err: error }, 'claiming webhook deliveries failed');
    }
  }

  function sweep(): void {
    try {
      const found = outbox.sweepScheduled(clock());
      if (found > 0) wake();
    } catch (error) {
      log.error({ err: error }, 'recording scheduled articles’ publication failed');
    }
  }

  function wake(): void {
    if (running) setImmediate(pump);
  }

  return {
    /**
     * Starts sending (a look for due deliveries every pollMs, and whenever a send finishes) and the
     * scheduled-article sweep (every few seconds: well within the 60 s promised).
     */
    start(): void {
      if (running) return;
      running = true;
      sweep();
      sweepTimer = setInterval(sweep, Math.min(5_000, pollMs * 5));
      sweepTimer.unref();
      pollTimer = setInterval(pump, pollMs);
      pollTimer.unref();
      pump();
    },

    /** Looks for due deliveries now instead of at the next poll. */
    wake,

    /**
     * For tests and scripts that drive the clock: records due scheduled articles, then sends every delivery due
     * now (by the clock), `concurrency` at a time, and waits for their outcomes. Returns how many were sent.
     */
    async runOnce(): Promise<number> {
      outbox.sweepScheduled(clock());
      let sent = 0;
      for (let batch = claimAndSend(concurrency); batch.length > 0; batch = claimAndSend(concurrency)) {
        sent += batch.length;
        await Promise.all(batch);
      }
      return sent;
    },

    /**
     * Stops claiming, waits up to `budgetMs` for the deliveries in flight, then aborts the rest: those are left
     * pending, due at once, for the next start.
     */
    async stop(budgetMs: number): Promise<void> {
      running = false;
      clearInterval(pollTimer);
      clearInterval(sweepTimer);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        Promise.allSettled([...inFlight]).then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), budgetMs);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        shutdown.abort();
        await Promise.allSettled([...inFlight]);
      }
      flush();
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
