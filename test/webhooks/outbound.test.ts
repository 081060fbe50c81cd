// Webhook delivery under stress: refused addresses at delivery time, a burst of 1,000 writes sent once each by two
// dispatchers sharing the database, an acknowledged write delivered after a SIGKILL, and shutdown waiting for
// deliveries in flight.
import dns from 'node:dns';
import fs from 'node:fs';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import type { Engine } from '../../src/db/engine.js';
import { openPgEngine } from '../../src/db/engine.pg.js';
import { createSqliteEngine } from '../../src/db/engine.sqlite.js';
import { createDispatcher } from '../../src/webhooks/dispatcher.js';
import { json, makeApp, TEST_ENGINE, type TestContext, tempDataDir } from '../helpers/app.js';
import { startServer } from '../server/child-server.js';
import { type Receiver, startReceiver } from './receiver.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiverFor(answer?: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const receiver = await startReceiver(answer);
  cleanups.push(() => receiver.close());
  return receiver;
}

async function appWith(...args: Parameters<typeof makeApp>): Promise<TestContext> {
  const ctx = await makeApp(...args);
  cleanups.push(async () => {
    await ctx.app.close();
    fs.rmSync(ctx.dataDir, { recursive: true, force: true });
  });
  return ctx;
}

/** Another process's engine on the app's database (its own connection, or its own pool on PostgreSQL). */
function otherEngine(ctx: TestContext): Promise<Engine> | Engine {
  return ctx.config.databaseUrl
    ? openPgEngine(ctx.config.databaseUrl, { max: 2 })
    : createSqliteEngine(openDatabase({ dataDir: ctx.dataDir }));
}

/**
 * The settings of a real server on a fresh database of the engine under test (DATA_DIR, plus DATABASE_URL on
 * PostgreSQL), with an admin token made as the CLI makes one; `count` answers a statement's count(*) as `n`.
 */
async function serverDatabase(): Promise<{
  env: Record<string, string>;
  admin: { authorization: string };
  count: (statement: string) => Promise<number>;
}> {
  const dataDir = tempDataDir();
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env: Record<string, string> = { DATA_DIR: dataDir, WEBHOOK_ALLOW_PRIVATE: 'true' };
  let cli: Engine;
  let count: (statement: string) => Promise<number>;
  if (TEST_ENGINE === 'postgres') {
    const { createTestDatabase, dropTestDatabase, pgUrl } = await import('../helpers/pg.js');
    const name = await createTestDatabase();
    cleanups.push(() => dropTestDatabase(name));
    env.DATABASE_URL = pgUrl(name);
    cli = await openPgEngine(env.DATABASE_URL, { max: 1 });
    count = async (statement) => {
      const client = new pg.Client({ connectionString: env.DATABASE_URL });
      await client.connect();
      try {
        return Number((await client.query<{ n: string }>(statement)).rows[0]?.n);
      } finally {
        await client.end();
      }
    };
  } else {
    cli = createSqliteEngine(openDatabase({ dataDir }));
    count = async (statement) => {
      const db = openDatabase({ dataDir });
      try {
        return (db.$client.prepare(statement).get() as { n: number }).n;
      } finally {
        closeDatabase(db);
      }
    };
  }
  try {
    const { token } = await cli.tokens.create('ops', ['read', 'write', 'admin']);
    return { env, admin: { authorization: `Bearer ${token}` }, count };
  } finally {
    await cli.close();
  }
}

const adminOf = async (ctx: TestContext) => ({
  authorization: `Bearer ${await ctx.makeToken('ops', ['read', 'write', 'admin'])}`,
});

describe('outbound safety at delivery time', () => {
  it('refuses a name that resolves to 127.0.0.1 when WEBHOOK_ALLOW_PRIVATE is false: a failed attempt, nothing sent', async () => {
    const receiver = await receiverFor();
    // hooks.example.test resolves (here) to the loopback address the receiver listens on.
    const lookup = ((hostname: string, options: dns.LookupOptions, callback: never) =>
      dns.lookup(hostname === 'hooks.example.test' ? '127.0.0.1' : hostname, options, callback)) as typeof dns.lookup;
    const ctx = await appWith({}, { webhooks: { autoStart: false, lookup } });
    const admin = await adminOf(ctx);
    const made = await ctx.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: admin,
      payload: { url: `http://hooks.example.test:${receiver.port}/hook`, events: ['*'] },
    });
    expect(made.statusCode).toBe(201);
    const hook = json(made);
    await ctx.app.inject({ method: 'POST', url: `/v1/webhooks/${hook.id}/test`, headers: admin });
    await ctx.app.webhookDispatcher.runOnce();
    expect(receiver.received).toHaveLength(0);
    const log = json(
      await ctx.app.inject({ method: 'GET', url: `/v1/webhooks/${hook.id}/deliveries`, headers: admin }),
    );
    expect(log.data[0].status).toBe('pending');
    expect(log.data[0].attempts).toHaveLength(1);
    expect(log.data[0].attempts[0]).toMatchObject({ statusCode: null });
    expect(log.data[0].attempts[0].error).toMatch(/refused: hooks\.example\.test resolves to 127\.0\.0\.1/);
  });

  it('with WEBHOOK_ALLOW_PRIVATE=true the same name is delivered', async () => {
    const receiver = await receiverFor();
    const lookup = ((hostname: string, options: dns.LookupOptions, callback: never) =>
      dns.lookup(hostname === 'hooks.example.test' ? '127.0.0.1' : hostname, options, callback)) as typeof dns.lookup;
    const ctx = await appWith({ WEBHOOK_ALLOW_PRIVATE: 'true' }, { webhooks: { autoStart: false, lookup } });
    const admin = await adminOf(ctx);
    const hook = json(
      await ctx.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: admin,
        payload: { url: `http://hooks.example.test:${receiver.port}/hook`, events: ['*'] },
      }),
    );
    await ctx.app.inject({ method: 'POST', url: `/v1/webhooks/${hook.id}/test`, headers: admin });
    await ctx.app.webhookDispatcher.runOnce();
    expect(receiver.received).toHaveLength(1);
  });
});

