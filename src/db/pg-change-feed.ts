import pg from 'pg';
import type { ChangeFeed } from './change-watch.js';
import { withoutPassword } from './database-url.js';
import type { PgDb } from './pg-client.js';

/** PostgreSQL's change feed: what the caches watch, across instances (LISTEN/NOTIFY). */
export type PgChangeFeed = ChangeFeed & {
  /**
   * For the article render memo: true when an image or quote may have changed since the previous call, or another
   * connection wrote anything (as SQLite's referencesWatch: its raw SQL may change an article without moving its
   * version).
   */
  referencesWatch(): () => boolean;
  /** Opens the listening connection; resolves once it listens, rejects when the first connection fails. */
  start(): Promise<void>;
  /** Stops listening (and reconnecting); every watch says "changed" from then on. */
  close(): Promise<void>;
};

/** What the feed says about its connection (pino's logger fits). */
export type ChangeFeedLog = {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
};

export type PgChangeFeedOptions = {
  log?: ChangeFeedLog;
  /** The first reconnection's delay (ms); each failed one doubles it, up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /**
   * How often the listening connection is asked a `SELECT 1` (ms), and how long it has to answer: a connection
   * the network silently dropped (no reset ever arrives) is found dead within twice this and replaced.
   */
  heartbeatMs?: number;
};

/** The channel the change_notify migration's triggers (migrations-pg/0004) send on. */
export const CHANGE_CHANNEL = 'cms_changes';

/**
 * The change feed on PostgreSQL, for the caches of one instance. Every statement writing a table some cache or
 * token check depends on sends a notification on `cms_changes` when its transaction commits (the change_notify
 * migration's triggers), to every instance; a dedicated connection (not one of the pool's, which come and go)
 * LISTENs, and each notification moves a counter the watches compare. This instance's own writes move
 * `db.writes.generation` the moment they commit (pg-tx.ts pgWrite), so a write is seen by the next request on this
 * instance without waiting for its notification.
 *
 * `ownWrites: false` is treated as `true`: a notification does not say which instance's transaction sent it (the
 * sending backend's pid could, but pooled connections come and go and pids are reused), so every write counts. A
 * watch then says "changed" more often than it must, never less.
 *
 * While the listening connection is down (lost, not yet started, closed) a notification could be missed, so every
 * watch says "changed" on every call (the caches keep nothing); it reconnects with a doubling delay, and once it
 * listens again every watch says "changed" once more (a write committed while nobody listened). A connection the
 * network dropped silently is found by the heartbeat; until then writes of other instances are not heard.
 */
export function createPgChangeFeed(db: PgDb, options: PgChangeFeedOptions = {}): PgChangeFeed {
  const log = options.log;
  const retryMs = options.retryMs ?? 100;
  const maxRetryMs = options.maxRetryMs ?? 5_000;
  const heartbeatMs = options.heartbeatMs ?? 5_000;

  let listening = false;
  let closed = false;
  /** Moves on every notification, and on every (re)connection. */
  let heard = 0;
  let current: pg.Client | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let heartbeatTimer: NodeJS.Timeout | null = null;
  let failures = 0;
  let started: Promise<void> | null = null;

  const reason = (error: unknown): string =>
    withoutPassword(error instanceof Error ? error.message : String(error), db.url);

  function lost(client: pg.Client, error?: unknown): void {
    if (client !== current) return;
    current = null;
    listening = false;
    stopHeartbeat();
    // Not awaited: a connection the network dropped may never answer its goodbye.
    client.end().catch(() => {});
    if (closed) return;
    log?.warn(
      { err: { message: error === undefined ? 'the connection ended' : reason(error) } },
      'the change feed stopped listening to PostgreSQL: caches keep nothing until it listens again',
    );
    scheduleReconnect();
  }

  async function connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: db.url,
      application_name: 'newsroom-cms change feed',
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
    });
    let ended = false;
    client.on('error', (error) => {
      ended = true;
      lost(client, error);
    });
    client.on('end', () => {
      ended = true;
      lost(client);
    });
    client.on('notification', (message) => {
      if (message.channel !== CHANGE_CHANNEL) return;
      heard += 1;
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      if (ended) throw new Error('the connection ended as it started listening');
    } catch (error) {
      client.end().catch(() => {});
      throw error;
    }
    if (closed) {
      await client.end().catch(() => {});
      return;
    }
    current = client;
    // Whatever was committed while nobody listened: every watch says "changed" once more.
    heard += 1;
    listening = true;
    failures = 0;
    startHeartbeat(client);
  }

  function scheduleReconnect(): void {
    if (closed || reconnectTimer) return;
    const delay = Math.min(maxRetryMs, retryMs * 2 ** failures);
    failures += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect().then(
        () => {
          if (listening) log?.info({}, 'the change feed listens to PostgreSQL again');
        },
        (error) => {
          log?.warn({ err: { message: reason(error) } }, 'the change feed could not listen to PostgreSQL yet');
          scheduleReconnect();
        },
      );
    }, delay);
    reconnectTimer.unref();
  }

  function startHeartbeat(client: pg.Client): void {
    stopHeartbeat();
    let pending = false;
    heartbeatTimer = setInterval(() => {
      if (pending) {
        // The previous one has not been answered in a whole interval: the connection is as good as gone.
        lost(client, new Error('the listening connection stopped answering'));
        return;
      }
      pending = true;
      client.query('SELECT 1').then(
        () => {
          pending = false;
        },
        (error) => lost(client, error),
      );
    }, heartbeatMs);
    heartbeatTimer.unref();
  }

  function stopHeartbeat(): void {
    if (heartbeatTimer) clearInterval(heartbeatTimer);
    heartbeatTimer = null;
  }

  /** A watch over `db.writes.generation` and the notifications heard. */
  function watchOf(): () => boolean {
    let lastOwn = -1;
    let lastHeard = -1;
    return () => {
      if (!listening) {
        lastHeard = -1;
        return true;
      }
      const own = db.writes.generation;
      const now = heard;
      if (own === lastOwn && now === lastHeard) return false;
      lastOwn = own;
      lastHeard = now;
      return true;
    };
  }

  return {
    watch() {
      return { changed: watchOf() };
    },
    referencesWatch() {
      // NOTE: every write counts, not only image and quote writes. Own writes: pgWrite does not say what it wrote,
      // and an image edited on this instance must show in the next article read here, before its notification
      // arrives. Others': the payload names the kind of table, but not whether an article write moved the version
      // the memo keys on (a store's does, a script's UPDATE may not; test/articles/articles.renders.test.ts), nor
      // can a notification tell this instance's pooled connections from another's.
      return watchOf();
    },
    start() {
      started ??= connect();
      return started;
    },
    async close() {
      closed = true;
      listening = false;
      stopHeartbeat();
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      const client = current;
      current = null;
      await client?.end().catch(() => {});
    },
  };
}
