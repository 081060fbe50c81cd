// Contract: a preview link shows an article as it stands now, whatever its status, to someone without a token, with
// `private, no-store` and `noindex`; only the token's hash is stored; an unknown, revoked or deleted-article link is a
// 404 and an expired one a 410, neither saying whether the article exists; bad expiresIn is a 400 naming it.
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { json, makeApp, type TestContext, useApp } from '../helpers/app.js';
import { tableRows } from '../helpers/tables.js';

describe('preview links', () => {
  const ctx = useApp();

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    ctx.app.inject({ method, url, headers: ctx.auth, payload: payload as object });

  async function draftWithLink(headline: string, payload?: unknown) {
    const article = json(await call('POST', '/v1/articles', { headline }));
    const res = await call('POST', `/v1/articles/${article.id}/preview-links`, payload);
    expect(res.statusCode).toBe(201);
    return { article, link: json(res) };
  }

  it('shows a draft without a token, exactly as the single read, with no-store and noindex', async () => {
    const before = Date.now();
    const { article, link } = await draftWithLink('Embargoed draft');
    expect(link.token).toMatch(/^ncmsp_[A-Za-z0-9_-]{43}$/);
    expect(link.url).toBe(`/v1/preview/${link.token}`);
    const expiresAt = Date.parse(link.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 86_400_000);
    // Current content, not a copy made with the link.
    await call('PATCH', `/v1/articles/${article.id}`, { standfirst: 'Added after the link' });
    const preview = await ctx.app.inject({ method: 'GET', url: link.url });
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['cache-control']).toBe('private, no-store');
    expect(preview.headers['x-robots-tag']).toBe('noindex');
    const single = await call('GET', `/v1/articles/${article.id}`);
    expect(preview.payload).toBe(single.payload);
    expect(json(preview).standfirst).toBe('Added after the link');
    // The draft itself stays invisible without a token.
    expect((await ctx.app.inject({ method: 'GET', url: `/v1/articles/${article.id}` })).statusCode).toBe(404);
  });

  it('stores only a hash of the token', async () => {
    const { link } = await draftWithLink('Hashed token');
    const rows = await tableRows(ctx, 'preview_links');
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(link.token);
    expect(JSON.stringify(rows)).not.toContain(link.token.slice(6));
  });

  it('a valid token is accepted with the link, a wrong one is a 401 as on every /v1 request', async () => {
    const { link } = await draftWithLink('Header rules');
    expect((await call('GET', link.url)).statusCode).toBe(200);
    const wrong = await ctx.app.inject({ method: 'GET', url: link.url, headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('answers 404 for unknown, revoked and deleted-article links, 410 for expired ones, saying nothing of the article', async () => {
    const unknown = await ctx.app.inject({ method: 'GET', url: `/v1/preview/ncmsp_${'A'.repeat(43)}` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/problem\+json/);
    expect((await ctx.app.inject({ method: 'GET', url: '/v1/preview/garbage' })).statusCode).toBe(404);

    const revoked = await draftWithLink('Revoked links');
    const second = json(await call('POST', `/v1/articles/${revoked.article.id}/preview-links`, { expiresIn: 60 }));
    expect((await call('DELETE', `/v1/articles/${revoked.article.slug}/preview-links`)).statusCode).toBe(204);
    for (const url of [revoked.link.url, second.url]) {
      const res = await ctx.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.payload).not.toContain(revoked.article.id);
    }

    const deleted = await draftWithLink('Deleted article');
    await call('DELETE', `/v1/articles/${deleted.article.id}`);
    const gone = await ctx.app.inject({ method: 'GET', url: deleted.link.url });
    expect(gone.statusCode).toBe(404);
    expect(json(gone).detail).toBe(json(unknown).detail);

    const expiring = await draftWithLink('Expiring link', { expiresIn: 60 });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      const expired = await ctx.app.inject({ method: 'GET', url: expiring.link.url });
      expect(expired.statusCode).toBe(410);
      expect(expired.headers['content-type']).toMatch(/problem\+json/);
      expect(expired.payload).not.toContain(expiring.article.id);
      expect(expired.payload).not.toContain('Expiring link');
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses an expiresIn out of range or unknown fields with a 400 naming them, and needs the write scope', async () => {
    const article = json(await call('POST', '/v1/articles', { headline: 'Bad links' }));
    for (const [payload, path] of [
      [{ expiresIn: 59 }, 'expiresIn'],
      [{ expiresIn: 2_592_001 }, 'expiresIn'],
      [{ expiresIn: 1.5 }, 'expiresIn'],
      [{ expiresIn: '3600' }, 'expiresIn'],
      [{ expiresin: 3600 }, 'expiresin'],
    ] as const) {
      const res = await call('POST', `/v1/articles/${article.id}/preview-links`, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(json(res).errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await call('POST', `/v1/articles/${article.id}/preview-links`, { expiresIn: 2_592_000 })).statusCode).toBe(
      201,
    );
    expect((await call('POST', '/v1/articles/no-such/preview-links', {})).statusCode).toBe(404);
    const anonymous = await ctx.app.inject({ method: 'POST', url: `/v1/articles/${article.id}/preview-links` });
    expect(anonymous.statusCode).toBe(401);
    expect(
      (await ctx.app.inject({ method: 'DELETE', url: `/v1/articles/${article.id}/preview-links` })).statusCode,
    ).toBe(401);
  });
});

describe('preview link tokens in logs', () => {
  const lines: string[] = [];
  let ctx: TestContext | undefined;
  afterAll(async () => {
    await ctx?.app.close();
    if (ctx) fs.rmSync(ctx.dataDir, { recursive: true, force: true });
  });

  it('are never logged', async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    // The app and its token as every test makes them (test/helpers/app.ts), on the engine under test.
    ctx = await makeApp({}, { logger: { level: 'trace', stream } });
    const { app, auth } = ctx;
    const article = json(
      await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { headline: 'Logged' } }),
    );
    const link = json(
      await app.inject({ method: 'POST', url: `/v1/articles/${article.id}/preview-links`, headers: auth }),
    );
    expect((await app.inject({ method: 'GET', url: link.url })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `${link.url}x` })).statusCode).toBe(404);
    const all = lines.join('');
    expect(all).toContain('/v1/preview/[redacted]');
    expect(all).not.toContain(link.token.slice(6));
  });
});
