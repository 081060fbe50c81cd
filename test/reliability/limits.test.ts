// Contract: limits hold under abuse: bodies past BODY_LIMIT are a 413 that stores nothing, RATE_LIMIT counts per
// client address (TRUST_PROXY decides whether X-Forwarded-For names it), an overloaded event loop sheds requests
// with a 503 problem + Retry-After, and slow-loris clients are cut off (408) without harming others.
import fs from 'node:fs';
import net from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { json, makeApp, makeTestDatabase, type TestContext, tempDataDir, useApp } from '../helpers/app.js';
import { expectProblemShape, openStoredRows } from './helpers.js';

/** Closes an app made with makeApp and removes its temporary DATA_DIR. */
async function closeApp(ctx: TestContext) {
  await ctx.app.close();
  fs.rmSync(ctx.dataDir, { recursive: true, force: true });
}

const quote = { text: 'We will respond to any provocation.', speaker: 'National Intelligence Service' };

describe('BODY_LIMIT', () => {
  const ctx = useApp({ BODY_LIMIT: '2048' });

  it('a streamed body (no Content-Length) past the limit is a 413, and nothing is stored', async () => {
    const stored = await openStoredRows(ctx);
    try {
      const before = await stored.snapshot();
      const big = JSON.stringify({ ...quote, text: 'x'.repeat(8192) });
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/v1/quotes',
        headers: { ...ctx.auth, 'content-type': 'application/json' },
        payload: Readable.from([Buffer.from(big.slice(0, 1000)), Buffer.from(big.slice(1000))]),
      });
      expect(res.statusCode).toBe(413);
      expect(expectProblemShape(res).code).toBe('PAYLOAD_TOO_LARGE');
      expect(await stored.snapshot()).toBe(before);
    } finally {
      await stored.close();
    }
  });

  it('a Content-Length past the limit is refused before the body is read', async () => {
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: '/v1/quotes/01JGB1R6ZQ8K9V3M2N4P5Q6R7S',
      headers: { ...ctx.auth, 'content-type': 'application/json', 'content-length': '999999' },
      payload: '{}',
    });
    expect(res.statusCode).toBe(413);
    expectProblemShape(res);
  });
});

describe('RATE_LIMIT per client address', () => {
  const list = (remoteAddress: string, forwardedFor?: string) => ({
    method: 'GET' as const,
    url: '/v1/quotes',
    remoteAddress,
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  });

  it('is off by default: no 429 and no rate-limit headers however many requests', async () => {
    const ctx = await makeApp();
    try {
      for (let i = 0; i < 120; i++) {
        const res = await ctx.app.inject(list('192.0.2.50'));
        expect(res.statusCode).toBe(200);
        expect(res.headers['x-ratelimit-limit']).toBeUndefined();
      }
    } finally {
      await closeApp(ctx);
    }
  });

  describe('without TRUST_PROXY, X-Forwarded-For is ignored', () => {
    const ctx = useApp({ RATE_LIMIT: '2' });

    it('a client cannot dodge the limit by forging X-Forwarded-For', async () => {
      expect((await ctx.app.inject(list('192.0.2.10', '203.0.113.1'))).statusCode).toBe(200);
      expect((await ctx.app.inject(list('192.0.2.10', '203.0.113.2'))).statusCode).toBe(200);
      const limited = await ctx.app.inject(list('192.0.2.10', '203.0.113.3'));
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(expectProblemShape(limited).code).toBe('RATE_LIMITED');
    });
  });

  describe('with TRUST_PROXY=true, the client is the address X-Forwarded-For names', () => {
    const ctx = useApp({ RATE_LIMIT: '2', TRUST_PROXY: 'true' });

    it('clients behind the same proxy are counted apart', async () => {
      const proxy = '10.0.0.1';
      expect((await ctx.app.inject(list(proxy, '203.0.113.7'))).statusCode).toBe(200);
      expect((await ctx.app.inject(list(proxy, '203.0.113.7'))).statusCode).toBe(200);
      const limited = await ctx.app.inject(list(proxy, '203.0.113.7'));
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
      expectProblemShape(limited);
      // Another reader behind the same proxy is not limited by the first one.
      expect((await ctx.app.inject(list(proxy, '203.0.113.8'))).statusCode).toBe(200);
    });
  });

  describe('with TRUST_PROXY=1 (one proxy hop), only the address the proxy added counts', () => {
    const ctx = useApp({ RATE_LIMIT: '2', TRUST_PROXY: '1' });

    it('a forged entry in front of the proxy-added address does not make a new client', async () => {
      const proxy = '10.0.0.2';
      expect((await ctx.app.inject(list(proxy, '198.51.100.1, 203.0.113.20'))).statusCode).toBe(200);
      expect((await ctx.app.inject(list(proxy, '198.51.100.2, 203.0.113.20'))).statusCode).toBe(200);
      expect((await ctx.app.inject(list(proxy, '198.51.100.3, 203.0.113.20'))).statusCode).toBe(429);
      expect((await ctx.app.inject(list(proxy, '198.51.100.3, 203.0.113.21'))).statusCode).toBe(200);
    });
  });
});

