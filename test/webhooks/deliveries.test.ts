// Webhook deliveries: signed per Standard Webhooks, the contract's events, retries on the contract's schedule (driven
// by an injected clock, no sleeps), 410 disabling, timeouts, replay, test events and scheduled publication.
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { userAgent } from '../../src/version.js';
import { RETRY_DELAYS_MS } from '../../src/webhooks/dispatcher.js';
import { json, makeApp, type TestContext } from '../helpers/app.js';
import { type Receiver, startReceiver } from './receiver.js';

type Delivery = {
  id: string;
  event: string;
  status: string;
  nextAttemptAt: string | null;
  attempts: { at: string; statusCode: number | null; error: string | null; durationMs: number }[];
};

let receiver: Receiver;
let ctx: TestContext;
let now: number;
let admin: { authorization: string };

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});

beforeEach(async () => {
  // The dispatcher's clock runs a minute ahead of the writes' wall clock, so what a test writes is due at once.
  now = Date.now() + 60_000;
  ctx = await makeApp(
    { WEBHOOK_ALLOW_PRIVATE: 'true' },
    { webhooks: { autoStart: false, clock: () => now, timeoutMs: 300 } },
  );
  admin = { authorization: `Bearer ${await ctx.makeToken('ops', ['read', 'write', 'admin'])}` };
  receiver.received.length = 0;
  receiver.answer(() => 204);
});
afterEach(async () => {
  await ctx.app.close();
  fs.rmSync(ctx.dataDir, { recursive: true, force: true });
});

async function subscribe(events: string[] = ['*']): Promise<{ id: string; secret: string }> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/v1/webhooks',
    headers: admin,
    payload: { url: receiver.url, events },
  });
  expect(res.statusCode).toBe(201);
  return json(res);
}

async function deliveries(webhookId: string, query = ''): Promise<Delivery[]> {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/v1/webhooks/${webhookId}/deliveries${query}`,
    headers: admin,
  });
  expect(res.statusCode).toBe(200);
  return json(res).data;
}

const write = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
  ctx.app.inject(
    payload === undefined ? { method, url, headers: ctx.auth } : { method, url, headers: ctx.auth, payload },
  );

const types = () => receiver.received.map((r) => JSON.parse(r.body).type as string).sort();

describe('signed deliveries', () => {
  it('sends the event signed so that standardwebhooks and a hand HMAC both verify it, with data as a GET returns it', async () => {
    const hook = await subscribe(['article.created']);
    const created = await write('POST', '/v1/articles', { headline: 'Signed and sent' });
    expect(created.statusCode).toBe(201);
    expect(await ctx.app.webhookDispatcher.runOnce()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    const headers = request!.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toBe(userAgent);
    expect(headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);

    // The library's own check (throws on a bad signature or an old timestamp).
    const verified = new Webhook(hook.secret).verify(request!.body, headers) as Record<string, unknown>;
    expect(verified.type).toBe('article.created');

    // The same by hand: v1, base64 HMAC-SHA256 over id.timestamp.body keyed with the decoded secret.
    const key = Buffer.from(hook.secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key)
      .update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${request!.body}`)
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);

    const body = JSON.parse(request!.body);
    expect(Object.keys(body)).toEqual(['type', 'timestamp', 'data']);
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    const read = await ctx.app.inject({ method: 'GET', url: `/v1/articles/${json(created).id}`, headers: ctx.auth });
    expect(body.data).toEqual(json(read));

    const log = await deliveries(hook.id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      id: headers['webhook-id'],
      event: 'article.created',
      status: 'succeeded',
      nextAttemptAt: null,
    });
    expect(log[0]!.attempts).toEqual([
      { at: new Date(now).toISOString(), statusCode: 204, error: null, durationMs: expect.any(Number) },
    ]);
  });

  it('signs with both secrets for 24 hours after a rotation, the new one first', async () => {
    const hook = await subscribe(['quote.created']);
    const rotated = json(
      await ctx.app.inject({ method: 'POST', url: `/v1/webhooks/${hook.id}/rotate-secret`, headers: admin }),
    );
    await write('POST', '/v1/quotes', { text: 'Both keys.', speaker: 'A. Person' });
    await ctx.app.webhookDispatcher.runOnce();
    const request = receiver.received[0]!;
    const headers = request.headers as Record<string, string>;
    const signatures = headers['webhook-signature']!.split(' ');
    expect(signatures).toHaveLength(2);
    new Webhook(rotated.secret).verify(request.body, { ...headers, 'webhook-signature': signatures[0]! });
    new Webhook(hook.secret).verify(request.body, { ...headers, 'webhook-signature': signatures[1]! });
    expect(() =>
      new Webhook(rotated.secret).verify(request.body, { ...headers, 'webhook-signature': signatures[1]! }),
    ).toThrow();
  });
  it('signs with the new secret alone once 24 hours have passed since the rotation', async () => {
    const hook = await subscribe(['quote.created']);
    const rotated = json(
      await ctx.app.inject({ method: 'POST', url: `/v1/webhooks/${hook.id}/rotate-secret`, headers: admin }),
    );
    now = Date.now() + 24 * 3_600_000 + 1_000;
    await write('POST', '/v1/quotes', { text: 'One key.', speaker: 'A. Person' });
    await ctx.app.webhookDispatcher.runOnce();
    const request = receiver.received[0]!;
    const headers = request.headers as Record<string, string>;
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(1);
    new Webhook(rotated.secret).verify(request.body, headers);
  });
});

