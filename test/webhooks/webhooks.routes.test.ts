// Webhook management: admin scope only, the secret shown on create and rotation alone, If-Match, unsafe URLs refused.
import { describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';

describe('webhook management', () => {
  const ctx = useApp({}, { webhooks: { autoStart: false } });
  const admin = async () => ({
    authorization: `Bearer ${await ctx.makeToken(`admin-${Math.random().toString(36).slice(2)}`, ['read', 'write', 'admin'])}`,
  });

  async function create(body: Record<string, unknown>, headers?: { authorization: string }) {
    return ctx.app.inject({ method: 'POST', url: '/v1/webhooks', headers: headers ?? (await admin()), payload: body });
  }

  it('needs the admin scope: 401 without a token, 403 with read,write', async () => {
    const body = { url: 'https://hooks.example.com/a', events: ['*'] };
    expect((await ctx.app.inject({ method: 'POST', url: '/v1/webhooks', payload: body })).statusCode).toBe(401);
    const res = await create(body, ctx.auth);
    expect(res.statusCode).toBe(403);
    expect(json(res).detail).toContain('admin');
    expect((await ctx.app.inject({ method: 'GET', url: '/v1/webhooks', headers: ctx.auth })).statusCode).toBe(403);
  });

  it('creates a webhook with defaults and a whsec_ secret of at least 24 bytes, shown only then', async () => {
    const headers = await admin();
    const res = await create({ url: 'https://hooks.example.com/cms', events: ['article.published'] }, headers);
    expect(res.statusCode).toBe(201);
    const body = json(res);
    expect(body).toMatchObject({
      url: 'https://hooks.example.com/cms',
      events: ['article.published'],
      description: null,
      enabled: true,
    });
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(body.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    expect(res.headers.location).toBe(`/v1/webhooks/${body.id}`);
    expect(res.headers['cache-control']).toBe('no-store');

    const one = await ctx.app.inject({ method: 'GET', url: `/v1/webhooks/${body.id}`, headers });
    expect(one.statusCode).toBe(200);
    expect(json(one).secret).toBeUndefined();
    expect(one.payload).not.toContain(body.secret);
    const again = await ctx.app.inject({
      method: 'GET',
      url: `/v1/webhooks/${body.id}`,
      headers: { ...headers, 'if-none-match': one.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);

    const list = await ctx.app.inject({ method: 'GET', url: '/v1/webhooks?limit=100', headers });
    expect(list.statusCode).toBe(200);
    expect(list.payload).not.toContain(body.secret);
    expect(json(list).data.map((w: { id: string }) => w.id)).toContain(body.id);
  });

  it('pages the list with a cursor', async () => {
    const headers = await admin();
    for (let i = 0; i < 3; i++) await create({ url: `https://hooks.example.com/p${i}`, events: ['*'] }, headers);
    const first = json(await ctx.app.inject({ method: 'GET', url: '/v1/webhooks?limit=2', headers }));
    expect(first.data).toHaveLength(2);
    expect(first.meta.nextCursor).toEqual(expect.any(String));
    const second = json(
      await ctx.app.inject({ method: 'GET', url: `/v1/webhooks?limit=2&cursor=${first.meta.nextCursor}`, headers }),
    );
    expect(second.data[0].id).not.toBe(first.data[1].id);
    expect(second.data[0].id > first.data[1].id).toBe(true);
  });

  it('refuses unknown events, non-http URLs, and private or localhost hosts naming url', async () => {
    const bad = await create({ url: 'https://hooks.example.com/', events: ['article.eaten'] });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).errors[0].path).toMatch(/^events/);
    for (const url of [
      'ftp://hooks.example.com/',
      'http://127.0.0.1:8080/',
      'http://localhost/',
      'http://LOCALHOST./x',
      'http://10.1.2.3/',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://192.168.0.10/',
      'not a url',
    ]) {
      const res = await create({ url, events: ['*'] });
      expect(res.statusCode, url).toBe(400);
      expect(json(res).errors.map((e: { path: string }) => e.path)).toEqual(['url']);
    }
    expect((await create({ url: 'http://93.184.215.14/hook', events: ['*'] })).statusCode).toBe(201);
  });

  it('updates with If-Match (412 on a stale ETag) and deletes', async () => {
    const headers = await admin();
    const made = await create({ url: 'https://hooks.example.com/u', events: ['*'] }, headers);
    const { id } = json(made);
    const etag = made.headers.etag as string;
    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: `/v1/webhooks/${id}`,
      headers: { ...headers, 'if-match': etag },
      payload: { enabled: false, description: 'paused', events: ['quote.created'] },
    });
    expect(patched.statusCode).toBe(200);
    expect(json(patched)).toMatchObject({ enabled: false, description: 'paused', events: ['quote.created'] });
    const stale = await ctx.app.inject({
      method: 'PATCH',
      url: `/v1/webhooks/${id}`,
      headers: { ...headers, 'if-match': etag },
      payload: { enabled: true },
    });
    expect(stale.statusCode).toBe(412);
    const badUrl = await ctx.app.inject({
      method: 'PATCH',
      url: `/v1/webhooks/${id}`,
      headers,
      payload: { url: 'http://localhost:1/' },
    });
    expect(badUrl.statusCode).toBe(400);
    expect(
      (await ctx.app.inject({ method: 'DELETE', url: `/v1/webhooks/${id}`, headers: { ...headers, 'if-match': etag } }))
        .statusCode,
    ).toBe(412);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/v1/webhooks/${id}`, headers })).statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: `/v1/webhooks/${id}`, headers })).statusCode).toBe(404);
  });

  it('rotates the secret: a new one, shown once', async () => {
    const headers = await admin();
    const made = json(await create({ url: 'https://hooks.example.com/r', events: ['*'] }, headers));
    const rotated = await ctx.app.inject({ method: 'POST', url: `/v1/webhooks/${made.id}/rotate-secret`, headers });
    expect(rotated.statusCode).toBe(200);
    expect(json(rotated).secret).toMatch(/^whsec_/);
    expect(json(rotated).secret).not.toBe(made.secret);
  });

  it('answers 404 for deliveries and tests of an unknown webhook, and for an unknown delivery', async () => {
    const headers = await admin();
    expect((await ctx.app.inject({ method: 'GET', url: '/v1/webhooks/NOPE/deliveries', headers })).statusCode).toBe(
      404,
    );
    expect((await ctx.app.inject({ method: 'POST', url: '/v1/webhooks/NOPE/test', headers })).statusCode).toBe(404);
    const made = json(await create({ url: 'https://hooks.example.com/x', events: ['*'] }, headers));
    const res = await ctx.app.inject({ method: 'POST', url: `/v1/webhooks/${made.id}/deliveries/NOPE/retry`, headers });
    expect(res.statusCode).toBe(404);
  });
});
