import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { toIso } from '../shared/time.js';
import { userAgent } from '../version.js';
import { bareHost, isPublicAddress } from './address-check.js';
import { signatureHeader } from './signature.js';
import type { ClaimedDelivery, DeliveryQueue, Settlement } from './webhooks.store.js';

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
  /** The outbox's deliveries (webhooks.store.ts): claimed, settled, and the scheduled articles' sweep. */
  queue: DeliveryQueue;
  /** The resource as a GET by id answers it now, or null when it is gone (a deletion's data is stored). */
  render: (type: string, resourceId: string) => unknown | Promise<unknown>;
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

type Outcome = { statusCode: number | null; error: string | null; durationMs: number; shutdown?: boolean };

class RefusedAddress extends Error {}

/**
 * Sends the outbox's deliveries. Due deliveries are claimed through the queue (DeliveryQueue.claim), as many as
 * there are free sending slots: each gets a fresh claim and a lease past the attempt's time limit, so no other
 * dispatcher (process, instance) takes it meanwhile, and only the claim's holder may record the outcome. A process
 * killed mid-attempt leaves its lease to lapse: the delivery is then due again (at least once). The retry schedule
 * and the 410 rule are decided here, the same whatever the engine behind the queue.
 */
export function createDispatcher(options: DispatcherOptions) {
  const { queue, log } = options;
  const clock = options.clock ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pollMs = options.pollMs ?? 1_000;
  const concurrency = options.concurrency ?? 8;
  const lookup = options.lookup ?? dns.lookup;

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
  let outcomes: Array<{ claimed: ClaimedDelivery; at: number; outcome: Outcome; done: () => void }> = [];
  /** A claim in progress (see pump): one at a time, so the free slots counted are the slots there are. */
  let claiming = false;
  let pumpAgain = false;
  /** Claims and sweeps under way in the background: a stop waits for them before it counts what is in flight. */
  const background = new Set<Promise<unknown>>();

  function inBackground(task: Promise<unknown>): void {
    const tracked = task.finally(() => background.delete(tracked));
    background.add(tracked);
  }

  /**
   * Renders the events of a claimed batch that have no data yet and stores it, so every attempt and every webhook
   * sends the same bytes (the queue keeps the data another dispatcher stored first). The events of one write
   * (article.created and article.published) render the same resource once.
   */
  async function renderEvents(claimed: ClaimedDelivery[]): Promise<Map<string, string>> {
    const byResource = new Map<string, string>();
    const rendered = new Map<string, string>();
    for (const { eventId, event } of claimed) {
      if (event.data !== null || rendered.has(eventId)) continue;
      const key = `${event.type.slice(0, event.type.indexOf('.'))}:${event.resourceId}`;
      let data = byResource.get(key);
      if (data === undefined) {
        data = JSON.stringify((await options.render(event.type, event.resourceId)) ?? { id: event.resourceId });
        byResource.set(key, data);
      }
      rendered.set(eventId, data);
    }
    return rendered.size === 0 ? rendered : queue.storeEventData(rendered);
  }

  function eventBody({ event }: ClaimedDelivery, data: string): string {
    return `{"type":${JSON.stringify(event.type)},"timestamp":${JSON.stringify(toIso(event.createdAt))},"data":${data}}`;
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
  async function flush(): Promise<void> {
    const batch = outcomes;
    outcomes = [];
    if (batch.length === 0) return;
    try {
      const now = clock();
      const disabled = await queue.settle(
        batch.map(({ claimed, at, outcome }) => settlement(claimed, at, outcome, now)),
        now,
      );
      for (const webhookId of disabled) log.warn({ webhookId }, 'webhook disabled: its receiver answered 410 Gone');
    } catch (error) {
      log.error({ err: error }, 'recording webhook attempts failed');
    } finally {
      for (const entry of batch) entry.done();
    }
  }

  /** What becomes of a delivery after an attempt: the retry schedule, and 410 Gone's end of the webhook. */
  function settlement(claimed: ClaimedDelivery, at: number, outcome: Outcome, now: number): Settlement {
    const { id: deliveryId, claim } = claimed;
    // Stopped by a shutdown: not an attempt; due again at once (on the next start, or another process).
    if (outcome.shutdown) return { kind: 'release', deliveryId, claim, dueAt: now };
    const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    const failures = ok ? claimed.failures : claimed.failures + 1;
    // 410 Gone: the receiver asks for no more deliveries.
    const gone = outcome.statusCode === 410;
    const delay = RETRY_DELAYS_MS[failures - 1];
    const status = ok ? 'succeeded' : gone || delay === undefined ? 'failed' : 'pending';
    return {
      kind: 'attempt',
      deliveryId,
      claim,
      webhookId: claimed.webhookId,
      status,
      failures,
      nextAttemptAt: status === 'pending' ? now + (delay ?? 0) : null,
      attempt: { at, statusCode: outcome.statusCode, error: outcome.error, durationMs: outcome.durationMs },
      disableWebhook: gone,
    };
  }

  /** Queues an outcome for the next flush (after this turn of the event loop); resolves once it is recorded. */
  function record(claimed: ClaimedDelivery, at: number, outcome: Outcome): Promise<void> {
    return new Promise((done) => {
      if (outcomes.length === 0) setImmediate(() => void flush());
      outcomes.push({ claimed, at, outcome, done });
    });
  }

  async function deliver(claimed: ClaimedDelivery, body: string, at: number): Promise<void> {
    const { webhook } = claimed;
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
          'webhook-signature': signatureHeader(webhook, claimed.id, timestamp, body, at),
        },
        body,
      );
    }
    await record(claimed, at, outcome!);
  }

  /**
   * Claims up to `limit` due deliveries, renders (and stores) the events not sent before, and starts sending them.
   * Returns the sends started, each resolving once its outcome is recorded. A render that throws leaves the batch's
   * leases to lapse: its deliveries are due again once the lease is over, no attempt counted.
   */
  async function claimAndSend(limit: number): Promise<Promise<void>[]> {
    if (limit <= 0) return [];
    const now = clock();
    const claimed = await queue.claim({ now, limit, leaseUntil: now + timeoutMs + CLAIM_MARGIN_MS });
    if (claimed.length === 0) return [];
    const rendered = await renderEvents(claimed);
    return claimed.map((delivery) => {
      const body = eventBody(delivery, delivery.event.data ?? (rendered.get(delivery.eventId) as string));
      const sending: Promise<void> = deliver(delivery, body, now)
        .catch((error: unknown) => log.error({ err: error, deliveryId: delivery.id }, 'webhook delivery failed'))
        .finally(() => {
          inFlight.delete(sending);
          if (running) setImmediate(pump);
        });
      inFlight.add(sending);
      return sending;
    });
  }

  /** Fills the free sending slots with due deliveries (again once a claim in progress ends, if asked meanwhile). */
  function pump(): void {
    if (!running) return;
    if (claiming) {
      pumpAgain = true;
      return;
    }
    claiming = true;
    pumpAgain = false;
    inBackground(
      claimAndSend(concurrency - inFlight.size)
        .catch((error: unknown) => log.error({ err: error }, 'claiming webhook deliveries failed'))
        .finally(() => {
          claiming = false;
          if (pumpAgain) pump();
        }),
    );
  }

  function sweep(): void {
    inBackground(
      queue.sweepScheduled(clock()).then(
        (found) => {
          if (found > 0) wake();
        },
        (error: unknown) => log.error({ err: error }, 'recording scheduled articles’ publication failed'),
      ),
    );
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
      await queue.sweepScheduled(clock());
      let sent = 0;
      for (let batch = await claimAndSend(concurrency); batch.length > 0; batch = await claimAndSend(concurrency)) {
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
      // A claim under way may still start sends: they count as in flight.
      await Promise.allSettled([...background]);
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
      await flush();
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