describe('which events a write sends', () => {
  it('a public create sends created and published; a PATCH of status alone sends published alone', async () => {
    await subscribe();
    await write('POST', '/v1/articles', { headline: 'Out now', status: 'published' });
    await ctx.app.webhookDispatcher.runOnce();
    expect(types()).toEqual(['article.created', 'article.published']);

    receiver.received.length = 0;
    const draft = json(await write('POST', '/v1/articles', { headline: 'Not yet' }));
    await write('PATCH', `/v1/articles/${draft.id}`, { status: 'published' });
    await ctx.app.webhookDispatcher.runOnce();
    expect(types()).toEqual(['article.created', 'article.published']);
    const published = receiver.received.map((r) => JSON.parse(r.body)).find((b) => b.type === 'article.published');
    expect(published.data.id).toBe(draft.id);

    receiver.received.length = 0;
    await write('PATCH', `/v1/articles/${draft.id}`, { headline: 'Now renamed' });
    await write('PATCH', `/v1/articles/${draft.id}`, { headline: 'Now renamed' }); // no change: no event
    await write('PATCH', `/v1/articles/${draft.id}`, { status: 'draft' });
    await write('DELETE', `/v1/articles/${draft.id}`);
    await ctx.app.webhookDispatcher.runOnce();
    expect(types()).toEqual(['article.deleted', 'article.unpublished', 'article.updated']);
    const deleted = receiver.received.map((r) => JSON.parse(r.body)).find((b) => b.type === 'article.deleted');
    expect(deleted.data).toEqual({ id: draft.id, slug: draft.slug });
  });

  it('deleting a public article sends article.deleted alone; images and quotes send their own events', async () => {
    await subscribe();
    const article = json(await write('POST', '/v1/articles', { headline: 'Going', status: 'published' }));
    await ctx.app.webhookDispatcher.runOnce();
    receiver.received.length = 0;
    await write('DELETE', `/v1/articles/${article.id}`);
    const image = json(await write('POST', '/v1/images', { sourceUrl: 'https://example.com/a.jpg', altText: 'A' }));
    await write('PATCH', `/v1/images/${image.id}`, { caption: 'B' });
    await write('DELETE', `/v1/images/${image.id}`);
    const quote = json(await write('POST', '/v1/quotes', { text: 'Q', speaker: 'S' }));
    await write('PATCH', `/v1/quotes/${quote.id}`, { text: 'Q2' });
    await write('DELETE', `/v1/quotes/${quote.id}`);
    await ctx.app.webhookDispatcher.runOnce();
    expect(types()).toEqual([
      'article.deleted',
      'image.created',
      'image.deleted',
      'image.updated',
      'quote.created',
      'quote.deleted',
      'quote.updated',
    ]);
  });

  it('sends only the events a webhook subscribes to, and nothing to a disabled one', async () => {
    await subscribe(['quote.deleted']);
    const paused = await subscribe(['*']);
    await ctx.app.inject({
      method: 'PATCH',
      url: `/v1/webhooks/${paused.id}`,
      headers: admin,
      payload: { enabled: false },
    });
    const quote = json(await write('POST', '/v1/quotes', { text: 'Q', speaker: 'S' }));
    await write('DELETE', `/v1/quotes/${quote.id}`);
    await ctx.app.webhookDispatcher.runOnce();
    expect(types()).toEqual(['quote.deleted']);
    expect(await deliveries(paused.id)).toEqual([]);
  });

  it('announces a scheduled article once when its time comes, with no write (and across a write that finds it due)', async () => {
    await subscribe(['article.published']);
    now = Date.now();
    await ctx.app.webhookDispatcher.runOnce(); // the first sweep sets its mark
    const soon = new Date(Date.now() + 2_000).toISOString();
    const a = json(
      await write('POST', '/v1/articles', { headline: 'Scheduled A', status: 'published', publishedAt: soon }),
    );
    const b = json(
      await write('POST', '/v1/articles', { headline: 'Scheduled B', status: 'published', publishedAt: soon }),
    );
    expect(await ctx.app.webhookDispatcher.runOnce()).toBe(0);
    expect(receiver.received).toHaveLength(0);
    // B's time has come by the wall clock and an editor writes to it before the sweep: the write announces it.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await write('PATCH', `/v1/articles/${b.id}`, { headline: 'Scheduled B, edited' });
    now = Date.now() + 10_000;
    await ctx.app.webhookDispatcher.runOnce();
    await ctx.app.webhookDispatcher.runOnce();
    const ids = receiver.received.map((r) => JSON.parse(r.body).data.id).sort();
    expect(ids).toEqual([a.id, b.id].sort());
    expect(types()).toEqual(['article.published', 'article.published']);
  });

  it('an import sends one event per item it created or changed, none for unchanged ones', async () => {
    await subscribe();
    const bundle = {
      quotes: [{ key: 'q1', text: 'Said.', speaker: 'S' }],
      articles: [
        { slug: 'one', headline: 'One' },
        { slug: 'two', headline: 'Two' },
      ],
    };
    const first = await ctx.app.inject({ method: 'POST', url: '/v1/import', headers: ctx.auth, payload: bundle });
    expect(first.statusCode).toBeLessThan(300);
    await ctx.app.webhookDispatcher.runOnce();
    expect(types()).toEqual(['article.created', 'article.created', 'quote.created']);
    receiver.received.length = 0;
    const second = await ctx.app.inject({
      method: 'POST',
      url: '/v1/import',
      headers: ctx.auth,
      payload: { ...bundle, articles: [{ slug: 'one', headline: 'One, changed' }, bundle.articles[1]] },
    });
    expect(second.statusCode).toBeLessThan(300);
    await ctx.app.webhookDispatcher.runOnce();
    expect(types()).toEqual(['article.updated']);
  });
});

