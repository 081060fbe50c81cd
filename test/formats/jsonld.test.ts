// Contract: GET /v1/articles/{id or slug}/jsonld answers the article as a schema.org NewsArticle (application/ld+json)
// with everything API.md lists, every URL absolute, lead image crops whose stated sizes are what the renditions
// serve, the public read rules and the single read's caching.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { type JsonLdSource, toJsonLd } from '../../src/formats/jsonld.js';
import { newsArticleJsonLd } from '../../src/formats/jsonld.schema.js';
import { json, useApp } from '../helpers/app.js';
import { createKursk, kursk } from '../helpers/kursk.js';
import { makePicture, upload } from '../images/pictures.js';

const SETTINGS = {
  SITE_URL: 'https://news.example.com',
  ARTICLE_URL: '{siteUrl}/{section}/{slug}',
  PUBLIC_URL: 'https://api.example.com',
  SITE_NAME: 'Example News',
  SITE_LANGUAGE: 'en-GB',
};

/** The document, checked against the schema the OpenAPI document gives for it. */
function jsonLd(res: { payload: string; statusCode: number; headers: Record<string, unknown> }) {
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8');
  const body = JSON.parse(res.payload);
  expect(newsArticleJsonLd.strict().parse(body)).toEqual(body);
  return body;
}

