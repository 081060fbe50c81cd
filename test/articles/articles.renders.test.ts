// Contract: an article's ETag changes when it or any image or quote it shows changes (openapi/openapi.json, ETag), and every
// read, list card, 304 and If-Match agrees with it. Reads and lists are served from each article's rendering kept
// by ETag (articles/article-renders.ts) and ETags come from one statement (findHead): neither may show a stale
// image or quote, nor 304 a changed article.
import { describe, expect, it, vi } from 'vitest';
import { json, type TestContext, useApp } from '../helpers/app.js';
import { elsewhere } from '../helpers/elsewhere.js';
import { makePicture, upload } from '../images/pictures.js';

async function makeStory(ctx: TestContext, headline: string) {
  const image = json(await upload(ctx.app, ctx.auth, await makePicture('png'), { altText: 'Harbour at dawn' }));
  const quote = json(
    await ctx.app.inject({
      method: 'POST',
      url: '/v1/quotes',
      headers: ctx.auth,
      payload: { text: 'We will rebuild.', speaker: 'The mayor' },
    }),
  );
  const created = await ctx.app.inject({
    method: 'POST',
    url: '/v1/articles',
    headers: ctx.auth,
    payload: {
      headline,
      status: 'published',
      leadImageId: image.id,
      body: [
        { type: 'paragraph', text: 'Storm damage.' },
        { type: 'quote', quoteId: quote.id },
        { type: 'image', imageId: image.id },
      ],
    },
  });
  expect(created.statusCode, created.payload).toBe(201);
  return { article: json(created), etag: created.headers.etag as string, image, quote };
}

