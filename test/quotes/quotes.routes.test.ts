// Contract: quotes are created, read, listed, filtered, updated and deleted as the OpenAPI document's Quote operations describe.
import { describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';

const zelensky = {
  text: 'There is a risk that North Korea will send more soldiers and military equipment to the Russian army.',
  speaker: 'Volodymyr Zelensky',
  speakerRole: 'President of Ukraine',
  organisation: 'Ukraine',
  channel: 'Telegram',
  saidAt: '2024-12-23T02:00:00+02:00',
};

describe('quotes', () => {
  const ctx = useApp();

  it('creates a quote: 201, Location, UTC times with milliseconds', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/quotes', headers: ctx.auth, payload: zelensky });
    expect(res.statusCode).toBe(201);
    const body = json(res);
    expect(res.headers.location).toBe(`/v1/quotes/${body.id}`);
    expect(body).toMatchObject({ ...zelensky, saidAt: '2024-12-23T00:00:00.000Z', sourceUrl: null });
    expect(body.id).toMatch(/^[0-9A-Z]{26}$/);
    expect(body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('refuses a write without a token (401, problem+json)', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/quotes', payload: zelensky });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(json(res)).toMatchObject({ status: 401, title: 'Unauthorized', type: 'about:blank' });
  });

  it('lists every failing field, unknown ones included', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/quotes',
      headers: ctx.auth,
      payload: { text: '', speker: 'x', sourceUrl: 'javascript:alert(1)', saidAt: 'yesterday' },
    });
    expect(res.statusCode).toBe(400);
    const paths = json(res)
      .errors.map((e: { path: string }) => e.path)
      .sort();
    expect(paths).toEqual(['saidAt', 'sourceUrl', 'speaker', 'speker', 'text']);
  });

  it('reads back with an ETag and answers 304 to If-None-Match', async () => {
    const created = json(
      await ctx.app.inject({ method: 'POST', url: '/v1/quotes', headers: ctx.auth, payload: zelensky }),
    );
    const res = await ctx.app.inject({ method: 'GET', url: `/v1/quotes/${created.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBeTruthy();
    expect(res.headers['cache-control']).toMatch(/^public/);
    const again = await ctx.app.inject({
      method: 'GET',
      url: `/v1/quotes/${created.id}`,
      headers: { 'if-none-match': res.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    expect(again.payload).toBe('');
  });

  it('patches with If-Match and refuses a stale one with 412', async () => {
    const created = await ctx.app.inject({ method: 'POST', url: '/v1/quotes', headers: ctx.auth, payload: zelensky });
    const { id } = json(created);
    const etag = created.headers.etag as string;
    const ok = await ctx.app.inject({
      method: 'PATCH',
      url: `/v1/quotes/${id}`,
      headers: { ...ctx.auth, 'if-match': etag },
      payload: { channel: 'interview' },
    });
    expect(ok.statusCode).toBe(200);
    expect(json(ok).channel).toBe('interview');
    const stale = await ctx.app.inject({
      method: 'PATCH',
      url: `/v1/quotes/${id}`,
      headers: { ...ctx.auth, 'if-match': etag },
      payload: { channel: 'statement' },
    });
    expect(stale.statusCode).toBe(412);
    const read = json(await ctx.app.inject({ method: 'GET', url: `/v1/quotes/${id}` }));
    expect(read.channel).toBe('interview');
  });

  it('filters by speaker case-insensitively and by q', async () => {
    await ctx.app.inject({
      method: 'POST',
      url: '/v1/quotes',
      headers: ctx.auth,
      payload: { text: 'We confirmed the capture of a soldier.', speaker: 'National Intelligence Service' },
    });
    const bySpeaker = json(
      await ctx.app.inject({ method: 'GET', url: '/v1/quotes?speaker=national%20intelligence%20SERVICE' }),
    );
    expect(bySpeaker.data).toHaveLength(1);
    expect(bySpeaker.meta.total).toBe(1);
    const byText = json(await ctx.app.inject({ method: 'GET', url: '/v1/quotes?q=captur' }));
    expect(byText.data.map((q: { speaker: string }) => q.speaker)).toEqual(['National Intelligence Service']);
  });

  it('pages with a cursor and rejects bad parameters', async () => {
    const first = json(await ctx.app.inject({ method: 'GET', url: '/v1/quotes?limit=2' }));
    expect(first.data).toHaveLength(2);
    expect(first.meta.nextCursor).toBeTruthy();
    const seen = new Set(first.data.map((q: { id: string }) => q.id));
    let cursor = first.meta.nextCursor;
    while (cursor) {
      const page = json(await ctx.app.inject({ method: 'GET', url: `/v1/quotes?limit=2&cursor=${cursor}` }));
      for (const q of page.data) {
        expect(seen.has(q.id)).toBe(false);
        seen.add(q.id);
      }
      cursor = page.meta.nextCursor;
    }
    expect(seen.size).toBe(first.meta.total);
    for (const bad of ['limit=0', 'limit=101', 'cursor=%21%21', 'sort=speaker', 'limit=abc']) {
      const res = await ctx.app.inject({ method: 'GET', url: `/v1/quotes?${bad}` });
      expect(res.statusCode, bad).toBe(400);
      expect(json(res).errors[0].path).toBe(bad.split('=')[0]);
    }
  });

  it('deletes with 204, then 404', async () => {
    const { id } = json(
      await ctx.app.inject({ method: 'POST', url: '/v1/quotes', headers: ctx.auth, payload: zelensky }),
    );
    const del = await ctx.app.inject({ method: 'DELETE', url: `/v1/quotes/${id}`, headers: ctx.auth });
    expect(del.statusCode).toBe(204);
    const gone = await ctx.app.inject({ method: 'GET', url: `/v1/quotes/${id}` });
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
