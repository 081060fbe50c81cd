// Contract: a filtered list's meta.total (q, tag, section and their combinations, any status) is exact after every
// write, through the API or by another process, and when a scheduled article comes due, although totals are kept
// per filter between writes (src/articles/articles-list.sqlite.ts); and it equals the number of items paged.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, useFreshApp } from '../helpers/app.js';
import { elsewhere } from '../helpers/elsewhere.js';

describe('filtered list totals', () => {
  const ctx = useFreshApp();
  afterEach(() => {
    vi.useRealTimers();
  });

  const get = async (url: string, token = true) => {
    const res = await ctx.app.inject({ method: 'GET', url, headers: token ? ctx.auth : {} });
    expect(res.statusCode).toBe(200);
    return json(res) as {
      data: Array<{ id: string; headline: string }>;
      meta: { total: number; nextCursor: string | null };
    };
  };
  const total = async (url: string, token = true) => (await get(url, token)).meta.total;
  const write = async (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
    const res = await ctx.app.inject({ method, url, headers: ctx.auth, payload });
    expect(res.statusCode).toBeLessThan(300);
    return res.payload ? json(res) : null;
  };
  const create = (headline: string, extra: object = {}) =>
    write('POST', '/v1/articles', {
      headline,
      status: 'published',
      section: 'world',
      tags: ['harbour'],
      body: [{ type: 'paragraph', text: 'The harbour strike goes on.' }],
      ...extra,
    }) as Promise<{ id: string }>;

  const filters = [
    '/v1/articles?tag=harbour',
    '/v1/articles?q=harbour',
    '/v1/articles?section=world',
    '/v1/articles?tag=harbour&q=strike',
    '/v1/articles?tag=harbour&section=world',
    '/v1/articles?q=harbour&section=world',
    '/v1/articles?tag=harbour&q=strike&section=world',
  ];

  it('follows API writes at once: create, unpublish, retag, move, edit the text, delete', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await create(`Harbour strike day ${i + 1}`)).id);
    for (const url of filters) {
      expect(await total(url)).toBe(3);
      expect(await total(url, false)).toBe(3);
    }
    const fourth = await create('Harbour strike day 4');
    for (const url of filters) expect(await total(url)).toBe(4);

    await write('PATCH', `/v1/articles/${fourth.id}`, { status: 'draft' });
    for (const url of filters) {
      expect(await total(url)).toBe(3);
      expect(await total(`${url}&status=draft`)).toBe(1);
      expect(await total(`${url}&status=any`)).toBe(4);
    }
    await write('PATCH', `/v1/articles/${ids[0]}`, { tags: ['port'] });
    expect(await total('/v1/articles?tag=harbour')).toBe(2);
    expect(await total('/v1/articles?tag=port')).toBe(1);
    expect(await total('/v1/articles?q=harbour')).toBe(3);
    await write('PATCH', `/v1/articles/${ids[1]}`, { section: 'news' });
    expect(await total('/v1/articles?section=world')).toBe(2);
    expect(await total('/v1/articles?q=harbour&section=world')).toBe(2);
    await write('PATCH', `/v1/articles/${ids[2]}`, {
      headline: 'Quiet day',
      body: [{ type: 'paragraph', text: 'Nothing to report.' }],
    });
    expect(await total('/v1/articles?q=harbour')).toBe(2);
    expect(await total('/v1/articles?tag=harbour&q=strike')).toBe(1);
    await write('DELETE', `/v1/articles/${ids[0]}`);
    expect(await total('/v1/articles?q=harbour')).toBe(1);
    expect(await total('/v1/articles?tag=port')).toBe(0);
  });

  it('follows a write by another process on the same database', async () => {
    await create('Harbour watch');
    const before = await total('/v1/articles?tag=harbour');
    const beforeSearch = await total('/v1/articles?q=lighthouse');
    const [row] = (await elsewhere(ctx, [["SELECT id FROM articles WHERE status = 'published' LIMIT 1"]])) as Array<{
      id: string;
    }>;
    await elsewhere(ctx, [
      ["INSERT INTO article_tags (article_id, tag) VALUES (?, 'harbour-extra')", [row?.id]],
      ["UPDATE articles SET headline = 'Lighthouse keeper' WHERE id = ?", [row?.id]],
    ]);
    expect(await total('/v1/articles?tag=harbour-extra')).toBe(1);
    expect(await total('/v1/articles?tag=harbour-extra', false)).toBe(1);
    expect(await total('/v1/articles?q=lighthouse')).toBe(beforeSearch + 1);
    expect(await total('/v1/articles?tag=harbour')).toBe(before);
  });

  it('counts a scheduled article once it comes due, with no write in between', async () => {
    const dueAt = Date.now() + 60_000;
    await create('Harbour reopens', { publishedAt: new Date(dueAt).toISOString(), tags: ['reopening'] });
    const url = '/v1/articles?tag=reopening&q=harbour';
    expect(await total(url)).toBe(0);
    expect(await total(url, false)).toBe(0);
    expect(await total(`${url}&status=scheduled`)).toBe(1);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(dueAt + 1);
    expect(await total(url)).toBe(1);
    expect(await total(url, false)).toBe(1);
    expect(await total(`${url}&status=scheduled`)).toBe(0);
  });

  it('pages through exactly meta.total items, in order, for every sort', async () => {
    for (let i = 0; i < 7; i++) await create(`Harbour pilots ${i}`, { tags: ['pilots', 'harbour'] });
    for (const sort of ['-publishedAt', 'publishedAt', '-createdAt', 'createdAt', '-updatedAt', 'updatedAt']) {
      for (const filter of ['tag=pilots', 'q=pilots', 'tag=harbour&q=pilots', 'section=world&tag=pilots']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let expected = -1;
        do {
          const page = await get(`/v1/articles?${filter}&sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
          expected = page.meta.total;
          seen.push(...page.data.map((item) => item.id));
          cursor = page.meta.nextCursor;
        } while (cursor);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.length).toBe(expected);
        expect(expected).toBe(7);
      }
    }
  });
});