describe('JSON-LD of an article', () => {
  const ctx = useApp(SETTINGS);
  const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });
  const send = async (method: 'POST' | 'PATCH', url: string, payload: object) => {
    const res = await ctx.app.inject({ method, url, headers: ctx.auth, payload });
    expect(res.statusCode, res.payload).toBeLessThan(300);
    return json(res);
  };

  it('is the NewsArticle of the Kursk story: text, dates, section, tags, publisher, credits and quotations', async () => {
    const { article, quoteIds } = await createKursk(ctx.app, ctx.auth);
    const published = await send('PATCH', `/v1/articles/${article.id}`, {
      status: 'published',
      byline: 'Hanna Arhirova',
    });
    await send('PATCH', `/v1/quotes/${quoteIds['zelensky-risk']}`, {
      sourceUrl: 'https://t.me/V_Zelenskiy_official/1',
    });
    const doc = jsonLd(await get(`/v1/articles/${article.slug}/jsonld`));
    const page = `https://news.example.com/news/${article.slug}`;
    const source = kursk.articles[0]!;
    const image = kursk.images[0]!;
    expect(doc).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      '@id': page,
      url: page,
      mainEntityOfPage: page,
      headline: source.headline,
      description: source.standfirst,
      inLanguage: 'en-GB',
      datePublished: source.publishedAt,
      articleSection: 'news',
      keywords: source.tags,
      author: [{ '@type': 'Person', name: 'Hanna Arhirova' }],
      publisher: { '@type': 'Organization', name: 'Example News', url: 'https://news.example.com' },
    });
    expect(doc.dateModified).toBe(json(await get(`/v1/articles/${article.id}`)).updatedAt);
    expect(doc.dateModified).toBe(published.updatedAt);
    expect(doc.articleBody).toContain('Kyiv has now, for the first time, announced');
    expect(doc.articleBody).not.toMatch(/<[a-z]/);
    // The lead image is an external picture: this API cannot crop it, so it is given once, as it is.
    expect(doc.image).toEqual([
      {
        '@type': 'ImageObject',
        url: image.sourceUrl,
        caption: image.caption,
        creditText: image.credit,
        ...(image.creator ? { creator: { '@type': 'Person', name: image.creator } } : {}),
        ...(image.copyrightNotice ? { copyrightNotice: image.copyrightNotice } : {}),
      },
    ]);
    expect(doc.correction).toBeUndefined();

    // One Quotation per quote, in body order: organisations as Organization, people as Person.
    expect(doc.citation).toHaveLength(4);
    expect(doc.citation[0]).toEqual({
      '@type': 'Quotation',
      text: kursk.quotes[0]!.text,
      spokenByCharacter: {
        '@type': 'Organization',
        name: 'National Intelligence Service',
        description: "South Korea's spy agency",
        parentOrganization: { '@type': 'Organization', name: 'South Korea' },
      },
      dateCreated: '2024-12-27T00:00:00.000Z',
    });
    expect(doc.citation[3]).toEqual({
      '@type': 'Quotation',
      text: kursk.quotes[3]!.text,
      spokenByCharacter: {
        '@type': 'Person',
        name: 'Volodymyr Zelensky',
        jobTitle: 'President of Ukraine',
        affiliation: { '@type': 'Organization', name: 'Ukraine' },
      },
      isBasedOn: 'https://t.me/V_Zelenskiy_official/1',
      dateCreated: '2024-12-23T00:00:00.000Z',
    });
  });

  it('gives an uploaded lead image as 16x9, 4x3 and 1x1 crops whose renditions have the stated sizes', async () => {
    const cases = [
      // 1,200 px wide where the original allows it; the 1x1 is as tall as the original (no upscaling).
      {
        width: 2000,
        height: 1000,
        crops: [
          [1200, 675],
          [1200, 900],
          [1000, 1000],
        ],
      },
      // A small original: the largest crop of each shape it holds.
      {
        width: 320,
        height: 200,
        crops: [
          [320, 180],
          [267, 200],
          [200, 200],
        ],
      },
    ];
    for (const size of cases) {
      const picture = await makePicture('jpeg', { width: size.width, height: size.height });
      const uploaded = await upload(ctx.app, ctx.auth, picture, {
        altText: 'Soldiers',
        caption: 'Soldiers in Kursk',
        credit: 'AP',
        creator: 'Jane Photographer',
        copyrightNotice: '© 2024 The Associated Press',
        focalPoint: '{"x":0.25,"y":0.5}',
      });
      expect(uploaded.statusCode, uploaded.payload).toBe(201);
      const image = json(uploaded);
      const article = await send('POST', '/v1/articles', {
        headline: `Crops of a ${size.width}x${size.height} picture`,
        status: 'published',
        leadImageId: image.id,
      });
      const doc = jsonLd(await get(`/v1/articles/${article.id}/jsonld`));
      expect(doc.image).toHaveLength(3);
      const px = (value: number) => ({ '@type': 'QuantitativeValue', value, unitCode: 'E37', unitText: 'px' });
      for (const [index, [width, height]] of size.crops.entries()) {
        const crop = doc.image[index];
        expect(crop).toMatchObject({
          '@type': 'ImageObject',
          width: px(width!),
          height: px(height!),
          caption: 'Soldiers in Kursk',
          creditText: 'AP',
          creator: { '@type': 'Person', name: 'Jane Photographer' },
          copyrightNotice: '© 2024 The Associated Press',
        });
        const url = new URL(crop.url);
        expect(`${url.origin}${url.pathname}`).toBe(`https://api.example.com${image.url.split('?')[0]}`);
        expect(url.searchParams.get('v')).toBe(new URL(image.url, 'http://x').searchParams.get('v'));
        // The rendition this URL names really has the size stated.
        const rendition = await get(`${url.pathname}${url.search}`);
        expect(rendition.statusCode).toBe(200);
        const metadata = await sharp(rendition.rawPayload).metadata();
        expect([metadata.width, metadata.height]).toEqual([width, height]);
      }
    }
  });

  it('cites a quote placed twice once, and leaves out what the article does not have', async () => {
    const quote = await send('POST', '/v1/quotes', { text: 'Twice.', speaker: 'Someone' });
    const article = await send('POST', '/v1/articles', {
      headline: 'Bare',
      status: 'published',
      body: [
        { type: 'quote', quoteId: quote.id },
        { type: 'paragraph', text: 'Between.' },
        { type: 'quote', quoteId: quote.id },
      ],
    });
    const doc = jsonLd(await get(`/v1/articles/${article.slug}/jsonld`));
    expect(doc.citation).toEqual([
      { '@type': 'Quotation', text: 'Twice.', spokenByCharacter: { '@type': 'Person', name: 'Someone' } },
    ]);
    for (const absent of ['description', 'image', 'author', 'articleSection', 'keywords', 'correction']) {
      expect(doc).not.toHaveProperty(absent);
    }
    // No section: the page URL's empty {section} leaves no `//`.
    expect(doc.url).toBe(`https://news.example.com/${article.slug}`);
  });

  it('is a public read: drafts, scheduled and unknown articles are 404 without a token, any status with one', async () => {
    const draft = await send('POST', '/v1/articles', { headline: 'A draft JSON-LD' });
    const scheduled = await send('POST', '/v1/articles', {
      headline: 'A scheduled JSON-LD',
      status: 'published',
      publishedAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    for (const hidden of [draft, scheduled]) {
      const res = await get(`/v1/articles/${hidden.slug}/jsonld`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const withToken = await get(`/v1/articles/${hidden.slug}/jsonld`, ctx.auth);
      expect(jsonLd(withToken).headline).toBe(hidden.headline);
      expect(withToken.headers['cache-control']).toBe('private, no-cache');
    }
    expect(jsonLd(await get(`/v1/articles/${draft.id}/jsonld`, ctx.auth))).not.toHaveProperty('datePublished');
    const unknown = await get('/v1/articles/no-such-article/jsonld');
    expect(unknown.statusCode).toBe(404);
    expect(json(unknown)).toMatchObject({ status: 404 });
    const badToken = await get(`/v1/articles/${draft.slug}/jsonld`, { authorization: 'Bearer nope' });
    expect(badToken.statusCode).toBe(401);
    for (const format of ['jsonld', 'ninjs']) {
      const tooLong = await get(`/v1/articles/${'a'.repeat(201)}/${format}`);
      expect(tooLong.statusCode).toBe(400);
      expect(tooLong.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(json(tooLong).errors.map((error: { path: string }) => error.path)).toEqual(['id']);
    }
  });

  it('has its own ETag, answers 304, and changes when the article or a quote or image it shows changes', async () => {
    const image = await send('POST', '/v1/images', { sourceUrl: 'https://example.org/a.jpg', altText: 'A' });
    const quote = await send('POST', '/v1/quotes', { text: 'We deny it.', speaker: 'Ministry of Defence' });
    const article = await send('POST', '/v1/articles', {
      headline: 'ETags of JSON-LD',
      status: 'published',
      leadImageId: image.id,
      body: [{ type: 'quote', quoteId: quote.id }],
    });
    const url = `/v1/articles/${article.slug}/jsonld`;
    const first = await get(url);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(etag).not.toBe((await get(`/v1/articles/${article.slug}`)).headers.etag);
    expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+/);
    expect(first.headers.vary).toContain('Authorization');
    const cached = await get(url, { 'if-none-match': etag });
    expect(cached.statusCode).toBe(304);
    expect(cached.payload).toBe('');

    const steps: Array<() => Promise<unknown>> = [
      () => send('PATCH', `/v1/quotes/${quote.id}`, { speakerType: 'organisation' }),
      () => send('PATCH', `/v1/images/${image.id}`, { caption: 'A new caption' }),
      () => send('PATCH', `/v1/articles/${article.id}`, { headline: 'ETags of JSON-LD, changed' }),
    ];
    let current = etag;
    for (const step of steps) {
      await step();
      const res = await get(url, { 'if-none-match': current });
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).not.toBe(current);
      current = res.headers.etag as string;
      expect((await get(url, { 'if-none-match': current })).statusCode).toBe(304);
    }
    const doc = jsonLd(await get(url));
    expect(doc.citation[0].spokenByCharacter).toEqual({ '@type': 'Organization', name: 'Ministry of Defence' });
    expect(doc.image[0].caption).toBe('A new caption');
    expect(doc.headline).toBe('ETags of JSON-LD, changed');
  });
});

