// Contract: CORS headers only for the origins in CORS_ORIGINS; RATE_LIMIT answers a 429 problem with Retry-After
// past the limit on /v1; /health is up while the process is, /ready only while the database answers.
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { appVersion } from '../../src/version.js';
import { json, makeTestDatabase, TEST_ENGINE, tempDataDir, useApp } from '../helpers/app.js';
import { unlisted } from '../helpers/contract.js';

const ALLOWED = 'https://www.example.com';

describe('CORS with CORS_ORIGINS set', () => {
  const ctx = useApp({ CORS_ORIGINS: `${ALLOWED},http://localhost:5173` });

  it('answers a listed origin with its own name', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/v1/quotes', headers: { origin: ALLOWED } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(String(res.headers['access-control-expose-headers'])).toMatch(/ETag/i);
    expect(String(res.headers.vary)).toMatch(/Origin/);
  });

  it('gives an origin that is not listed no CORS headers', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/v1/quotes', headers: { origin: 'https://evil.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  // A preflight is the browser's question, not an operation of the API: the document lists none (unlisted).
  it('answers a preflight from a listed origin, allowing Authorization and If-Match', async () => {
    const res = await ctx.app.inject(
      unlisted({
        method: 'OPTIONS',
        url: '/v1/quotes',
        headers: {
          origin: ALLOWED,
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': 'authorization,content-type,if-match',
        },
      }),
    );
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(String(res.headers['access-control-allow-methods'])).toContain('PATCH');
    expect(String(res.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
    expect(String(res.headers['access-control-allow-headers']).toLowerCase()).toContain('if-match');
  });

  it('does not answer a preflight from an origin that is not listed with an allow-origin', async () => {
    const res = await ctx.app.inject(
      unlisted({
        method: 'OPTIONS',
        url: '/v1/quotes',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      }),
    );
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS without CORS_ORIGINS', () => {
  const ctx = useApp();

  it('gives no origin CORS headers', async () => {
    for (const origin of [ALLOWED, 'http://localhost:3000']) {
      const res = await ctx.app.inject({ method: 'GET', url: '/v1/quotes', headers: { origin } });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});

describe('RATE_LIMIT', () => {
  const ctx = useApp({ RATE_LIMIT: '3' });

  it('answers a 429 problem with Retry-After past the limit, per client address', async () => {
    const from = (remoteAddress: string) => ({ method: 'GET' as const, url: '/v1/quotes', remoteAddress });
    for (let i = 0; i < 3; i++) expect((await ctx.app.inject(from('192.0.2.1'))).statusCode).toBe(200);
    const limited = await ctx.app.inject({ ...from('192.0.2.1'), headers: { 'x-request-id': 'r-429' } });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.headers['x-request-id']).toBe('r-429');
    expect(json(limited)).toMatchObject({ status: 429, title: 'Too Many Requests', code: 'RATE_LIMITED' });

    // Another client is not limited by the first one's requests.
    expect((await ctx.app.inject(from('192.0.2.2'))).statusCode).toBe(200);
  });

  it('counts requests with a bad token too (a flood of 401s is limited)', async () => {
    const bad = {
      method: 'GET' as const,
      url: '/v1/quotes',
      remoteAddress: '192.0.2.3',
      headers: { authorization: 'Bearer x' },
    };
    for (let i = 0; i < 3; i++) expect((await ctx.app.inject(bad)).statusCode).toBe(401);
    expect((await ctx.app.inject(bad)).statusCode).toBe(429);
  });

  it('does not limit /health and /ready', async () => {
    for (let i = 0; i < 6; i++) {
      expect((await ctx.app.inject({ method: 'GET', url: '/health', remoteAddress: '192.0.2.4' })).statusCode).toBe(
        200,
      );
      expect((await ctx.app.inject({ method: 'GET', url: '/ready', remoteAddress: '192.0.2.4' })).statusCode).toBe(200);
    }
  });
});

describe('health and readiness', () => {
  it('/health and /ready answer 200 while the database answers, /ready 503 once it does not', async () => {
    const dataDir = tempDataDir();
    let app: Awaited<ReturnType<typeof buildApp>>;
    let stopDatabase: () => Promise<void>;
    if (TEST_ENGINE === 'postgres') {
      // The database goes away under the running app: dropped, its connections ended.
      const database = await makeTestDatabase(dataDir);
      await database.close();
      app = await buildApp({ config: loadConfig(database.env) });
      const { dropTestDatabase } = await import('../helpers/pg.js');
      stopDatabase = () => dropTestDatabase(new URL(database.env.DATABASE_URL!).pathname.slice(1));
    } else {
      const db = openDatabase({ dataDir });
      app = await buildApp({ config: loadConfig({ DATA_DIR: dataDir }), db });
      stopDatabase = async () => {
        db.$client.close();
      };
    }
    try {
      for (const url of ['/health', '/ready']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(200);
        expect(json(res)).toEqual(url === '/health' ? { status: 'ok', version: appVersion } : { status: 'ok' });
        expect(res.headers['cache-control']).toBe('no-store');
      }
      await stopDatabase();
      const ready = await app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(ready.headers['retry-after']).toMatch(/^\d+$/);
      expect(json(ready).detail).toMatch(/database/);
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
