// Contract: with REDIS_URL, RATE_LIMIT counts each client across all instances; /ready names Redis when it does
// not answer, and the API keeps answering meanwhile. Needs Redis on 127.0.0.1:6379 (.ci/run starts it when it is
// not running); without it these tests fail, saying so, rather than pass unchecked.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Redis } from 'ioredis';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { json, makeApp, type TestContext } from '../helpers/app.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

beforeAll(async () => {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    throw new Error(
      'Redis does not answer on 127.0.0.1:6379: start it (redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no)',
    );
  } finally {
    redis.disconnect();
  }
});

const contexts: TestContext[] = [];
const namespaces: string[] = [];

afterEach(async () => {
  for (const ctx of contexts.splice(0)) {
    await ctx.app.close();
    fs.rmSync(ctx.dataDir, { recursive: true, force: true });
  }
  const redis = new Redis(REDIS_URL);
  try {
    for (const namespace of namespaces.splice(0)) {
      const keys = await redis.keys(`${namespace}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    await redis.quit();
  }
});

async function instance(env: Record<string, string>, rateLimitNamespace?: string) {
  const ctx = await makeApp(env, { rateLimitNamespace });
  contexts.push(ctx);
  return ctx.app;
}

describe('RATE_LIMIT with REDIS_URL', () => {
  it('counts a client across two instances sharing Redis', async () => {
    const namespace = `ncms-test-${randomUUID()}:`;
    namespaces.push(namespace);
    const env = { RATE_LIMIT: '4', REDIS_URL };
    const [a, b] = [await instance(env, namespace), await instance(env, namespace)];
    const from = (remoteAddress: string) => ({ method: 'GET' as const, url: '/v1/quotes', remoteAddress });

    expect((await a.inject(from('192.0.2.10'))).statusCode).toBe(200);
    expect((await b.inject(from('192.0.2.10'))).statusCode).toBe(200);
    expect((await a.inject(from('192.0.2.10'))).statusCode).toBe(200);
    expect((await b.inject(from('192.0.2.10'))).statusCode).toBe(200);
    // The fifth request is past the limit of 4, whichever instance it reaches.
    const limited = await a.inject(from('192.0.2.10'));
    expect(limited.statusCode).toBe(429);
    expect(json(limited)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect((await b.inject(from('192.0.2.10'))).statusCode).toBe(429);
    // Another client has its own count.
    expect((await b.inject(from('192.0.2.11'))).statusCode).toBe(200);
    // The counts are in Redis, under this namespace.
    const redis = new Redis(REDIS_URL);
    try {
      expect((await redis.keys(`${namespace}*`)).length).toBeGreaterThan(0);
    } finally {
      await redis.quit();
    }

    for (const app of [a, b]) expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
  });

  it('starts without Redis, answers requests uncounted, and /ready is 503 naming Redis', async () => {
    // Nothing listens on port 1: the connection is refused at once.
    const app = await instance({ RATE_LIMIT: '1', REDIS_URL: 'redis://127.0.0.1:1' });
    for (let i = 0; i < 3; i++) {
      expect((await app.inject({ method: 'GET', url: '/v1/quotes', remoteAddress: '192.0.2.12' })).statusCode).toBe(
        200,
      );
    }
    const ready = await app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(ready).detail).toMatch(/Redis \(REDIS_URL\)/);
    expect(json(ready).detail).not.toMatch(/database/);
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});