describe('JSON-LD: image URLs without PUBLIC_URL, and text safe in a script element', () => {
  // Rendered text as sent (no response re-serialization), the request's host for this API's own URLs.
  const ctx = useApp({ RESPONSE_VALIDATION: 'false', TRUST_PROXY: 'true' });

  it('takes the request’s scheme and host (through a trusted proxy) and escapes `<`', async () => {
    const picture = await makePicture('png', { width: 1600, height: 900 });
    const image = json(await upload(ctx.app, ctx.auth, picture, { altText: 'A map' }));
    const article = json(
      await ctx.app.inject({
        method: 'POST',
        url: '/v1/articles',
        headers: ctx.auth,
        payload: {
          headline: 'Why </script><script>alert(1)</script> & <!-- break out',
          status: 'published',
          leadImageId: image.id,
        },
      }),
    );
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/v1/articles/${article.id}/jsonld`,
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'cms.example.net' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.payload).not.toContain('<');
    expect(res.payload).toContain('\\u003c/script>');
    const doc = JSON.parse(res.payload);
    expect(doc.headline).toBe(article.headline);
    expect(doc.image[0].url).toMatch(/^https:\/\/cms\.example\.net\/media\/[^?]+\?v=[^&]+&width=1200&height=675$/);
    expect(doc.publisher.url).toBe('http://localhost:3000');

    // Another host gets its own URLs and its own ETag.
    const other = await ctx.app.inject({
      method: 'GET',
      url: `/v1/articles/${article.id}/jsonld`,
      headers: { host: 'api.example.org' },
    });
    expect(JSON.parse(other.payload).image[0].url).toMatch(/^http:\/\/api\.example\.org\/media\//);
    expect(other.headers.etag).not.toBe(res.headers.etag);
  });
});

describe('toJsonLd', () => {
  const settings = {
    siteUrl: 'https://news.example.com',
    articleUrl: '{siteUrl}/{slug}',
    siteName: 'Example News',
    siteLanguage: 'en',
  };
  const article: JsonLdSource = {
    id: '01JH0000000000000000000000',
    slug: 'corrected',
    headline: 'Corrected',
    standfirst: null,
    section: null,
    tags: [],
    byline: null,
    revision: 1,
    leadImageId: null,
    leadImage: null,
    status: 'published',
    publishedAt: '2025-01-10T09:30:00.000Z',
    createdAt: '2025-01-10T09:00:00.000Z',
    updatedAt: '2025-01-11T08:00:00.000Z',
    body: [{ type: 'paragraph', text: 'Text.' }],
    corrections: [],
  };

  it('gives each correction notice as a CorrectionComment, oldest first, when the article carries them', () => {
    const doc = toJsonLd(
      {
        ...article,
        corrections: [
          {
            id: '01JH0000000000000000000001',
            type: 'correction',
            text: 'An earlier version misspelt Kursk.',
            createdAt: '2025-01-10T12:00:00.000Z',
          },
          {
            id: '01JH0000000000000000000002',
            type: 'clarification',
            text: 'The soldier died later.',
            createdAt: '2025-01-11T08:00:00.000Z',
          },
        ],
      },
      settings,
      'https://api.example.com',
    );
    expect(doc).toMatchObject({
      correction: [
        {
          '@type': 'CorrectionComment',
          text: 'An earlier version misspelt Kursk.',
          datePublished: '2025-01-10T12:00:00.000Z',
        },
        { '@type': 'CorrectionComment', text: 'The soldier died later.', datePublished: '2025-01-11T08:00:00.000Z' },
      ],
    });
    expect(newsArticleJsonLd.parse(JSON.parse(JSON.stringify(doc)))).toBeTruthy();
    const none = JSON.parse(JSON.stringify(toJsonLd({ ...article, corrections: [] }, settings, '')));
    expect(none).not.toHaveProperty('correction');
  });
});