describe('retries', () => {
  it('a receiver that fails twice then succeeds: three attempts logged, one success, one webhook-id', async () => {
    const hook = await subscribe(['quote.created']);
    receiver.answer((n) => (n < 2 ? 500 : 200));
    await write('POST', '/v1/quotes', { text: 'Third time lucky.', speaker: 'S' });
    const start = now;
    await ctx.app.webhookDispatcher.runOnce();
    let [delivery] = await deliveries(hook.id);
    expect(delivery).toMatchObject({ status: 'pending', nextAttemptAt: new Date(start + 5_000).toISOString() });
    // Not due yet: nothing is sent.
    now = start + 4_999;
    expect(await ctx.app.webhookDispatcher.runOnce()).toBe(0);
    now = start + 5_000;
    await ctx.app.webhookDispatcher.runOnce();
    [delivery] = await deliveries(hook.id);
    expect(delivery!.nextAttemptAt).toBe(new Date(now + 5 * 60_000).toISOString());
    now += 5 * 60_000;
    await ctx.app.webhookDispatcher.runOnce();
    [delivery] = await deliveries(hook.id);
    expect(delivery!.status).toBe('succeeded');
    expect(delivery!.attempts.map((a) => a.statusCode)).toEqual([500, 500, 200]);
    expect(delivery!.attempts.map((a) => a.at)).toEqual(
      [start, start + 5_000, start + 5_000 + 300_000].map((t) => new Date(t).toISOString()),
    );
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(await deliveries(hook.id, '?status=succeeded')).toHaveLength(1);
    expect(await deliveries(hook.id, '?status=pending')).toHaveLength(0);
  });

  it('retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, then the delivery is failed; a replay sends it again', async () => {
    const hook = await subscribe(['quote.created']);
    receiver.answer(() => 503);
    await write('POST', '/v1/quotes', { text: 'Never.', speaker: 'S' });
    const times = [now];
    await ctx.app.webhookDispatcher.runOnce();
    for (const delay of RETRY_DELAYS_MS) {
      now += delay;
      times.push(now);
      expect(await ctx.app.webhookDispatcher.runOnce()).toBe(1);
    }
    expect(RETRY_DELAYS_MS).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    let [delivery] = await deliveries(hook.id);
    expect(delivery).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(delivery!.attempts.map((a) => a.at)).toEqual(times.map((t) => new Date(t).toISOString()));
    now += 100 * 3_600_000;
    expect(await ctx.app.webhookDispatcher.runOnce()).toBe(0);

    receiver.answer(() => 200);
    const replay = await ctx.app.inject({
      method: 'POST',
      url: `/v1/webhooks/${hook.id}/deliveries/${delivery!.id}/retry`,
      headers: admin,
    });
    expect(replay.statusCode).toBe(202);
    expect(json(replay)).toEqual({ deliveryId: delivery!.id });
    expect(await ctx.app.webhookDispatcher.runOnce()).toBe(1);
    [delivery] = await deliveries(hook.id);
    expect(delivery!.status).toBe('succeeded');
    expect(delivery!.attempts).toHaveLength(9);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
  });

  it('a 410 disables the webhook and fails its pending deliveries', async () => {
    const hook = await subscribe(['quote.created']);
    receiver.answer(() => 410);
    await write('POST', '/v1/quotes', { text: 'One.', speaker: 'S' });
    await write('POST', '/v1/quotes', { text: 'Two.', speaker: 'S' });
    // Only one is sent: the first 410 disables the webhook before the second is claimed.
    await ctx.app.webhookDispatcher.runOnce();
    const read = json(await ctx.app.inject({ method: 'GET', url: `/v1/webhooks/${hook.id}`, headers: admin }));
    expect(read.enabled).toBe(false);
    const log = await deliveries(hook.id);
    expect(log.map((d) => d.status)).toEqual(['failed', 'failed']);
    expect(log.flatMap((d) => d.attempts.map((a) => a.statusCode))).toContain(410);
    await write('POST', '/v1/quotes', { text: 'Three.', speaker: 'S' });
    now += 3_600_000;
    await ctx.app.webhookDispatcher.runOnce();
    expect(await deliveries(hook.id)).toHaveLength(2);
  });

  it('a receiver that hangs: the attempt times out, is recorded and retried', async () => {
    const hook = await subscribe(['quote.created']);
    receiver.answer((n) => (n === 0 ? 'hang' : 200));
    await write('POST', '/v1/quotes', { text: 'Slow.', speaker: 'S' });
    await ctx.app.webhookDispatcher.runOnce();
    let [delivery] = await deliveries(hook.id);
    expect(delivery!.status).toBe('pending');
    expect(delivery!.attempts).toEqual([
      {
        at: new Date(now).toISOString(),
        statusCode: null,
        error: 'timed out after 300 ms',
        durationMs: expect.any(Number),
      },
    ]);
    expect(delivery!.attempts[0]!.durationMs).toBeGreaterThanOrEqual(290);
    now += 5_000;
    await ctx.app.webhookDispatcher.runOnce();
    [delivery] = await deliveries(hook.id);
    expect(delivery!.status).toBe('succeeded');
    expect(delivery!.attempts.map((a) => a.statusCode)).toEqual([null, 200]);
  });

  it('a redirect is not followed: a failed attempt', async () => {
    const hook = await subscribe(['quote.created']);
    receiver.answer(() => 302);
    await write('POST', '/v1/quotes', { text: 'Moved.', speaker: 'S' });
    await ctx.app.webhookDispatcher.runOnce();
    expect(receiver.received).toHaveLength(1);
    const [delivery] = await deliveries(hook.id);
    expect(delivery!.attempts.map((a) => a.statusCode)).toEqual([302]);
    expect(delivery!.status).toBe('pending');
  });

  it('POST /test sends a webhook.test event to that webhook (202)', async () => {
    const hook = await subscribe(['quote.deleted']);
    const res = await ctx.app.inject({ method: 'POST', url: `/v1/webhooks/${hook.id}/test`, headers: admin });
    expect(res.statusCode).toBe(202);
    await ctx.app.webhookDispatcher.runOnce();
    expect(types()).toEqual(['webhook.test']);
    new Webhook(hook.secret).verify(
      receiver.received[0]!.body,
      receiver.received[0]!.headers as Record<string, string>,
    );
    expect((await deliveries(hook.id))[0]).toMatchObject({
      id: json(res).deliveryId,
      event: 'webhook.test',
      status: 'succeeded',
    });
  });
});
