// Contract: GET /v1/articles lists the public articles by default, filters by status, section, tag and q, sorts,
// and pages stably with a cursor; meta.total counts every match.
import { beforeAll, describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';

describe('article lists', () => {
  const ctx = useApp();
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await ctx.app.inject({ method: 'GET', url, headers });
    return { res, body: json(res) };
  };
  const sameTime = '2025-01-10T09:30:00.000Z';

  beforeAll(async () => {
    const create = (payload: object) =>
      ctx.app.inject({ method: 'POST', url: '/v1/articles', headers: ctx.auth, payload });
    // Eight published at the same instant (paging must still be stable), some in sections and tags.
    for (let i = 0; i < 8; i++) {
      await create({
        headline: `Same time story ${i}`,
        status: 'published',
        publishedAt: sameTime,
        section: i % 2 === 0 ? 'news' : 'sport',
        tags: i < 3 ? ['ukraine', 'war'] : ['football'],
        body: [{ type: 'paragraph', text: i === 5 ? 'Pyongyang sends troops to Kursk' : 'Nothing to see' }],
      });
    }
    await create({
      headline: 'Newest story',
      status: 'published',
      publishedAt: '2025-02-01T00:00:00.000Z',
      section: 'news',
    });
    await create({ headline: 'Oldest story', status: 'published', publishedAt: '2024-01-01T00:00:00.000Z' });
    await create({ headline: 'A draft about Kursk', body: [{ type: 'paragraph', text: 'Kursk' }] });
    await create({ headline: 'Archived', status: 'archived', publishedAt: '2024-06-01T00:00:00.000Z' });
    await create({ headline: 'Scheduled', status: 'published', publishedAt: '2999-01-01T00:00:00.000Z' });
  });

  it('lists published articles newest first by default, with meta, for everyone', async () => {
    const { res, body } = await get('/v1/articles');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toMatch(/^public/);
    expect(body.meta).toEqual({ total: 10, limit: 20, nextCursor: null });
    expect(body.data[0].headline).toBe('Newest story');
    expect(body.data.at(-1).headline).toBe('Oldest story');
    expect(body.data.every((a: any) => a.status === 'published')).toBe(true);
    expect(body.data[0]).not.toHaveProperty('body');
    expect(body.data[0]).toHaveProperty('leadImage', null);
  });

  it('walks every page once, even when sort values are equal', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { body } = await get(`/v1/articles?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(body.meta.total).toBe(10);
      seen.push(...body.data.map((a: any) => a.id));
      cursor = body.meta.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(10);
    for (const sort of ['publishedAt', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt']) {
      const ids: string[] = [];
      let next: string | null = null;
      do {
        const { body } = await get(`/v1/articles?limit=4&sort=${sort}${next ? `&cursor=${next}` : ''}`);
        ids.push(...body.data.map((a: any) => a.id));
        next = body.meta.nextCursor;
      } while (next);
      expect(new Set(ids).size, sort).toBe(10);
    }
  });

  it('filters by section, tag and q, and counts the matches', async () => {
    expect((await get('/v1/articles?section=news')).body.meta.total).toBe(5);
    expect((await get('/v1/articles?tag=ukraine')).body.data.map((a: any) => a.tags)).toEqual([
      ['ukraine', 'war'],
      ['ukraine', 'war'],
      ['ukraine', 'war'],
    ]);
    expect((await get('/v1/articles?tag=ukraine&section=news')).body.meta.total).toBe(2);
    const search = await get('/v1/articles?q=pyongyang%20kurs');
    expect(search.body.data.map((a: any) => a.headline)).toEqual(['Same time story 5']);
    // The draft mentions Kursk too, but is not public.
    expect((await get('/v1/articles?q=kursk')).body.meta.total).toBe(1);
    expect((await get('/v1/articles?q=kursk&status=any', ctx.auth)).body.meta.total).toBe(2);
    expect((await get('/v1/articles?q=%22%2A%29')).body.meta.total).toBe(0);
  });

  it('ranks by relevance on request: a headline hit before a body hit', async () => {
    await ctx.app.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: ctx.auth,
      payload: { headline: 'Pyongyang answers', status: 'published', publishedAt: '2020-01-01T00:00:00Z' },
    });
    const { body } = await get('/v1/articles?q=pyongyang&sort=relevance');
    expect(body.data.map((a: any) => a.headline)).toEqual(['Pyongyang answers', 'Same time story 5']);
    const page1 = await get('/v1/articles?q=pyongyang&sort=relevance&limit=1');
    const page2 = await get(`/v1/articles?q=pyongyang&sort=relevance&limit=1&cursor=${page1.body.meta.nextCursor}`);
    expect(page2.body.data.map((a: any) => a.headline)).toEqual(['Same time story 5']);
    expect((await get('/v1/articles?sort=relevance')).res.statusCode).toBe(400);
    await ctx.app.inject({ method: 'DELETE', url: `/v1/articles/${body.data[0].id}`, headers: ctx.auth });
  });

  it('lists drafts, archived, scheduled or any with a token, and 401s without one', async () => {
    const statuses = { draft: 1, archived: 1, scheduled: 1, any: 13, published: 10 } as const;
    for (const [status, total] of Object.entries(statuses)) {
      const { res, body } = await get(`/v1/articles?status=${status}`, ctx.auth);
      expect(res.statusCode, status).toBe(200);
      expect(body.meta.total, status).toBe(total);
      if (status !== 'published') {
        expect((await get(`/v1/articles?status=${status}`)).res.statusCode, status).toBe(401);
      }
    }
    expect((await get('/v1/articles?status=published')).body.meta.total).toBe(10);
    const withToken = await get('/v1/articles', ctx.auth);
    expect(withToken.res.headers['cache-control']).toMatch(/^private/);
    expect(withToken.body.meta.total).toBe(10);
  });

  it('adds resolved bodies with include=body', async () => {
    const { body } = await get('/v1/articles?include=body&tag=football&limit=1');
    expect(body.data[0].body[0]).toEqual({ type: 'paragraph', text: expect.any(String) });
  });

  it('refuses bad parameters with a 400 naming them, never clamping', async () => {
    for (const [query, path] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=0x10', 'limit'],
      ['limit=1e1', 'limit'],
      ['limit=%205', 'limit'],
      ['cursor=garbage!', 'cursor'],
      ['sort=headline', 'sort'],
      ['status=live', 'status'],
      ['include=everything', 'include'],
      ['tags=ukraine', 'tags'],
    ] as const) {
      const { res, body } = await get(`/v1/articles?${query}`, ctx.auth);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(
        body.errors.map((e: any) => e.path),
        query,
      ).toEqual([path]);
    }
    // a cursor made for another sort
    const { body } = await get('/v1/articles?limit=1');
    expect((await get(`/v1/articles?sort=createdAt&cursor=${body.meta.nextCursor}`)).res.statusCode).toBe(400);
  });
});
