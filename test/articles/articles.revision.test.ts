// Contract: an article's read-only `revision` is 1 when created and one more on every write that changes its content
// or status; a write that changes nothing (a PATCH with the values it already has, a re-import of the same bundle)
// changes neither the revision, `updatedAt` nor the ETag.
import { describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';

describe('article revision', () => {
  const ctx = useApp();

  const send = (method: 'POST' | 'PATCH', url: string, payload: unknown, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method, url, headers: { ...ctx.auth, ...headers }, payload: payload as object });
  const read = (url: string) => ctx.app.inject({ method: 'GET', url, headers: ctx.auth });

  async function create(headline: string, extra: Record<string, unknown> = {}) {
    const created = await send('POST', '/v1/articles', { headline, tags: ['a', 'b'], ...extra });
    expect(created.statusCode).toBe(201);
    return { body: json(created), etag: created.headers.etag as string };
  }

  it('is 1 on create, in the answer, the single read and the list', async () => {
    const { body } = await create('First revision', { status: 'published' });
    expect(body.revision).toBe(1);
    expect(json(await read(`/v1/articles/${body.id}`)).revision).toBe(1);
    const list = json(await read('/v1/articles?limit=100'));
    expect(list.data.find((item: { id: string }) => item.id === body.id).revision).toBe(1);
  });

  it('grows by one on each write that changes the article, status included', async () => {
    const { body } = await create('Growing');
    const edited = await send('PATCH', `/v1/articles/${body.id}`, { standfirst: 'Now with a dek' });
    expect(json(edited).revision).toBe(2);
    const published = await send('PATCH', `/v1/articles/${body.id}`, { status: 'published' });
    expect(json(published).revision).toBe(3);
    expect(json(await read(`/v1/articles/${body.id}`)).revision).toBe(3);
  });

  it('does not move on a PATCH that changes nothing: same revision, updatedAt and ETag, If-Match still good', async () => {
    const { body, etag } = await create('Unchanged by a no-op', { section: 'news', byline: 'A. Reporter' });
    const same = await send(
      'PATCH',
      `/v1/articles/${body.id}`,
      { headline: body.headline, section: 'news', tags: ['a', 'b'], byline: 'A. Reporter', status: 'draft', body: [] },
      { 'if-match': etag },
    );
    expect(same.statusCode).toBe(200);
    expect(same.headers.etag).toBe(etag);
    expect(json(same)).toEqual(body);
    // The whole article as read, sent back: still nothing changed.
    const roundTrip = await send('PATCH', `/v1/articles/${body.id}`, body, { 'if-match': etag });
    expect(roundTrip.statusCode).toBe(200);
    expect(json(roundTrip)).toMatchObject({ revision: 1, updatedAt: body.updatedAt });
    const again = await read(`/v1/articles/${body.id}`);
    expect(again.headers.etag).toBe(etag);
    expect(json(again)).toEqual(body);
    // An empty PATCH changes nothing either.
    expect(json(await send('PATCH', `/v1/articles/${body.id}`, {})).revision).toBe(1);
  });

  it('re-publishing a published article with its own time is a no-op', async () => {
    const { body } = await create('Published once', { status: 'published', publishedAt: '2025-01-10T09:30:00.000Z' });
    const again = json(await send('PATCH', `/v1/articles/${body.id}`, { status: 'published' }));
    expect(again).toMatchObject({ revision: 1, publishedAt: '2025-01-10T09:30:00.000Z', updatedAt: body.updatedAt });
  });

  it('is ignored when sent, like the other read-only fields', async () => {
    const { body } = await create('Read-only revision', { revision: 40 });
    expect(body.revision).toBe(1);
    const patched = json(await send('PATCH', `/v1/articles/${body.id}`, { revision: 99, headline: 'Renamed' }));
    expect(patched.revision).toBe(2);
  });

  it('moves once for an import that changes an article and not at all for one that leaves it', async () => {
    const bundle = (standfirst: string) => ({
      articles: [{ slug: 'imported-revision', headline: 'Imported', standfirst, status: 'published' }],
    });
    expect((await send('POST', '/v1/import', bundle('One'))).statusCode).toBe(200);
    expect(json(await read('/v1/articles/imported-revision')).revision).toBe(1);
    const same = json(await send('POST', '/v1/import', bundle('One')));
    expect(same.unchanged.articles).toBe(1);
    expect(json(await read('/v1/articles/imported-revision')).revision).toBe(1);
    expect(json(await send('POST', '/v1/import', bundle('Two'))).updated.articles).toBe(1);
    expect(json(await read('/v1/articles/imported-revision')).revision).toBe(2);
  });
});
