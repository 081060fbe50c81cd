// Contract: articles are created, read (by id or slug, fully resolved), updated, published and deleted as the
// Article section of the API contract says, with integrity (references, slugs) enforced.
import { describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';
import { createKursk, kursk } from '../helpers/kursk.js';

describe('articles', () => {
  const ctx = useApp();

  const post = (url: string, payload: unknown, headers: Record<string, string> = ctx.auth) =>
    ctx.app.inject({ method: 'POST', url, headers, payload: payload as object });
  const patch = (url: string, payload: unknown, headers: Record<string, string> = ctx.auth) =>
    ctx.app.inject({ method: 'PATCH', url, headers, payload: payload as object });
  const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });
  const quote = async (speaker = 'Volodymyr Zelensky') =>
    json(
      await post('/v1/quotes', { text: `Words of ${speaker}`, speaker, speakerRole: 'President', channel: 'Telegram' }),
    );

  it('reads the Kursk story back whole in one request, by slug, without a token', async () => {
    const { article } = await createKursk(ctx.app, ctx.auth);
    expect(article.status).toBe('published');
    const res = await get(`/v1/articles/${kursk.articles[0]!.slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const story = json(res);
    expect(story.headline).toBe(kursk.articles[0]!.headline);
    expect(story.standfirst).toBe(kursk.articles[0]!.standfirst);
    expect(story.publishedAt).toBe('2024-12-27T10:00:00.000Z');
    expect(story.leadImage).toMatchObject({
      id: story.leadImageId,
      caption: 'North Korean leader Kim Jong Un, center left, meets soldiers',
      credit: 'AP',
      url: 'https://example.org/media/kim-jong-un-meets-soldiers.jpg',
    });
    expect(story.body).toHaveLength(kursk.articles[0]!.body.length);
    expect(story.body.filter((b: any) => b.type === 'paragraph')).toHaveLength(7);
    const quotes = story.body.filter((b: any) => b.type === 'quote').map((b: any) => b.quote);
    expect(quotes.map((q: any) => [q.speaker, q.speakerRole, q.channel])).toEqual([
      ['National Intelligence Service', "South Korea's spy agency", 'statement'],
      ['National Intelligence Service', "South Korea's spy agency", 'statement'],
      ['Militarnyi', 'Ukrainian military media outlet', 'Telegram'],
      ['Volodymyr Zelensky', 'President of Ukraine', 'Telegram'],
    ]);
    for (const block of story.body.filter((b: any) => b.type === 'quote')) expect(block.quote.id).toBe(block.quoteId);
    // by id too
    const byId = await get(`/v1/articles/${story.id}`);
    expect(json(byId).slug).toBe(story.slug);
  });

  it('makes a slug from the headline, transliterating accents, with -2 on a collision', async () => {
    const a = json(await post('/v1/articles', { headline: 'Zürich: São Paulo & Łódź — déjà vu' }));
    expect(a.slug).toBe('zurich-sao-paulo-and-lodz-deja-vu');
    const b = json(await post('/v1/articles', { headline: 'Zürich: São Paulo & Łódź — déjà vu' }));
    expect(b.slug).toBe('zurich-sao-paulo-and-lodz-deja-vu-2');
    const c = json(await post('/v1/articles', { headline: 'Zürich: São Paulo & Łódź — déjà vu' }));
    expect(c.slug).toBe('zurich-sao-paulo-and-lodz-deja-vu-3');
  });

  it('refuses a given slug that is taken (409) and a malformed one (400), without changing anything', async () => {
    await post('/v1/articles', { headline: 'First', slug: 'taken-slug' });
    const dup = await post('/v1/articles', { headline: 'Second', slug: 'taken-slug' });
    expect(dup.statusCode).toBe(409);
    expect(dup.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(dup).errors[0].path).toBe('slug');
    const bad = await post('/v1/articles', { headline: 'Third', slug: 'Not A Slug' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).errors.map((e: any) => e.path)).toEqual(['slug']);
    const other = json(await post('/v1/articles', { headline: 'Other', slug: 'other-slug' }));
    const clash = await patch(`/v1/articles/${other.id}`, { slug: 'taken-slug' });
    expect(clash.statusCode).toBe(409);
    expect(json(await get(`/v1/articles/${other.id}`, ctx.auth)).slug).toBe('other-slug');
  });

  it('is a draft by default, invisible without a token, and publishes with publishedAt set once', async () => {
    const draft = json(await post('/v1/articles', { headline: 'Draft story' }));
    expect(draft).toMatchObject({ status: 'draft', publishedAt: null, tags: [], body: [], leadImage: null });
    expect((await get(`/v1/articles/${draft.id}`)).statusCode).toBe(404);
    expect((await get(`/v1/articles/${draft.slug}`)).statusCode).toBe(404);
    const withToken = await get(`/v1/articles/${draft.id}`, ctx.auth);
    expect(withToken.statusCode).toBe(200);
    expect(withToken.headers['cache-control']).toMatch(/^private/);

    const before = Date.now();
    const published = json(await patch(`/v1/articles/${draft.id}`, { status: 'published' }));
    expect(Date.parse(published.publishedAt)).toBeGreaterThanOrEqual(before - 1);
    expect((await get(`/v1/articles/${draft.id}`)).statusCode).toBe(200);

    const archived = json(await patch(`/v1/articles/${draft.id}`, { status: 'archived' }));
    expect(archived.publishedAt).toBe(published.publishedAt);
    expect((await get(`/v1/articles/${draft.id}`)).statusCode).toBe(404);
    const again = json(await patch(`/v1/articles/${draft.id}`, { status: 'published' }));
    expect(again.publishedAt).toBe(published.publishedAt);
  });

  it('schedules an article with a future publishedAt: 404 and unlisted until then', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const a = json(
      await post('/v1/articles', { headline: 'Embargoed until noon', status: 'published', publishedAt: future }),
    );
    expect(a.publishedAt).toBe(future);
    expect((await get(`/v1/articles/${a.id}`)).statusCode).toBe(404);
    const publicList = json(await get('/v1/articles?limit=100'));
    expect(publicList.data.some((item: any) => item.id === a.id)).toBe(false);
    const scheduled = json(await get('/v1/articles?status=scheduled', ctx.auth));
    expect(scheduled.data.map((item: any) => item.id)).toContain(a.id);
    // in the past: public at once
    const past = json(
      await post('/v1/articles', {
        headline: 'Old news',
        status: 'published',
        publishedAt: '2020-01-01T12:00:00+02:00',
      }),
    );
    expect(past.publishedAt).toBe('2020-01-01T10:00:00.000Z');
    expect((await get(`/v1/articles/${past.id}`)).statusCode).toBe(200);
  });

  // No stored id, slug or reference can hold a NUL character (PostgreSQL's text cannot): a key with one names
  // nothing, on either engine, rather than failing the query.
  it('finds no article by a key holding a NUL, and refuses a reference holding one as missing', async () => {
    for (const url of ['/v1/articles/a%00b', '/v1/articles/a%00b/revisions', '/v1/articles/a%00b.jsonld']) {
      expect((await get(url, ctx.auth)).statusCode).toBe(404);
    }
    const lead = await post('/v1/articles', { headline: 'Nul lead', leadImageId: 'img\u0000' });
    expect(lead.statusCode).toBe(400);
    expect(json(lead).errors).toEqual([{ path: 'leadImageId', message: 'names no existing image' }]);
    const block = await post('/v1/articles', { headline: 'Nul quote', body: [{ type: 'quote', quoteId: 'q\u0000' }] });
    expect(block.statusCode).toBe(400);
    expect(json(block).errors).toEqual([{ path: 'body[0].quoteId', message: 'names no existing quote' }]);
  });

  it('refuses blocks and leadImageId naming missing images or quotes, listing each path', async () => {
    const q = await quote();
    const res = await post('/v1/articles', {
      headline: 'Broken references',
      leadImageId: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      body: [
        { type: 'paragraph', text: 'ok' },
        { type: 'quote', quoteId: 'missing' },
        { type: 'quote', quoteId: q.id },
        { type: 'image', imageId: 'nope' },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(json(res).errors.map((e: any) => e.path)).toEqual(['leadImageId', 'body[1].quoteId', 'body[3].imageId']);
    const list = json(await get('/v1/articles?status=any&q=broken', ctx.auth));
    expect(list.meta.total).toBe(0);
  });

  it('names every bad field: unknown ones, block types, lengths (code points)', async () => {
    const res = await post('/v1/articles', {
      hedline: 'typo',
      headline: '',
      tags: ['ok', ''],
      body: [{ type: 'video', url: 'x' }, { type: 'quote' }, { type: 'paragraph', text: 'x', extra: 1 }],
      status: 'live',
      publishedAt: 'tomorrow',
    });
    expect(res.statusCode).toBe(400);
    const paths = json(res).errors.map((e: any) => e.path);
    for (const path of [
      'hedline',
      'headline',
      'tags[1]',
      'body[0].type',
      'body[1].quoteId',
      'body[2].extra',
      'status',
      'publishedAt',
    ]) {
      expect(paths).toContain(path);
    }
    const emoji = '📰'.repeat(300);
    expect((await post('/v1/articles', { headline: emoji })).statusCode).toBe(201);
    expect((await post('/v1/articles', { headline: `${emoji}x` })).statusCode).toBe(400);
  });

  it('takes back what it gave: a GET body sent with PATCH is accepted (read-only fields ignored)', async () => {
    const { article } = await createKursk(ctx.app, ctx.auth).catch(() => ({ article: null }));
    const source = article ?? json(await post('/v1/articles', { headline: 'Round trip', body: [] }));
    const read = json(await get(`/v1/articles/${source.id}`, ctx.auth));
    const res = await patch(`/v1/articles/${source.id}`, { ...read, slug: `${read.slug}-edited` });
    expect(res.statusCode).toBe(200);
    const updated = json(res);
    expect(updated.body).toEqual(read.body);
    expect(updated.id).toBe(read.id);
    expect(updated.createdAt).toBe(read.createdAt);
  });

  it('serves ETags: 304 on If-None-Match, 412 on a stale If-Match, and a new ETag when a quoted quote changes', async () => {
    const q = await quote('Militarnyi');
    const a = json(
      await post('/v1/articles', {
        headline: 'Etag story',
        status: 'published',
        body: [{ type: 'quote', quoteId: q.id }],
      }),
    );
    const first = await get(`/v1/articles/${a.id}`);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"/);
    expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+/);
    expect(first.headers.vary).toMatch(/Authorization/);
    expect((await get(`/v1/articles/${a.id}`, { 'if-none-match': etag })).statusCode).toBe(304);

    await patch(`/v1/quotes/${q.id}`, { channel: 'statement' });
    const second = await get(`/v1/articles/${a.id}`, { 'if-none-match': etag });
    expect(second.statusCode).toBe(200);
    expect(json(second).body[0].quote.channel).toBe('statement');

    const stale = await patch(`/v1/articles/${a.id}`, { headline: 'Lost update' }, { ...ctx.auth, 'if-match': etag });
    expect(stale.statusCode).toBe(412);
    const fresh = second.headers.etag as string;
    const ok = await patch(`/v1/articles/${a.id}`, { headline: 'Kept update' }, { ...ctx.auth, 'if-match': fresh });
    expect(ok.statusCode).toBe(200);
    const del = await ctx.app.inject({
      method: 'DELETE',
      url: `/v1/articles/${a.id}`,
      headers: { ...ctx.auth, 'if-match': fresh },
    });
    expect(del.statusCode).toBe(412);
    expect((await get(`/v1/articles/${a.id}`)).statusCode).toBe(200);
  });

  it('refuses to delete a quote still in use (409 naming the articles), then deletes it once unused', async () => {
    const q = await quote('National Intelligence Service');
    const a = json(
      await post('/v1/articles', { headline: 'Uses the quote', body: [{ type: 'quote', quoteId: q.id }] }),
    );
    const res = await ctx.app.inject({ method: 'DELETE', url: `/v1/quotes/${q.id}`, headers: ctx.auth });
    expect(res.statusCode).toBe(409);
    expect(json(res).articles).toEqual([{ id: a.id, slug: a.slug }]);
    expect((await get(`/v1/quotes/${q.id}`)).statusCode).toBe(200);
    await patch(`/v1/articles/${a.id}`, { body: [] });
    expect((await ctx.app.inject({ method: 'DELETE', url: `/v1/quotes/${q.id}`, headers: ctx.auth })).statusCode).toBe(
      204,
    );
  });

  it('deletes an article: 204, then 404; needs a token', async () => {
    const a = json(await post('/v1/articles', { headline: 'To delete', status: 'published' }));
    expect((await ctx.app.inject({ method: 'DELETE', url: `/v1/articles/${a.id}` })).statusCode).toBe(401);
    expect(
      (await ctx.app.inject({ method: 'DELETE', url: `/v1/articles/${a.id}`, headers: ctx.auth })).statusCode,
    ).toBe(204);
    expect((await get(`/v1/articles/${a.id}`, ctx.auth)).statusCode).toBe(404);
  });
});
