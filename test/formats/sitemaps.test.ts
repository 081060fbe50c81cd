// Contract: the Google News sitemap lists the public articles of the last two days (at most 1,000) with the
// publication's name and language; the sitemap index and its pages list every public article once, oldest first,
// in pages of at most 50,000 with lastmod and lead image, every URL absolute; a page past the last is a 404; all
// cached like public reads and changed at once by a write.
import { beforeAll, describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';
import { makePicture, upload } from '../images/pictures.js';
import { parseXml } from './xml.js';

const SITE = 'https://news.example.com';
const API = 'https://api.example.com';
const DAY = 24 * 3_600_000;

describe('sitemaps', () => {
  const ctx = useApp({
    SITE_URL: SITE,
    PUBLIC_URL: API,
    ARTICLE_URL: '{siteUrl}/{yyyy}/{mm}/{dd}/{slug}',
    SITE_NAME: 'The Daily & <Times>',
    SITE_LANGUAGE: 'en-GB',
  });
  const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });
  const create = async (payload: Record<string, unknown>) => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/articles', headers: ctx.auth, payload });
    expect(res.statusCode).toBe(201);
    return json(res);
  };
  let lead: any;
  let fresh: any;
  let yesterday: any;
  let old: any;

  beforeAll(async () => {
    lead = json(await upload(ctx.app, ctx.auth, await makePicture('jpeg'), { altText: 'A picture' }));
    old = await create({
      headline: 'Old news',
      status: 'published',
      publishedAt: new Date(Date.now() - 30 * DAY).toISOString(),
    });
    yesterday = await create({
      headline: 'Yesterday: tea & <biscuits>',
      status: 'published',
      publishedAt: new Date(Date.now() - DAY).toISOString(),
      leadImageId: lead.id,
    });
    fresh = await create({ headline: 'Новини: сьогодні', status: 'published' });
    await create({ headline: 'A draft' });
    await create({
      headline: 'Scheduled',
      status: 'published',
      publishedAt: new Date(Date.now() + DAY).toISOString(),
    });
  });

  it('news sitemap: the last two days, newest first, with publication, date and title', async () => {
    const res = await get('/v1/sitemaps/news.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    const { urlset } = parseXml(res.payload);
    expect(urlset['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(urlset['@_xmlns:news']).toBe('http://www.google.com/schemas/sitemap-news/0.9');
    expect(urlset.url.map((url: any) => url['news:news']['news:title'])).toEqual([
      'Новини: сьогодні',
      'Yesterday: tea & <biscuits>',
    ]);
    const [first] = urlset.url;
    const day = fresh.publishedAt.slice(0, 10).replace(/-/g, '/');
    expect(first.loc).toBe(`${SITE}/${day}/${fresh.slug}`);
    expect(first['news:news']['news:publication']).toEqual({
      'news:name': 'The Daily & <Times>',
      'news:language': 'en',
    });
    expect(first['news:news']['news:publication_date']).toBe(fresh.publishedAt);
    expect(res.payload).toContain('tea &amp; &lt;biscuits&gt;');
  });

  it('index and page: every public article once, oldest first, lastmod, lead image, absolute URLs', async () => {
    const index = await get('/v1/sitemaps/index.xml');
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toBe('application/xml; charset=utf-8');
    const { sitemapindex } = parseXml(index.payload);
    expect(sitemapindex.sitemap).toEqual([{ loc: `${API}/v1/sitemaps/articles/1.xml`, lastmod: fresh.updatedAt }]);

    const page = await get('/v1/sitemaps/articles/1.xml');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('application/xml; charset=utf-8');
    const { urlset } = parseXml(page.payload);
    expect(urlset['@_xmlns:image']).toBe('http://www.google.com/schemas/sitemap-image/1.1');
    expect(urlset.url.map((url: any) => url.loc.split('/').pop())).toEqual([old.slug, yesterday.slug, fresh.slug]);
    expect(urlset.url.map((url: any) => url.lastmod)).toEqual([old.updatedAt, yesterday.updatedAt, fresh.updatedAt]);
    expect(urlset.url[1]['image:image']).toEqual([{ 'image:loc': `${API}${lead.url}` }]);
    expect(urlset.url[0]['image:image']).toBeUndefined();
    for (const url of urlset.url) expect(url.loc).toMatch(/^https:\/\/news\.example\.com\/\d{4}\/\d\d\/\d\d\//);
  });

  it('a page past the last is a 404, a page that is not a whole number from 1 a 400 (problem+json)', async () => {
    const past = await get('/v1/sitemaps/articles/2.xml');
    expect(past.statusCode).toBe(404);
    expect(past.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    for (const bad of ['0', '-1', 'x', '1.5', '01']) {
      const res = await get(`/v1/sitemaps/articles/${bad}.xml`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(json(res).errors[0].path).toBe('n');
    }
    for (const url of [
      '/v1/sitemaps/news.xml?foo=1',
      '/v1/sitemaps/index.xml?page=2',
      '/v1/sitemaps/articles/1.xml?x=1',
    ]) {
      const unknown = await get(url);
      expect(unknown.statusCode, url).toBe(400);
      expect(unknown.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    }
  });

  it('caches like public reads: ETag, 304 and the Cache-Control of a public single read', async () => {
    const article = await get(`/v1/articles/${fresh.slug}`);
    for (const url of ['/v1/sitemaps/news.xml', '/v1/sitemaps/index.xml', '/v1/sitemaps/articles/1.xml']) {
      const first = await get(url);
      expect(first.headers['cache-control']).toBe(article.headers['cache-control']);
      expect(first.headers.etag).toMatch(/^"d\./);
      const revalidated = await get(url, { 'if-none-match': first.headers.etag as string });
      expect(revalidated.statusCode, url).toBe(304);
    }
  });
});

// Its own app: the write below must not change what the tests above read, whatever order they run in.
describe('sitemaps after a write', () => {
  const ctx = useApp({ SITE_URL: SITE, PUBLIC_URL: API });
  const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });
  const create = async (payload: Record<string, unknown>) => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/articles', headers: ctx.auth, payload });
    expect(res.statusCode).toBe(201);
    return json(res);
  };

  it('changes at once: a page revalidated after an article is archived is a 200 without it', async () => {
    const old = await create({
      headline: 'Old news',
      status: 'published',
      publishedAt: new Date(Date.now() - 30 * DAY).toISOString(),
    });
    const fresh = await create({ headline: 'Fresh news', status: 'published' });
    const before = await get('/v1/sitemaps/articles/1.xml');
    expect(parseXml(before.payload).urlset.url.map((url: any) => url.loc.split('/').pop())).toEqual([
      old.slug,
      fresh.slug,
    ]);
    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: `/v1/articles/${old.id}`,
      headers: ctx.auth,
      payload: { status: 'archived' },
    });
    expect(patched.statusCode).toBe(200);
    const after = await get('/v1/sitemaps/articles/1.xml', { 'if-none-match': before.headers.etag as string });
    expect(after.statusCode).toBe(200);
    const { urlset } = parseXml(after.payload);
    expect((Array.isArray(urlset.url) ? urlset.url : [urlset.url]).map((url: any) => url.loc.split('/').pop())).toEqual(
      [fresh.slug],
    );
  });
});

describe('news sitemap: at most 1,000', () => {
  const ctx = useApp({ PUBLIC_URL: API });

  it('keeps the newest 1,000 of the last two days', async () => {
    const now = Date.now();
    const articles = Array.from({ length: 1_005 }, (_, i) => ({
      slug: `story-${i}`,
      headline: `Story ${i}`,
      status: 'published',
      // Story 0 is the newest; all within the last day.
      publishedAt: new Date(now - 60_000 - i * 60_000).toISOString(),
    }));
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/import',
      headers: ctx.auth,
      payload: { images: [], quotes: [], articles },
    });
    expect(res.statusCode).toBe(200);
    const { urlset } = parseXml((await ctx.app.inject({ method: 'GET', url: '/v1/sitemaps/news.xml' })).payload);
    expect(urlset.url).toHaveLength(1_000);
    expect(urlset.url[0]['news:news']['news:title']).toBe('Story 0');
    expect(urlset.url[999]['news:news']['news:title']).toBe('Story 999');
  });
});
