// Contract: GET /v1/articles/{id or slug}/ninjs answers the article as an IPTC ninjs 3.1 document (every one checked
// here against the ninjs schema: strict, only ninjs' own properties) with the fields API.md lists, absolute URLs,
// pubStatus by visibility, the public read rules and the single read's caching.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ninjsDocument } from '../../src/formats/ninjs.schema.js';
import { json, useApp } from '../helpers/app.js';
import { createKursk, kursk } from '../helpers/kursk.js';
import { makePicture, upload } from '../images/pictures.js';

const API = 'https://api.example.com';

function ninjs(res: { payload: string; statusCode: number; headers: Record<string, unknown> }) {
  expect(res.statusCode, res.payload).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  const body = JSON.parse(res.payload);
  const checked = ninjsDocument.safeParse(body);
  expect(checked.error?.issues ?? []).toEqual([]);
  expect(checked.data).toEqual(body);
  return body;
}

describe('ninjs of an article', () => {
  const ctx = useApp({ PUBLIC_URL: API, SITE_LANGUAGE: 'en-GB' });
  const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });
  const send = async (method: 'POST' | 'PATCH', url: string, payload: object) => {
    const res = await ctx.app.inject({ method, url, headers: ctx.auth, payload });
    expect(res.statusCode, res.payload).toBeLessThan(300);
    return json(res);
  };

  it('is the Kursk story as a ninjs text item: headlines, body, dates, subjects, speakers and the lead picture', async () => {
    const { article, imageIds } = await createKursk(ctx.app, ctx.auth);
    const published = await send('PATCH', `/v1/articles/${article.id}`, {
      status: 'published',
      byline: 'Hanna Arhirova',
    });
    const doc = ninjs(await get(`/v1/articles/${article.slug}/ninjs`));
    const source = kursk.articles[0]!;
    const image = kursk.images[0]!;
    expect(doc).toMatchObject({
      uri: `${API}/v1/articles/${article.id}`,
      standard: { name: 'ninjs', version: '3.1', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#' },
      type: 'text',
      language: 'en-GB',
      headlines: [{ role: 'main', contentType: 'text/plain', value: source.headline }],
      descriptions: [{ role: 'summary', contentType: 'text/plain', value: source.standfirst }],
      by: 'Hanna Arhirova',
      firstCreated: source.publishedAt,
      versionCreated: published.updatedAt,
      contentCreated: published.createdAt,
      pubStatus: 'usable',
      subjects: source.tags.map((tag: string) => ({ name: tag })),
      people: [{ name: 'Volodymyr Zelensky', rel: 'quoted' }],
      organisations: [
        { name: 'National Intelligence Service', rel: 'quoted' },
        { name: 'Militarnyi', rel: 'quoted' },
      ],
    });
    expect(doc).not.toHaveProperty('embargoedUntil');
    expect(doc.bodies).toHaveLength(1);
    expect(doc.bodies[0]).toMatchObject({ role: 'main', contentType: 'text/html' });
    expect(doc.bodies[0].value).toMatch(/^<p>Thousands of North Korean soldiers/);
    expect(doc.bodies[0].value).toContain('<blockquote><p>There is a risk that North Korea');
    // The lead image is external: its original alone, whose size and type this API does not know.
    expect(doc.associations).toEqual([
      {
        name: 'leadImage',
        uri: `${API}/v1/images/${imageIds[image.key]}`,
        type: 'picture',
        ...(image.creator ? { by: image.creator } : {}),
        ...(image.copyrightNotice ? { copyrightNotice: image.copyrightNotice } : {}),
        descriptions: [
          { role: 'caption', contentType: 'text/plain', value: image.caption },
          { role: 'alt', contentType: 'text/plain', value: image.altText },
        ],
        infoSources: [{ name: image.credit, role: 'credit' }],
        renditions: [{ name: 'original', href: image.sourceUrl }],
      },
    ]);
  });

  it('lists an upload’s original and crops as renditions, for the lead image and each image block', async () => {
    const picture = await makePicture('webp', { width: 1600, height: 1200 });
    const uploaded = json(
      await upload(ctx.app, ctx.auth, picture, {
        altText: 'Soldiers carry a stretcher',
        caption: 'A captured soldier is carried away',
        creator: 'Jane Photographer',
        copyrightNotice: '© 2024 Militarnyi',
      }),
    );
    const external = await send('POST', '/v1/images', { sourceUrl: 'https://example.org/b.jpg', altText: '' });
    const article = await send('POST', '/v1/articles', {
      headline: 'Pictures in ninjs',
      status: 'published',
      leadImageId: uploaded.id,
      body: [
        { type: 'paragraph', text: 'Before.' },
        { type: 'image', imageId: external.id },
        { type: 'image', imageId: uploaded.id },
      ],
    });
    const doc = ninjs(await get(`/v1/articles/${article.id}/ninjs`));
    expect(doc.associations.map((item: { name: string }) => item.name)).toEqual(['leadImage', 'image1', 'image2']);
    const [lead, first, second] = doc.associations;
    expect(second).toEqual({ ...lead, name: 'image2' });
    const file = `${API}${uploaded.url}`;
    expect(lead).toEqual({
      name: 'leadImage',
      uri: `${API}/v1/images/${uploaded.id}`,
      type: 'picture',
      by: 'Jane Photographer',
      copyrightNotice: '© 2024 Militarnyi',
      descriptions: [
        { role: 'caption', contentType: 'text/plain', value: 'A captured soldier is carried away' },
        { role: 'alt', contentType: 'text/plain', value: 'Soldiers carry a stretcher' },
      ],
      renditions: [
        {
          name: 'original',
          href: file,
          contentType: 'image/webp',
          width: 1600,
          height: 1200,
          sizeInBytes: uploaded.bytes,
        },
        {
          name: '16x9',
          href: `${file}&width=1200&height=675`,
          contentType: 'image/webp',
          width: 1200,
          height: 675,
          aspectRatio: '16:9',
        },
        {
          name: '4x3',
          href: `${file}&width=1200&height=900`,
          contentType: 'image/webp',
          width: 1200,
          height: 900,
          aspectRatio: '4:3',
        },
        {
          name: '1x1',
          href: `${file}&width=1200&height=1200`,
          contentType: 'image/webp',
          width: 1200,
          height: 1200,
          aspectRatio: '1:1',
        },
      ],
    });
    // An empty alt text (a decorative picture) is left out rather than sent empty.
    expect(first).toEqual({
      name: 'image1',
      uri: `${API}/v1/images/${external.id}`,
      type: 'picture',
      renditions: [{ name: 'original', href: 'https://example.org/b.jpg' }],
    });
    expect(doc.bodies[0].value).toContain(`<img src="${file.replaceAll('&', '&amp;')}"`);
  });

  it('escapes text in the HTML body and keeps non-Latin text as it is', async () => {
    const article = await send('POST', '/v1/articles', {
      headline: 'Tom & Jerry <script> "quoted"',
      standfirst: 'Київ і Сеул',
      status: 'published',
      body: [{ type: 'paragraph', text: 'a < b & "c" — 北朝鮮' }],
    });
    const doc = ninjs(await get(`/v1/articles/${article.slug}/ninjs`));
    expect(doc.headlines[0].value).toBe('Tom & Jerry <script> "quoted"');
    expect(doc.descriptions[0].value).toBe('Київ і Сеул');
    expect(doc.bodies[0].value).toBe('<p>a &lt; b &amp; &quot;c&quot; — 北朝鮮</p>');
    for (const absent of ['by', 'subjects', 'people', 'organisations', 'associations']) {
      expect(doc).not.toHaveProperty(absent);
    }
  });

  it('is withheld for an article that is not public, seen with a token; 404 without one', async () => {
    const draft = await send('POST', '/v1/articles', { headline: 'A ninjs draft' });
    const res = await get(`/v1/articles/${draft.id}/ninjs`, ctx.auth);
    const doc = ninjs(res);
    expect(doc).toMatchObject({ pubStatus: 'withheld', firstCreated: draft.createdAt });
    expect(res.headers['cache-control']).toBe('private, no-cache');
    for (const url of [`/v1/articles/${draft.id}/ninjs`, '/v1/articles/no-such-article/ninjs']) {
      const hidden = await get(url);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const archived = await send('POST', '/v1/articles', { headline: 'An archived one', status: 'archived' });
    expect(ninjs(await get(`/v1/articles/${archived.slug}/ninjs`, ctx.auth)).pubStatus).toBe('withheld');
  });

  it('gives a scheduled article an embargo, and a new ETag (usable) once its time has come', async () => {
    const publishedAt = new Date(Date.now() + 1_500).toISOString();
    const article = await send('POST', '/v1/articles', { headline: 'Embargoed', status: 'published', publishedAt });
    const url = `/v1/articles/${article.id}/ninjs`;
    const before = await get(url, ctx.auth);
    expect(ninjs(before)).toMatchObject({ pubStatus: 'withheld', embargoedUntil: publishedAt });
    expect((await get(url)).statusCode).toBe(404);
    await sleep(1_600);
    const after = await get(url, { ...ctx.auth, 'if-none-match': before.headers.etag as string });
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const doc = ninjs(after);
    expect(doc.pubStatus).toBe('usable');
    expect(doc).not.toHaveProperty('embargoedUntil');
    expect(ninjs(await get(url)).pubStatus).toBe('usable');
  });

  it('has an ETag of its own (not the JSON article’s or the JSON-LD’s), 304, and follows speakerType changes', async () => {
    const quote = await send('POST', '/v1/quotes', { text: 'No comment.', speaker: 'Kremlin' });
    const article = await send('POST', '/v1/articles', {
      headline: 'ETags of ninjs',
      status: 'published',
      body: [{ type: 'quote', quoteId: quote.id }],
    });
    const url = `/v1/articles/${article.slug}/ninjs`;
    const first = await get(url);
    const etag = first.headers.etag as string;
    expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+/);
    const others = [
      (await get(`/v1/articles/${article.slug}`)).headers.etag,
      (await get(`/v1/articles/${article.slug}/jsonld`)).headers.etag,
    ];
    expect(others).not.toContain(etag);
    expect((await get(url, { 'if-none-match': etag })).statusCode).toBe(304);
    expect(ninjs(first).people).toEqual([{ name: 'Kremlin', rel: 'quoted' }]);

    await send('PATCH', `/v1/quotes/${quote.id}`, { speakerType: 'organisation' });
    const changed = await get(url, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    const doc = ninjs(changed);
    expect(doc).not.toHaveProperty('people');
    expect(doc.organisations).toEqual([{ name: 'Kremlin', rel: 'quoted' }]);
  });
});

describe('ninjs schema', () => {
  it('refuses a property ninjs does not define, and a document without its uri', () => {
    const minimal = { uri: 'https://api.example.com/v1/articles/1' };
    expect(ninjsDocument.safeParse(minimal).success).toBe(true);
    expect(ninjsDocument.safeParse({ ...minimal, headline: 'x' }).success).toBe(false);
    expect(ninjsDocument.safeParse({ type: 'text' }).success).toBe(false);
    expect(ninjsDocument.safeParse({ ...minimal, headlines: [{ role: 'main' }] }).success).toBe(false);
    expect(ninjsDocument.safeParse({ ...minimal, associations: [{ uri: minimal.uri }] }).success).toBe(false);
    expect(ninjsDocument.safeParse({ ...minimal, pubStatus: 'published' }).success).toBe(false);
  });
});
