// Contract ("Storage engines and running many instances"): any number of identical instances on one PostgreSQL
// database and one Redis answer as one. Three real server processes (src/server.ts, as in production) share a
// fresh database and Redis; the test talks to them over HTTP only, as a load balancer would.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine.js';
import { openPgEngine } from '../../src/db/engine.pg.js';
import { tempDataDir } from '../helpers/app.js';
import { describePg, usePgDatabase } from '../helpers/pg.js';
import { type ChildServer, startServer } from './child-server.js';

// A Redis database of its own (the 6th), emptied of the rate limit's keys first: counts start at zero.
const REDIS_URL = 'redis://127.0.0.1:6379/5';
const RATE_LIMIT = 2_000;

describePg('three instances on one PostgreSQL database and one Redis', () => {
  const pg = usePgDatabase();
  const servers: ChildServer[] = [];
  const dataDirs: string[] = [];
  let engine: Engine;
  let auth: { authorization: string };
  // Every request comes "from" one client address of its own (through TRUST_PROXY), counted by the rate limit.
  const client = `198.51.100.${1 + (randomBytes(1)[0]! % 250)}`;

  beforeAll(async () => {
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys('ncms-rate-limit:*');
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      await redis.quit();
    }
    engine = await openPgEngine(pg.url, { max: 2 });
    const { token } = await engine.tokens.create('multi-editor');
    auth = { authorization: `Bearer ${token}` };
    const started = await Promise.all(
      [0, 1, 2].map(() => {
        const dataDir = tempDataDir();
        dataDirs.push(dataDir);
        return startServer({
          DATA_DIR: dataDir,
          DATABASE_URL: pg.url,
          REDIS_URL,
          RATE_LIMIT: String(RATE_LIMIT),
          TRUST_PROXY: 'loopback',
        });
      }),
    );
    servers.push(...started);
  }, 90_000);

  afterAll(async () => {
    for (const server of servers) {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
      await server.exited;
    }
    await engine?.close();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  function call(server: ChildServer, path: string, init: RequestInit = {}) {
    return fetch(`${server.url}${path}`, {
      ...init,
      headers: { 'x-forwarded-for': client, 'content-type': 'application/json', ...auth, ...init.headers },
    });
  }

  /** Polls until `check` holds, and answers how long that took (ms); fails after `limit` ms. */
  async function within(limit: number, check: () => Promise<boolean>): Promise<number> {
    const started = performance.now();
    for (;;) {
      if (await check()) return performance.now() - started;
      if (performance.now() - started > limit) throw new Error(`not within ${limit} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('a write through one instance is read through the others within 1 s, caches included', async () => {
    const [a, b, c] = servers as [ChildServer, ChildServer, ChildServer];
    // The others' lists are read (and cached) before the write.
    for (const server of [b, c]) expect((await call(server, '/v1/articles?status=any')).status).toBe(200);
    const created = await call(a, '/v1/articles', {
      method: 'POST',
      body: JSON.stringify({ headline: 'Written through one instance', status: 'published' }),
    });
    expect(created.status).toBe(201);
    const { id, slug } = (await created.json()) as { id: string; slug: string };
    for (const server of [b, c]) {
      const took = await within(1_000, async () => {
        const list = (await (await call(server, '/v1/articles?status=any')).json()) as { data: Array<{ id: string }> };
        return list.data.some((article) => article.id === id);
      });
      expect(took).toBeLessThan(1_000);
      const read = await call(server, `/v1/articles/${slug}`);
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe(created.headers.get('etag'));
    }
  });

  it('a revoked token is refused by every instance within 1 s', async () => {
    const { token } = await engine.tokens.create('soon-revoked');
    const headers = { authorization: `Bearer ${token}` };
    for (const server of servers) {
      expect((await call(server, '/v1/articles?status=draft', { headers })).status).toBe(200);
    }
    expect(await engine.tokens.revoke('soon-revoked')).toBe(true);
    for (const server of servers) {
      const took = await within(1_000, async () => {
        return (await call(server, '/v1/articles?status=draft', { headers })).status === 401;
      });
      expect(took).toBeLessThan(1_000);
    }
  });

  it('of two concurrent If-Match updates through two instances exactly one wins', async () => {
    const [a, b] = servers as [ChildServer, ChildServer];
    const created = await call(a, '/v1/articles', { method: 'POST', body: JSON.stringify({ headline: 'Contested' }) });
    const { id } = (await created.json()) as { id: string };
    const etag = created.headers.get('etag')!;
    for (let round = 0; round < 5; round += 1) {
      const current = await call(a, `/v1/articles/${id}`);
      const match = current.headers.get('etag')!;
      const answers = await Promise.all(
        [a, b].map((server, which) =>
          call(server, `/v1/articles/${id}`, {
            method: 'PATCH',
            headers: { 'if-match': match },
            body: JSON.stringify({ standfirst: `Round ${round}, instance ${which}` }),
          }),
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412]);
    }
    expect(etag).not.toBe((await call(b, `/v1/articles/${id}`)).headers.get('etag'));
  });

  it('the rate limit counts a client across the instances', async () => {
    const remaining: number[] = [];
    for (const server of servers) {
      const answer = await call(server, '/v1/quotes');
      expect(answer.status).toBe(200);
      remaining.push(Number(answer.headers.get('x-ratelimit-remaining')));
    }
    // One count for the three: each instance saw the one before it.
    expect(remaining[1]).toBe(remaining[0]! - 1);
    expect(remaining[2]).toBe(remaining[1]! - 1);
  });

  it('killing one instance mid-load loses no acknowledged write', async () => {
    const acknowledged: string[] = [];
    const victim = servers[2]!;
    let sent = 0;
    const writer = async (server: ChildServer) => {
      for (let i = 0; i < 40; i += 1) {
        sent += 1;
        if (sent === 30) victim.child.kill('SIGKILL');
        try {
          const answer = await call(server, '/v1/articles', {
            method: 'POST',
            body: JSON.stringify({
              headline: `Under load ${sent}`,
              body: [{ type: 'paragraph', text: 'x'.repeat(500) }],
            }),
          });
          if (answer.status === 201) acknowledged.push(((await answer.json()) as { id: string }).id);
        } catch {
          // The killed instance's connections fail: those writes were never acknowledged.
        }
      }
    };
    await Promise.all(servers.map((server) => writer(server)));
    expect(await victim.exited).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThan(60);
    const survivor = servers[0]!;
    for (const id of acknowledged) {
      expect((await call(survivor, `/v1/articles/${id}`)).status).toBe(200);
    }
  }, 60_000);
});
