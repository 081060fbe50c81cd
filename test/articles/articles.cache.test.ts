// Contract: public article reads served from the rendered copy are exactly what a fresh read gives, and no write
// (through the API, or by another process on the same database) is ever hidden by it.
import { describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';
import { elsewhere } from '../helpers/elsewhere.js';

describe('rendered article cache', () => {
  const ctx = useApp();
  const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });

  it('answers a repeated read with the same body, headers and ETag', async () => {
    const created = json(
      await ctx.app.inject({
        method: 'POST',
        url: '/v1/articles',
        headers: ctx.auth,
        payload: {
          headline: 'Cached story',
          status: 'published',
          tags: ['a'],
          body: [{ type: 'paragraph', text: 'Hi' }],
        },
      }),
    );
    const first = await get(`/v1/articles/${created.slug}`);
    const second = await get(`/v1/articles/${created.slug}`);
    expect(second.statusCode).toBe(200);
    expect(second.payload).toBe(first.payload);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
    expect(second.headers['cache-control']).toBe(first.headers['cache-control']);
    expect(
      (await get(`/v1/articles/${created.slug}`, { 'if-none-match': first.headers.etag as string })).statusCode,
    ).toBe(304);
  });

  it('shows an API write at once: edits, archiving, deleting', async () => {
    const created = json(
      await ctx.app.inject({
        method: 'POST',
        url: '/v1/articles',
        headers: ctx.auth,
        payload: { headline: 'Will change', status: 'published' },
      }),
    );
    const url = `/v1/articles/${created.id}`;
    expect(json(await get(url)).headline).toBe('Will change');
    await ctx.app.inject({ method: 'PATCH', url, headers: ctx.auth, payload: { headline: 'Changed' } });
    expect(json(await get(url)).headline).toBe('Changed');
    await ctx.app.inject({ method: 'PATCH', url, headers: ctx.auth, payload: { status: 'archived' } });
    expect((await get(url)).statusCode).toBe(404);
    await ctx.app.inject({ method: 'PATCH', url, headers: ctx.auth, payload: { status: 'published' } });
    expect((await get(url)).statusCode).toBe(200);
    await ctx.app.inject({ method: 'DELETE', url, headers: ctx.auth });
    expect((await get(url)).statusCode).toBe(404);
  });

  it('shows a write made by another connection (a CLI on the same database)', async () => {
    const created = json(
      await ctx.app.inject({
        method: 'POST',
        url: '/v1/articles',
        headers: ctx.auth,
        payload: { headline: 'Before the seed', status: 'published' },
      }),
    );
    const url = `/v1/articles/${created.slug}`;
    expect(json(await get(url)).headline).toBe('Before the seed');
    await elsewhere(ctx, [
      ['UPDATE articles SET headline = ?, version = version + 1 WHERE id = ?', ['After the seed', created.id]],
    ]);
    expect(json(await get(url)).headline).toBe('After the seed');
  });

  it('never serves a draft from it, with or without a token', async () => {
    const created = json(
      await ctx.app.inject({
        method: 'POST',
        url: '/v1/articles',
        headers: ctx.auth,
        payload: { headline: 'A draft' },
      }),
    );
    expect((await get(`/v1/articles/${created.id}`, ctx.auth)).statusCode).toBe(200);
    expect((await get(`/v1/articles/${created.id}`)).statusCode).toBe(404);
  });

  it('keeps public list pages fresh: new articles, other connections, and scheduled ones coming due', async () => {
    const headlines = async () => json(await get('/v1/articles?limit=100')).data.map((a: any) => a.headline);
    const first = await get('/v1/articles?limit=100');
    expect((await get('/v1/articles?limit=100')).payload).toBe(first.payload);

    await ctx.app.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: ctx.auth,
      payload: { headline: 'Fresh on the list', status: 'published' },
    });
    expect(await headlines()).toContain('Fresh on the list');

    await elsewhere(ctx, [["UPDATE articles SET headline = 'Renamed elsewhere' WHERE headline = 'Fresh on the list'"]]);
    expect(await headlines()).toContain('Renamed elsewhere');

    const dueAt = Date.now() + 1_200;
    await ctx.app.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: ctx.auth,
      payload: { headline: 'Embargo lifts soon', status: 'published', publishedAt: new Date(dueAt).toISOString() },
    });
    expect(await headlines()).not.toContain('Embargo lifts soon');
    await new Promise((resolve) => setTimeout(resolve, dueAt - Date.now() + 50));
    expect(await headlines()).toContain('Embargo lifts soon');
  });
});