describe.each([
  ['all caches on', {}],
  ['per-article renders only (RENDER_CACHE=articles)', { RENDER_CACHE: 'articles' }],
  ['nothing kept (RENDER_CACHE=false)', { RENDER_CACHE: 'false' }],
])('article renders and ETags: %s', (_name, env) => {
  const ctx = useApp(env);
  const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });
  const patch = (url: string, payload: object, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'PATCH', url, headers: { ...ctx.auth, ...headers }, payload });

  it('the ETag a write answers is the one reads give, and revalidates with a 304 (also after other writes)', async () => {
    const { article, etag } = await makeStory(ctx, 'Storm hits the harbour');
    const read = await get(`/v1/articles/${article.slug}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe(etag);
    expect(json(read)).toEqual(article);
    // Another article's write empties the response caches; the 304 still costs no rendering and still matches.
    await makeStory(ctx, 'Unrelated story');
    const revalidated = await get(`/v1/articles/${article.id}`, { 'if-none-match': etag });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.headers.etag).toBe(etag);
    expect(revalidated.payload).toBe('');
  });

  it('articles first rendered in a list with bodies keep their own ETag (not their neighbours newest image)', async () => {
    const older = await makeStory(ctx, 'Older story');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newer = await makeStory(ctx, 'Newer story');
    const listed = json(await get('/v1/articles?include=body&limit=100')).data;
    expect(listed.find((a: any) => a.id === older.article.id)).toEqual(older.article);
    for (const story of [older, newer]) {
      const read = await get(`/v1/articles/${story.article.id}`);
      expect(read.headers.etag).toBe(story.etag);
      expect((await get(`/v1/articles/${story.article.slug}`, { 'if-none-match': story.etag })).statusCode).toBe(304);
    }
  });

  it('a quote edit changes the ETag of the article quoting it, its read and its list item with body', async () => {
    const { article, etag, quote } = await makeStory(ctx, 'Mayor speaks');
    await get(`/v1/articles/${article.id}`);
    await get('/v1/articles?include=body&limit=100');
    expect((await patch(`/v1/quotes/${quote.id}`, { text: 'We will rebuild, stronger.' })).statusCode).toBe(200);

    const read = await get(`/v1/articles/${article.id}`, { 'if-none-match': etag });
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).not.toBe(etag);
    expect(json(read).body[1].quote.text).toBe('We will rebuild, stronger.');
    const listed = json(await get('/v1/articles?include=body&limit=100')).data.find((a: any) => a.id === article.id);
    expect(listed.body[1].quote.text).toBe('We will rebuild, stronger.');
    // The new ETag is what If-Match takes; the old one is refused.
    expect((await patch(`/v1/articles/${article.id}`, { byline: 'A' }, { 'if-match': etag })).statusCode).toBe(412);
    const fresh = read.headers.etag as string;
    expect((await patch(`/v1/articles/${article.id}`, { byline: 'A' }, { 'if-match': fresh })).statusCode).toBe(200);
  });

  it("an image edit shows at once in the list cards that lead with it, and in the article's ETag", async () => {
    const { article, etag, image } = await makeStory(ctx, 'Harbour pictures');
    const card = () =>
      get('/v1/articles?limit=100').then((res) => json(res).data.find((a: any) => a.id === article.id));
    expect((await card()).leadImage.altText).toBe('Harbour at dawn');
    expect((await patch(`/v1/images/${image.id}`, { altText: 'Harbour at dusk' })).statusCode).toBe(200);
    expect((await card()).leadImage.altText).toBe('Harbour at dusk');
    const read = await get(`/v1/articles/${article.id}`);
    expect(read.headers.etag).not.toBe(etag);
    expect(json(read).leadImage.altText).toBe('Harbour at dusk');
    expect(json(read).body[2].image.altText).toBe('Harbour at dusk');
  });

  it("another connection's write shows in list cards and reads even when it leaves the version alone", async () => {
    const { article } = await makeStory(ctx, 'Before the script');
    await get('/v1/articles?limit=100');
    await get(`/v1/articles/${article.id}`);
    await elsewhere(ctx, [['UPDATE articles SET headline = ? WHERE id = ?', ['After the script', article.id]]]);
    const listed = json(await get('/v1/articles?limit=100')).data.find((a: any) => a.id === article.id);
    expect(listed.headline).toBe('After the script');
    expect(json(await get(`/v1/articles/${article.id}`)).headline).toBe('After the script');
  });

  it('an image or quote edit shows at once even when the clock is behind the newest edit (stepped back)', async () => {
    const { article, image, quote } = await makeStory(ctx, 'Clock stepped back');
    await new Promise((resolve) => setTimeout(resolve, 10));
    // A later picture and a later quote hold their tables' newest updated_at.
    const later = await upload(ctx.app, ctx.auth, await makePicture('png', { seed: 3 }), { altText: 'Later' });
    expect(later.statusCode).toBe(201);
    const laterQuote = await ctx.app.inject({
      method: 'POST',
      url: '/v1/quotes',
      headers: ctx.auth,
      payload: { text: 'Later.', speaker: 'Someone else' },
    });
    expect(laterQuote.statusCode).toBe(201);
    expect(json(await get(`/v1/articles/${article.id}`)).leadImage.caption).toBeNull();

    // The clock steps back to just after the story was published (an NTP correction): edits made now carry an
    // updated_at older than the later picture's and quote's.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.parse(article.publishedAt) + 1);
      const etagBefore = (await get(`/v1/articles/${article.id}`)).headers.etag as string;
      expect((await patch(`/v1/images/${image.id}`, { caption: 'Seen from the pier' })).statusCode).toBe(200);
      // The ETag moves too: no 304 for the old one, and If-Match with it is a 412.
      const revalidated = await get(`/v1/articles/${article.id}`, { 'if-none-match': etagBefore });
      expect(revalidated.statusCode).toBe(200);
      expect(revalidated.headers.etag).not.toBe(etagBefore);
      const stale = await patch(`/v1/articles/${article.id}`, { byline: 'Staff' }, { 'if-match': etagBefore });
      expect(stale.statusCode).toBe(412);
      const afterImage = json(await get(`/v1/articles/${article.id}`));
      expect(afterImage.leadImage.caption).toBe('Seen from the pier');
      expect(afterImage.body[2].image.caption).toBe('Seen from the pier');
      const card = json(await get('/v1/articles?limit=100')).data.find((a: { id: string }) => a.id === article.id);
      expect(card.leadImage.caption).toBe('Seen from the pier');
      // Twice in the same millisecond: each edit shows.
      expect((await patch(`/v1/quotes/${quote.id}`, { text: 'First take.' })).statusCode).toBe(200);
      expect(json(await get(`/v1/articles/${article.id}`)).body[1].quote.text).toBe('First take.');
      expect((await patch(`/v1/quotes/${quote.id}`, { text: 'Second take.' })).statusCode).toBe(200);
      expect(json(await get(`/v1/articles/${article.id}`)).body[1].quote.text).toBe('Second take.');
    } finally {
      vi.useRealTimers();
    }
  });

  it('a draft: 404 without a token (even with its ETag), readable with one', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: ctx.auth,
      payload: { headline: 'Still a draft' },
    });
    const etag = created.headers.etag as string;
    expect((await get(`/v1/articles/${json(created).id}`, { 'if-none-match': etag })).statusCode).toBe(404);
    expect((await get(`/v1/articles/${json(created).id}`, { ...ctx.auth, 'if-none-match': etag })).statusCode).toBe(
      304,
    );
    const read = await get(`/v1/articles/${json(created).id}`, ctx.auth);
    expect(read.statusCode).toBe(200);
    expect(read.headers['cache-control']).toBe('private, no-cache');
  });
});
