// Contract: tokens are 256 random bits stored only as SHA-256 hashes and revocable at once; a valid token without
// the scope a request needs is a 403 (read: see drafts; write: change content), and a refused write changes nothing.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';
import { expectProblemShape, openStoredRows, type StoredRows } from './helpers.js';

describe('token scopes', () => {
  const ctx = useApp();
  let stored: StoredRows;
  let readOnly: { authorization: string };
  let writeOnly: { authorization: string };
  let quoteId: string;
  let draftId: string;

  beforeAll(async () => {
    stored = await openStoredRows(ctx);
    readOnly = { authorization: `Bearer ${await ctx.makeToken('reader', ['read'])}` };
    writeOnly = { authorization: `Bearer ${await ctx.makeToken('writer', ['write'])}` };
    const quote = await ctx.app.inject({
      method: 'POST',
      url: '/v1/quotes',
      headers: ctx.auth,
      payload: { text: 'We will respond.', speaker: 'Ministry of Defence' },
    });
    quoteId = json(quote).id;
    const draft = await ctx.app.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: ctx.auth,
      payload: { headline: 'A draft nobody may see', body: [{ type: 'quote', quoteId }] },
    });
    draftId = json(draft).id;
  });
  afterAll(() => stored?.close());

  const writes = () =>
    [
      { method: 'POST', url: '/v1/quotes', payload: { text: 'x', speaker: 'y' } },
      { method: 'PATCH', url: `/v1/quotes/${quoteId}`, payload: { text: 'changed' } },
      { method: 'DELETE', url: `/v1/quotes/${quoteId}` },
      { method: 'POST', url: '/v1/articles', payload: { headline: 'New' } },
      { method: 'PATCH', url: `/v1/articles/${draftId}`, payload: { headline: 'Changed' } },
      { method: 'DELETE', url: `/v1/articles/${draftId}` },
      { method: 'POST', url: '/v1/images', payload: { sourceUrl: 'https://example.org/a.jpg', altText: 'a' } },
      { method: 'POST', url: '/v1/import', payload: { quotes: [{ text: 'x', speaker: 'y' }] } },
    ] as const;

  it('a read-only token may not write: 403 naming the scope, and nothing changes', async () => {
    const before = await stored.snapshot();
    for (const request of writes()) {
      const res = await ctx.app.inject({ ...request, headers: readOnly });
      expect(res.statusCode, `${request.method} ${request.url}`).toBe(403);
      const body = expectProblemShape(res);
      expect(body.code).toBe('FORBIDDEN');
      expect(body.detail).toContain('"write"');
    }
    expect(await stored.snapshot()).toBe(before);
  });

  it('a write-only token may not list drafts (403), while a token-less request is still a 401', async () => {
    for (const status of ['draft', 'archived', 'scheduled', 'any']) {
      const res = await ctx.app.inject({ method: 'GET', url: `/v1/articles?status=${status}`, headers: writeOnly });
      expect(res.statusCode, status).toBe(403);
      expect(expectProblemShape(res).detail).toContain('"read"');
      const anonymous = await ctx.app.inject({ method: 'GET', url: `/v1/articles?status=${status}` });
      expect(anonymous.statusCode).toBe(401);
    }
  });

  it('a write-only token sees a draft as anonymous users do: it does not exist (404), and its quotes are hidden', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/v1/articles/${draftId}`, headers: writeOnly });
    expect(res.statusCode).toBe(404);
    const quotes = await ctx.app.inject({ method: 'GET', url: `/v1/quotes?articleId=${draftId}`, headers: writeOnly });
    expect(json(quotes).data).toEqual([]);
  });

  it('a read-only token sees drafts; a write-only token writes', async () => {
    const list = await ctx.app.inject({ method: 'GET', url: '/v1/articles?status=draft', headers: readOnly });
    expect(list.statusCode).toBe(200);
    expect(json(list).data.map((a: { id: string }) => a.id)).toContain(draftId);
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/v1/quotes',
      headers: writeOnly,
      payload: { text: 'Written with a write-only token.', speaker: 'Desk' },
    });
    expect(created.statusCode).toBe(201);
  });
});

describe('token storage', () => {
  const ctx = useApp();

  it('stores only the SHA-256 of a 256-bit token, never the token', async () => {
    const token = await ctx.makeToken('stored', ['read']);
    expect(token).toMatch(/^ncms_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(5), 'base64url')).toHaveLength(32);
    const stored = await openStoredRows(ctx);
    try {
      const dump = await stored.snapshot();
      expect(dump).not.toContain(token);
      expect(dump).not.toContain(token.slice(5));
      const row = (await stored.rows('tokens')).find((token) => token.name === 'stored');
      expect(row?.hash).toBe(createHash('sha256').update(token).digest('hex'));
    } finally {
      await stored.close();
    }
  });

  it('two tokens made in a row differ', async () => {
    const seen = new Set(await Promise.all(Array.from({ length: 20 }, (_, i) => ctx.makeToken(`many-${i}`))));
    expect(seen.size).toBe(20);
  });

  it('a revoked token is refused on the very next request', async () => {
    const token = await ctx.makeToken('short-lived');
    const headers = { authorization: `Bearer ${token}` };
    expect((await ctx.app.inject({ method: 'GET', url: '/v1/articles?status=any', headers })).statusCode).toBe(200);
    await ctx.revokeToken('short-lived');
    const res = await ctx.app.inject({ method: 'GET', url: '/v1/articles?status=any', headers });
    expect(res.statusCode).toBe(401);
  });

  it('a token that differs from a real one in its last character is refused', async () => {
    const token = await ctx.makeToken('near-miss');
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/v1/quotes',
      headers: { authorization: `Bearer ${token.slice(0, -1)}${last}` },
    });
    expect(res.statusCode).toBe(401);
  });
});
