// Contract: POST /v1/import loads a fixture bundle all or nothing and idempotently (matched by slug and key,
// updated in place keeping ids), with dryRun, and refuses a bad bundle whole, naming every bad item by its path.
import { describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';
import { counts, kurskBundle, postBundle, totals } from './bundles.js';

const SLUG = 'ukraine-captures-north-korean-soldier-kursk';

describe('POST /v1/import', () => {
  const ctx = useApp();
  const get = async (url: string) => {
    const res = await ctx.app.inject({ method: 'GET', url, headers: ctx.auth });
    expect(res.statusCode).toBe(200);
    return json(res);
  };
  const load = async (bundle: unknown, query = '') => {
    const res = await postBundle(ctx.app, ctx.auth, bundle, query);
    expect(res.statusCode, res.payload).toBe(200);
    return json(res);
  };

  it('loads the Kursk story: images, quotes and the article naming them by key', async () => {
    const res = await postBundle(ctx.app, ctx.auth, kurskBundle('first'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(json(res)).toEqual({ created: counts(1, 1, 4), updated: counts(0, 0, 0), unchanged: counts(0, 0, 0) });

    const story = await get(`/v1/articles/${SLUG}-first`);
    expect(story.status).toBe('published');
    expect(story.publishedAt).toBe('2024-12-27T10:00:00.000Z');
    expect(story.leadImage).toMatchObject({
      credit: 'AP',
      url: 'https://example.org/media/kim-jong-un-meets-soldiers.jpg',
    });
    const quotes = story.body.filter((block: any) => block.type === 'quote').map((block: any) => block.quote);
    expect(quotes.map((quote: any) => quote.speaker)).toEqual([
      'National Intelligence Service',
      'National Intelligence Service',
      'Militarnyi',
      'Volodymyr Zelensky',
    ]);
    expect(quotes[3]).toMatchObject({ channel: 'Telegram', saidAt: '2024-12-23T00:00:00.000Z' });
  });

  it('is idempotent: the same bundle again changes nothing and keeps every id and time', async () => {
    await load(kurskBundle('twice'));
    const before = await get(`/v1/articles/${SLUG}-twice`);
    const sizes = await totals(ctx.app, ctx.auth);
    expect(await load(kurskBundle('twice'))).toEqual({
      created: counts(0, 0, 0),
      updated: counts(0, 0, 0),
      unchanged: counts(1, 1, 4),
    });
    expect(await get(`/v1/articles/${SLUG}-twice`)).toEqual(before);
    expect(await totals(ctx.app, ctx.auth)).toEqual(sizes);
  });

  it('updates a changed bundle in place: same ids, new values, only the changed items counted', async () => {
    await load(kurskBundle('changed'));
    const before = await get(`/v1/articles/${SLUG}-changed`);
    const sizes = await totals(ctx.app, ctx.auth);
    const bundle = kurskBundle('changed');
    bundle.articles[0].headline = 'Ukraine captures a North Korean soldier in Kursk';
    bundle.quotes[3].text = 'We will have a response to this.';
    bundle.images[0].caption = 'Kim Jong Un meets soldiers';
    expect(await load(bundle)).toEqual({
      created: counts(0, 0, 0),
      updated: counts(1, 1, 1),
      unchanged: counts(0, 0, 3),
    });

    const after = await get(`/v1/articles/${SLUG}-changed`);
    expect(after.id).toBe(before.id);
    expect(after.createdAt).toBe(before.createdAt);
    expect(after.headline).toBe('Ukraine captures a North Korean soldier in Kursk');
    expect(after.leadImageId).toBe(before.leadImageId);
    expect(after.leadImage.caption).toBe('Kim Jong Un meets soldiers');
    const quoteIds = (article: any) => article.body.filter((b: any) => b.type === 'quote').map((b: any) => b.quoteId);
    expect(quoteIds(after)).toEqual(quoteIds(before));
    expect(after.body[8].quote.text).toBe('We will have a response to this.');
    expect(await totals(ctx.app, ctx.auth)).toEqual(sizes);
  });

  it('takes the bundle as the truth: a field left out goes back to its default, publishedAt is kept', async () => {
    await load(kurskBundle('defaults'));
    const before = await get(`/v1/articles/${SLUG}-defaults`);
    const bundle = kurskBundle('defaults');
    const { tags: _tags, section: _section, publishedAt: _publishedAt, ...article } = bundle.articles[0];
    bundle.articles[0] = article;
    expect((await load(bundle)).updated.articles).toBe(1);
    const after = await get(`/v1/articles/${SLUG}-defaults`);
    expect(after).toMatchObject({ id: before.id, tags: [], section: null, publishedAt: '2024-12-27T10:00:00.000Z' });
  });

  it('makes a missing slug from the headline and finds the article by it on the next load', async () => {
    const bundle = { articles: [{ headline: 'Zürich votes on the new tram line', status: 'published' }] };
    const first = await postBundle(ctx.app, ctx.auth, bundle);
    expect(first.statusCode).toBe(200);
    expect(json(first).created.articles).toBe(1);
    const read = await ctx.app.inject({ method: 'GET', url: '/v1/articles/zurich-votes-on-the-new-tram-line' });
    expect(read.statusCode).toBe(200);
    const again = await postBundle(ctx.app, ctx.auth, bundle);
    expect(json(again)).toMatchObject({ created: { articles: 0 }, unchanged: { articles: 1 } });
  });

  it('dryRun=true counts what would change and writes nothing', async () => {
    await load(kurskBundle('dry'));
    const before = await get(`/v1/articles/${SLUG}-dry`);
    const sizes = await totals(ctx.app, ctx.auth);
    const bundle = kurskBundle('dry');
    bundle.articles[0].headline = 'A headline that must not be written';
    bundle.quotes.push({ key: 'new-quote-dry', text: 'Not written either.', speaker: 'Nobody' });
    bundle.articles.push({
      slug: 'a-dry-run-article',
      headline: 'Dry',
      body: [{ type: 'quote', quote: 'new-quote-dry' }],
    });
    expect(await load(bundle, '?dryRun=true')).toEqual({
      created: counts(1, 0, 1),
      updated: counts(1, 0, 0),
      unchanged: counts(0, 1, 4),
    });
    expect(await get(`/v1/articles/${SLUG}-dry`)).toEqual(before);
    const missing = await ctx.app.inject({ method: 'GET', url: '/v1/articles/a-dry-run-article', headers: ctx.auth });
    expect(missing.statusCode).toBe(404);
    expect(await totals(ctx.app, ctx.auth)).toEqual(sizes);

    const bad = await postBundle(ctx.app, ctx.auth, bundle, '?dryRun=yes');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).errors).toEqual([{ path: 'dryRun', message: 'must be true or false' }]);
  });

  it('refuses a bad bundle whole, listing every bad item with its path, and writes nothing', async () => {
    const bundle = {
      images: [
        { key: 'good-image', sourceUrl: 'https://example.org/a.jpg', altText: 'A' },
        { key: 'good-image', sourceUrl: 'https://example.org/b.jpg', altText: 'B' },
        { key: 'no-source', altText: 'C' },
        { key: 'bad-url', sourceUrl: 'javascript:alert(1)', altText: 'D', captoin: 'typo' },
      ],
      quotes: [
        { key: 'good-quote', text: 'Said.', speaker: 'Someone' },
        { key: 'empty', text: '', speaker: 'Someone' },
      ],
      articles: [
        { slug: 'fine-article', headline: 'Fine', leadImage: 'good-image' },
        // No slug: made from the headline, 'fine-article', which articles[0] has.
        { headline: 'Fine Article' },
        { slug: 'fine-article', headline: 'Same slug' },
        {
          slug: 'bad-references',
          headline: 'References',
          leadImage: 'missing-image',
          body: [
            { type: 'paragraph', text: 'Fine.' },
            { type: 'quote', quote: 'missing-quote' },
            { type: 'quote', quoteId: '01JGB1R6ZQ8K9V3M2N4P5Q6R7S' },
            { type: 'image', image: 'good-image', imageId: '01JGB1R6ZQ8K9V3M2N4P5Q6R7S' },
            { type: 'image' },
            { type: 'video', src: 'x' },
          ],
        },
        { slug: 'Not A Slug', headline: 'x', hedline: 'typo', leadImage: 'good-image', leadImageId: 'x' },
        // Names a bad image of the bundle: the image is reported, this article is not.
        { slug: 'names-a-bad-image', headline: 'Fine too', leadImage: 'no-source' },
      ],
      extras: [],
    };
    const sizes = await totals(ctx.app, ctx.auth);
    const res = await postBundle(ctx.app, ctx.auth, bundle);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = json(res);
    expect(problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(problem.detail).toMatch(/nothing was loaded/);
    expect(problem.errors.map((e: any) => e.path)).toEqual([
      'extras',
      'images[1].key',
      'images[2].sourceUrl',
      'images[3].captoin',
      'images[3].sourceUrl',
      'quotes[1].text',
      'articles[1].slug',
      'articles[2].slug',
      'articles[3].body[1].quote',
      'articles[3].body[2].quoteId',
      'articles[3].body[3].image',
      'articles[3].body[4].image',
      'articles[3].body[5].type',
      'articles[3].leadImage',
      'articles[4].hedline',
      'articles[4].leadImage',
      'articles[4].slug',
    ]);
    const message = (path: string) => problem.errors.find((e: any) => e.path === path)?.message;
    expect(message('images[1].key')).toBe('is also the key of images[0]');
    expect(message('articles[2].slug')).toBe('is also the slug of articles[0]');
    expect(message('articles[3].leadImage')).toMatch(/names no image/);
    expect(message('articles[3].body[1].quote')).toMatch(/names no quote.*"missing-quote"/);
    expect(message('articles[3].body[2].quoteId')).toBe('names no existing quote');
    expect(message('articles[4].hedline')).toBe('is not a known field');
    expect(message('articles[1].slug')).toBe('is also the slug of articles[0]');

    // Nothing was written, not even the good items.
    expect(await totals(ctx.app, ctx.auth)).toEqual(sizes);
    const fine = await ctx.app.inject({ method: 'GET', url: '/v1/articles/fine-article', headers: ctx.auth });
    expect(fine.statusCode).toBe(404);
  });

  it('answers 400, not 500, to bundles of the wrong shape', async () => {
    const cases: Array<[unknown, Array<{ path: string; message: string }>]> = [
      [[], [{ path: '', message: expect.stringMatching(/JSON object/) }]],
      ['text', [{ path: '', message: expect.stringMatching(/JSON object/) }]],
      [{ images: {} }, [{ path: 'images', message: 'must be an array' }]],
      [
        { quotes: [null, 3] },
        [expect.objectContaining({ path: 'quotes[0]' }), expect.objectContaining({ path: 'quotes[1]' })],
      ],
      [
        { articles: [{ slug: 'x', headline: 'x', body: 'text' }] },
        [expect.objectContaining({ path: 'articles[0].body' })],
      ],
      [
        { images: [{ key: ' spaced ', sourceUrl: 'https://e.org/x.jpg', altText: '' }] },
        [expect.objectContaining({ path: 'images[0].key' })],
      ],
      [{ images: [{ file: '../etc/passwd', altText: '' }] }, [expect.objectContaining({ path: 'images[0].file' })]],
    ];
    for (const [bundle, errors] of cases) {
      const res = await postBundle(ctx.app, ctx.auth, bundle);
      expect(res.statusCode, JSON.stringify(bundle)).toBe(400);
      expect(json(res).errors).toEqual(errors);
    }
    const broken = await ctx.app.inject({
      method: 'POST',
      url: '/v1/import',
      headers: { ...ctx.auth, 'content-type': 'application/json' },
      payload: '{"images": [',
    });
    expect(broken.statusCode).toBe(400);
    const text = await ctx.app.inject({
      method: 'POST',
      url: '/v1/import',
      headers: { ...ctx.auth, 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(415);
  });

  it('names images and quotes by key across loads, and existing ones by id', async () => {
    await load(kurskBundle('earlier'));
    const quote = json(
      await ctx.app.inject({
        method: 'POST',
        url: '/v1/quotes',
        headers: ctx.auth,
        payload: { text: 'Made through the API.', speaker: 'Editor' },
      }),
    );
    const res = await postBundle(ctx.app, ctx.auth, {
      articles: [
        {
          slug: 'follow-up',
          headline: 'A follow-up using the first bundle',
          leadImage: 'kim-meets-soldiers-earlier',
          body: [
            { type: 'quote', quote: 'zelensky-risk-earlier' },
            { type: 'quote', quoteId: quote.id },
          ],
        },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(json(res).created).toEqual(counts(1, 0, 0));
    const story = await get('/v1/articles/follow-up');
    expect(story.leadImage.credit).toBe('AP');
    expect(story.body.map((b: any) => b.quote.speaker)).toEqual(['Volodymyr Zelensky', 'Editor']);
  });

  it('finds key-less items again by their content', async () => {
    const bundle = { quotes: [{ text: 'No key here.', speaker: 'Anonymous', organisation: null }] };
    expect(json(await postBundle(ctx.app, ctx.auth, bundle)).created.quotes).toBe(1);
    const again = { quotes: [{ speaker: 'Anonymous', text: 'No key here.' }] };
    expect(json(await postBundle(ctx.app, ctx.auth, again)).unchanged.quotes).toBe(1);
    const twice = await postBundle(ctx.app, ctx.auth, { quotes: [again.quotes[0], again.quotes[0]] });
    expect(twice.statusCode).toBe(400);
    expect(json(twice).errors).toEqual([{ path: 'quotes[1]', message: expect.stringMatching(/same as quotes\[0\]/) }]);
  });

  it('needs a token with the write scope', async () => {
    const anonymous = await ctx.app.inject({ method: 'POST', url: '/v1/import', payload: kurskBundle() });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    const reader = await ctx.makeToken('import-reader', ['read']);
    const readOnly = await postBundle(ctx.app, { authorization: `Bearer ${reader}` }, kurskBundle());
    expect(readOnly.statusCode).toBe(403);
  });
});

describe('POST /v1/import size limits', () => {
  // BODY_LIMIT below the bundle, IMPORT_LIMIT above it: the import route has a limit of its own.
  const ctx = useApp({ BODY_LIMIT: '1024', IMPORT_LIMIT: '8192' });

  it('takes a bundle larger than BODY_LIMIT and refuses one over IMPORT_LIMIT with a 413', async () => {
    const bundle = kurskBundle();
    expect(JSON.stringify(bundle).length).toBeGreaterThan(1024);
    expect((await postBundle(ctx.app, ctx.auth, bundle)).statusCode).toBe(200);

    bundle.articles[0].body.push({ type: 'paragraph', text: 'x'.repeat(8192) });
    const res = await postBundle(ctx.app, ctx.auth, bundle);
    expect(res.statusCode).toBe(413);
    expect(json(res)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(json(res).detail).toMatch(/8192 bytes/);
    const story = await ctx.app.inject({ method: 'GET', url: `/v1/articles/${SLUG}` });
    expect(json(story).body).toHaveLength(11);
  });
});
