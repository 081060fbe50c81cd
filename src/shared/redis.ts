import { Redis } from 'ioredis';

type Logger = { info: (object: object, message: string) => void; error: (object: object, message: string) => void };

/** How long the start waits for Redis before going on without it (see connectRedis). */
const CONNECT_WAIT_MS = 2_000;

/**
 * The Redis client for REDIS_URL. Commands fail at once while the connection is down (no offline queue), so a
 * Redis outage never holds a request: the rate limit lets requests through uncounted (app.ts), /ready answers
 * 503 naming Redis, and the client reconnects on its own. The start waits up to CONNECT_WAIT_MS for the first
 * connection, then goes on, logging that Redis does not answer. Messages name REDIS_URL, never its value (it may
 * hold a password).
 */
export async function connectRedis(url: string, log: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: CONNECT_WAIT_MS,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  // Logged once per outage, not once per reconnection attempt.
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log.error(
      { err: { message: error.message } },
      'Redis (REDIS_URL) does not answer: the rate limit is not counted until it does',
    );
  });
  redis.on('ready', () => {
    if (down) log.info({}, 'Redis (REDIS_URL) answers again');
    down = false;
  });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, CONNECT_WAIT_MS);
    function done() {
      clearTimeout(timer);
      redis.off('ready', done);
      redis.off('error', done);
      resolve();
    }
    redis.once('ready', done);
    redis.once('error', done);
  });
  return redis;
}

/** Closes the client: QUIT when connected, else stop reconnecting. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}