/** Blocks the event loop as a CPU-bound bug or a flood would. */
function busyWait(ms: number) {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('overload (under-pressure)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await makeApp({ MAX_EVENT_LOOP_DELAY: '30' });
  });
  afterAll(async () => {
    if (ctx) await closeApp(ctx);
  });

  it('a saturated event loop gets a 503 problem with Retry-After; /health still answers; it recovers', async () => {
    let shed: Awaited<ReturnType<App['inject']>> | undefined;
    // Keep the loop saturated until the one-second sampler notices (bounded: at most ~6 s).
    for (let round = 0; round < 40 && !shed; round++) {
      busyWait(150);
      await tick();
      const res = await ctx.app.inject({ method: 'GET', url: '/v1/quotes' });
      if (res.statusCode === 503) shed = res;
      else expect(res.statusCode).toBe(200);
    }
    expect(shed, 'the server never shed load').toBeDefined();
    const body = expectProblemShape(shed!);
    expect(body.code).toBe('OVERLOADED');
    expect(shed!.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(shed!.headers['x-content-type-options']).toBe('nosniff');

    // While overloaded: readiness says so, liveness does not (the process is busy, not dead).
    expect((await ctx.app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(503);
    expect((await ctx.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);

    // Once the loop is free again, requests are served (bounded wait: at most ~10 s).
    let recovered = false;
    for (let round = 0; round < 40 && !recovered; round++) {
      await sleep(250);
      recovered = (await ctx.app.inject({ method: 'GET', url: '/v1/quotes' })).statusCode === 200;
    }
    expect(recovered).toBe(true);
  });

  it('MAX_EVENT_LOOP_DELAY=0 turns shedding off', async () => {
    const off = await makeApp({ MAX_EVENT_LOOP_DELAY: '0' });
    try {
      for (let round = 0; round < 10; round++) {
        busyWait(150);
        await tick();
        expect((await off.app.inject({ method: 'GET', url: '/v1/quotes' })).statusCode).toBe(200);
      }
    } finally {
      await closeApp(off);
    }
  });
});

describe('slow clients on a real socket', () => {
  let app: App;
  let port: number;
  let token: string;
  const dataDir = tempDataDir();

  beforeAll(async () => {
    const database = await makeTestDatabase(dataDir);
    token = (await database.tokens.create('slow-writer')).token;
    await database.close();
    app = await buildApp({
      config: loadConfig({ ...database.env, HEADERS_TIMEOUT: '1000', REQUEST_TIMEOUT: '2000' }),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  type Outcome = { answer: string; closed: boolean; sentAll: boolean };

  /** Sends `head` then `trickle` one byte every `everyMs`; resolves when the server closes or everything is sent. */
  function trickle(head: string, slow: string, everyMs: number): Promise<Outcome> {
    return new Promise((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      let answer = '';
      let index = 0;
      let timer: NodeJS.Timeout | undefined;
      const finish = (closed: boolean) => {
        clearInterval(timer);
        socket.destroy();
        resolve({ answer, closed, sentAll: index >= slow.length });
      };
      socket.on('data', (chunk) => {
        answer += chunk.toString();
      });
      socket.on('close', () => finish(true));
      socket.on('error', () => undefined);
      socket.on('connect', () => {
        socket.write(head);
        timer = setInterval(() => {
          if (index >= slow.length) return finish(false);
          if (!socket.destroyed) socket.write(slow[index++]!);
        }, everyMs);
      });
    });
  }

  function expectTimeoutProblem(outcome: Outcome) {
    expect(outcome.closed).toBe(true);
    expect(outcome.sentAll).toBe(false);
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(outcome.answer.toLowerCase()).toContain('content-type: application/problem+json');
    const body = JSON.parse(outcome.answer.slice(outcome.answer.indexOf('\r\n\r\n') + 4));
    expect(body).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
  }

  it('headers sent byte by byte are cut off after HEADERS_TIMEOUT with a 408 problem', async () => {
    // 100 bytes at one every 100 ms would take 10 s; the limit is 1 s.
    const outcome = await trickle(
      'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n',
      `X-Slow: ${'a'.repeat(90)}\r\n\r\n`,
      100,
    );
    expectTimeoutProblem(outcome);
  });

  it('a body sent byte by byte is cut off after REQUEST_TIMEOUT with a 408 problem', async () => {
    const head = `POST /v1/quotes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
    const outcome = await trickle(head, 'x'.repeat(100), 100);
    expectTimeoutProblem(outcome);
  });

  it('the server carries the slow-client settings: headers, whole request, idle socket, keep-alive', () => {
    // NOTE: Node's headers and request timeouts start at a request's first byte; a socket that never sends one is
    // closed by the idle timeout (Fastify's connectionTimeout), 30 s, which a test cannot wait for.
    expect(app.server.headersTimeout).toBe(1000);
    expect(app.server.requestTimeout).toBe(2000);
    expect(app.server.timeout).toBe(30_000);
    expect(app.server.keepAliveTimeout).toBe(10_000);
  });

  it('headers past 16 KiB are a 431 problem', async () => {
    const outcome = await trickle(
      `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
      '',
      50,
    );
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(outcome.answer.toLowerCase()).toContain('content-type: application/problem+json');
  });

  it('other clients are served meanwhile and afterwards', async () => {
    const slow = trickle('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X'.repeat(100), 100);
    const res = await fetch(`http://127.0.0.1:${port}/v1/quotes`);
    expect(res.status).toBe(200);
    expect(json({ payload: await res.text() }).data).toEqual([]);
    expect((await slow).closed).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });
});