describe('a burst of 1,000 writes', () => {
  it('makes 1,000 deliveries, none lost and none sent twice, by two dispatchers on one database file', {
    timeout: 120_000,
  }, async () => {
    const receiver = await receiverFor();
    const ctx = await appWith({ WEBHOOK_ALLOW_PRIVATE: 'true' }, { webhooks: { autoStart: false } });
    const admin = await adminOf(ctx);
    const hook = json(
      await ctx.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: admin,
        payload: { url: receiver.url, events: ['quote.created'] },
      }),
    );
    const bundle = {
      quotes: Array.from({ length: 1_000 }, (_, i) => ({ key: `burst-${i}`, text: `Said ${i}.`, speaker: 'S' })),
    };
    const imported = await ctx.app.inject({ method: 'POST', url: '/v1/import', headers: ctx.auth, payload: bundle });
    expect(imported.statusCode).toBeLessThan(300);

    // A second process's dispatcher: its own connection to the same database.
    const other = await otherEngine(ctx);
    const silent = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} } as never;
    const second = createDispatcher({
      queue: other.deliveries,
      render: () => null,
      log: silent,
      allowPrivate: true,
      pollMs: 50,
    });
    cleanups.push(async () => {
      await second.stop(2_000);
      await other.close();
    });
    const first = ctx.app.webhookDispatcher;
    second.start();
    await Promise.all([first.runOnce(), receiver.waitFor(1_000)]);
    await second.stop(5_000);

    const ids = receiver.received.map((r) => r.headers['webhook-id'] as string);
    expect(ids).toHaveLength(1_000);
    expect(new Set(ids).size).toBe(1_000);
    const texts = new Set(receiver.received.map((r) => JSON.parse(r.body).data.id ?? JSON.parse(r.body).data.text));
    expect(texts.size).toBe(1_000);
    const pending = json(
      await ctx.app.inject({ method: 'GET', url: `/v1/webhooks/${hook.id}/deliveries?status=pending`, headers: admin }),
    );
    expect(pending.meta.total).toBe(0);
    const succeeded = json(
      await ctx.app.inject({
        method: 'GET',
        url: `/v1/webhooks/${hook.id}/deliveries?status=succeeded&limit=100`,
        headers: admin,
      }),
    );
    expect(succeeded.meta.total).toBe(1_000);
    expect(succeeded.data.every((d: { attempts: unknown[] }) => d.attempts.length === 1)).toBe(true);
  });
});

describe('the real server', () => {
  it('delivers an acknowledged write after being killed with SIGKILL right after acknowledging it', {
    timeout: 60_000,
  }, async () => {
    const receiver = await receiverFor();
    const { env, admin } = await serverDatabase();

    let server = await startServer(env);
    const kill = async () => {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
      await server.exited;
    };
    cleanups.push(kill);
    const post = (url: string, body: unknown) =>
      fetch(`${server.url}${url}`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('/v1/webhooks', { url: receiver.url, events: ['quote.created'] })).status).toBe(201);
    // Nothing is answered until the server has been killed: whatever it had sent cannot count as delivered.
    receiver.answer(() => 'hang');
    const written = await post('/v1/quotes', { text: 'Survives a crash.', speaker: 'S' });
    server.child.kill('SIGKILL');
    expect(written.status).toBe(201);
    const quote = (await written.json()) as { id: string };
    await server.exited;
    const before = receiver.received.length;

    receiver.answer(() => 204);
    server = await startServer(env);
    // A delivery the killed server had claimed waits for its claim to lapse (the attempt limit plus a margin).
    await receiver.waitFor(before + 1);
    const last = receiver.received.at(-1)!;
    expect(JSON.parse(last.body)).toMatchObject({ type: 'quote.created', data: { id: quote.id } });
  });

  it('stops gracefully: a delivery in flight is finished before the process exits', { timeout: 60_000 }, async () => {
    const receiver = await receiverFor();
    const { env, admin, count } = await serverDatabase();
    const server = await startServer(env);
    cleanups.push(async () => {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
      await server.exited;
    });
    const made = await fetch(`${server.url}/v1/webhooks`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, events: ['*'] }),
    });
    const hook = (await made.json()) as { id: string };
    // The receiver holds the request for 1.5 s, then drops it; the server is told to stop meanwhile.
    receiver.answer(() => 'hang');
    await fetch(`${server.url}/v1/webhooks/${hook.id}/test`, { method: 'POST', headers: admin });
    await receiver.waitFor(1);
    const started = Date.now();
    server.child.kill('SIGTERM');
    setTimeout(() => void receiver.close(), 1_500);
    expect(await server.exited).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    const attempts = await count('SELECT count(*) AS n FROM webhook_attempts');
    const pending = await count(
      "SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'pending' AND claim IS NULL",
    );
    // The receiver dropped the connection: a failed attempt, recorded, and the delivery pending for a retry.
    expect(attempts).toBe(1);
    expect(pending).toBe(1);
  });
});
