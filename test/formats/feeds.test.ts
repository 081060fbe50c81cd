// Contract: the RSS, Atom and JSON feeds list the public articles newest first with exactly the contract's item
// fields, escaped right and absolute links, filtered and limited like the article list, cached with ETag and 304,
// and never a draft or an article whose time has not come.
import { XMLParser } from 'fast-xml-parser';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { beforeAll, describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';
import { makePicture, upload } from '../images/pictures.js';

const SITE = 'https://news.example.com';
const API = 'https://api.example.com';
const HEADLINE = `Tom & Jerry <b>bold</b> "quoted" 'single'`;
const NON_LATIN = 'Київ: Верховна Рада ухвалила бюджет. 東京の記者会見。 مرحبا';

describe('feeds', () => {
  const ctx = useApp({
    SITE_URL: SITE,
    PUBLIC_URL: API,
    ARTICLE_URL: '{siteUrl}/{section}/{slug}',
    SITE_NAME: 'Daily & <Times>',
    SITE_LANGUAGE: 'en-GB',
  });
  const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });
  const create = async (payload: Record<string, unknown>) => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/articles', headers: ctx.auth, payload });
    expect(res.statusCode).toBe(201);
    return json(res);
  };
  const hour = 3_600_000;
  let lead: any;
  let war: any;
  let sport: any;
  let draft: any;

  beforeAll(async () => {
    const res = await upload(ctx.app, ctx.auth, await makePicture('jpeg', { width: 640, height: 400 }), {
      altText: 'Soldiers in a field',
      caption: 'Soldiers near Kursk & <the> border',
      credit: 'Reuters',
    });
    expect(res.statusCode).toBe(201);
    lead = json(res);
    war = await create({
      headline: HEADLINE,
      standfirst: 'A standfirst with & and <angle> brackets',
      byline: 'Olena Kovalenko',
      section: 'world',
      tags: ['war', 'Київ'],
      leadImageId: lead.id,
      status: 'published',
      publishedAt: new Date(Date.now() - hour).toISOString(),
      body: [
        { type: 'paragraph', text: NON_LATIN },
        { type: 'heading', text: 'Fish & chips' },
        { type: 'image', imageId: lead.id },
      ],
    });
    sport = await create({
      headline: 'Cup final tonight',
      section: 'sport',
      tags: ['football'],
      status: 'published',
      publishedAt: new Date(Date.now() - 2 * hour).toISOString(),
      body: [{ type: 'paragraph', text: 'Kick-off at eight.' }],
    });
    draft = await create({ headline: 'A draft', section: 'world', tags: ['war'] });
    await create({
      headline: 'Scheduled for tomorrow',
      section: 'world',
      tags: ['war'],
      status: 'published',
      publishedAt: new Date(Date.now() + 24 * hour).toISOString(),
    });
  });

  it('RSS 2.0: channel and items with every contract field, Media RSS lead image, escaping kept', async () => {
    const res = await get('/v1/feeds/rss');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(res.payload).toContain('isPermaLink="false"');
    expect(res.payload).not.toContain('<b>bold</b> "quoted"</title>'); // escaped or in CDATA, never raw markup
    // A reader that keeps whitespace reads the text exactly (no padding around a CDATA section).
    const raw = new XMLParser({ trimValues: false }).parse(res.payload);
    expect(raw.rss.channel.title).toBe('Daily & <Times>');
    expect(raw.rss.channel.item[0].title).toBe(HEADLINE);
    const feed = parseRssFeed(res.payload);
    expect(feed.title).toBe('Daily & <Times>');
    expect(feed.link).toBe(SITE);
    expect(feed.language).toBe('en-GB');
    expect(feed.atom?.links?.[0]).toMatchObject({ href: `${API}/v1/feeds/rss`, rel: 'self' });
    expect(new Date(feed.lastBuildDate as string).getTime()).toBe(
      Math.floor(Date.parse(sport.updatedAt) / 1000) * 1000,
    );
    expect(feed.items?.map((item) => item.guid?.value)).toEqual([war.id, sport.id]);
    const item = (feed.items ?? [])[0] as NonNullable<typeof feed.items>[number];
    expect(item.title).toBe(HEADLINE);
    expect(item.link).toBe(`${SITE}/world/${war.slug}`);
    expect(item.guid).toEqual({ value: war.id, isPermaLink: false });
    expect(item.description).toBe('A standfirst with & and <angle> brackets');
    expect(item.dc?.creators).toEqual(['Olena Kovalenko']);
    expect(new Date(item.pubDate as string).toISOString()).toBe(
      new Date(Math.floor(Date.parse(war.publishedAt) / 1000) * 1000).toISOString(),
    );
    expect(item.categories).toEqual([{ name: 'war' }, { name: 'Київ' }]);
    expect(item.content?.encoded).toContain(`<p>${NON_LATIN}</p>`);
    expect(item.content?.encoded).toContain('<h2>Fish &amp; chips</h2>');
    expect(item.content?.encoded).toContain(`src="${API}${lead.url.replace(/&/g, '&amp;')}"`);
    const media = item.media?.contents?.[0];
    expect(media).toMatchObject({ url: `${API}${lead.url}`, medium: 'image', type: 'image/jpeg', width: 640 });
    expect(media?.credits).toEqual([{ value: 'Reuters' }]);
    expect(media?.description).toEqual({ value: 'Soldiers near Kursk & <the> border', type: 'plain' });
    // The article without a byline, standfirst or lead image has none of those elements.
    const plain = (feed.items ?? [])[1] as NonNullable<typeof feed.items>[number];
    expect(plain.dc).toBeUndefined();
    expect(plain.description).toBeUndefined();
    expect(plain.media).toBeUndefined();
  });

  it('Atom 1.0: entries with title, link, id, summary, html content, author, published, updated, categories', async () => {
    const res = await get('/v1/feeds/atom');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = parseAtomFeed(res.payload);
    expect(feed.title).toEqual({ value: 'Daily & <Times>' });
    expect(feed.id).toBe(`${API}/v1/feeds/atom`);
    expect(feed.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ href: SITE, rel: 'alternate', hreflang: 'en-GB' }),
        expect.objectContaining({ href: `${API}/v1/feeds/atom`, rel: 'self' }),
      ]),
    );
    expect(feed.updated).toBe(sport.updatedAt);
    expect(feed.entries?.map((entry) => entry.title)).toEqual([{ value: HEADLINE }, { value: 'Cup final tonight' }]);
    const entry = (feed.entries ?? [])[0] as NonNullable<typeof feed.entries>[number];
    expect(entry.id).toBe(`tag:news.example.com,${war.createdAt.slice(0, 10)}:${war.id}`);
    expect(entry.links).toEqual([expect.objectContaining({ href: `${SITE}/world/${war.slug}`, rel: 'alternate' })]);
    expect(entry.summary).toEqual({ value: 'A standfirst with & and <angle> brackets' });
    expect(entry.content?.type).toBe('html');
    expect(entry.content?.value).toContain(`<p>${NON_LATIN}</p>`);
    expect(entry.authors).toEqual([{ name: 'Olena Kovalenko' }]);
    expect(entry.published).toBe(war.publishedAt);
    expect(entry.updated).toBe(war.updatedAt);
    expect(entry.categories).toEqual([{ term: 'war' }, { term: 'Київ' }]);
  });

  it('JSON Feed 1.1: exactly the contract item fields, absolute URLs', async () => {
    const res = await get('/v1/feeds/json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/feed\+json/);
    const feed = JSON.parse(res.payload);
    expect(parseJsonFeed(res.payload).title).toBe('Daily & <Times>');
    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Daily & <Times>',
      home_page_url: SITE,
      feed_url: `${API}/v1/feeds/json`,
      language: 'en-GB',
    });
    expect(feed.items).toHaveLength(2);
    const [item, plain] = feed.items;
    expect(Object.keys(item).sort()).toEqual(
      [
        'id',
        'url',
        'title',
        'summary',
        'content_html',
        'date_published',
        'date_modified',
        'authors',
        'tags',
        'image',
      ].sort(),
    );
    expect(item).toMatchObject({
      id: war.id,
      url: `${SITE}/world/${war.slug}`,
      title: HEADLINE,
      summary: 'A standfirst with & and <angle> brackets',
      date_published: war.publishedAt,
      date_modified: war.updatedAt,
      authors: [{ name: 'Olena Kovalenko' }],
      tags: ['war', 'Київ'],
      image: `${API}${lead.url}`,
    });
    expect(item.content_html).toContain(`<p>${NON_LATIN}</p>`);
    expect(plain.id).toBe(sport.id);
    expect(plain.image).toBeUndefined();
  });

  it('filters by section and tag and limits the items, in every format', async () => {
    const ids = async (query: string) =>
      (parseRssFeed((await get(`/v1/feeds/rss${query}`)).payload).items ?? []).map((item) => item.guid?.value);
    expect(await ids('?section=sport')).toEqual([sport.id]);
    expect(await ids('?tag=war')).toEqual([war.id]);
    expect(await ids('?tag=war&section=sport')).toEqual([]);
    expect(await ids('?limit=1')).toEqual([war.id]);
    const atom = parseAtomFeed((await get('/v1/feeds/atom?tag=football')).payload);
    expect(atom.entries?.map((entry) => entry.id?.endsWith(sport.id))).toEqual([true]);
    const jsonFeed = JSON.parse((await get('/v1/feeds/json?section=world&limit=100')).payload);
    expect(jsonFeed.items.map((item: { id: string }) => item.id)).toEqual([war.id]);
    // An empty feed is still a valid document.
    const empty = parseAtomFeed((await get('/v1/feeds/atom?tag=nothing-here')).payload);
    expect(empty.entries ?? []).toEqual([]);
  });

  it('never lists drafts or scheduled articles, even for a token holder', async () => {
    for (const headers of [{}, ctx.auth]) {
      const res = await get('/v1/feeds/json?limit=100', headers);
      const ids = JSON.parse(res.payload).items.map((item: { id: string }) => item.id);
      expect(ids).toEqual([war.id, sport.id]);
      expect(ids).not.toContain(draft.id);
    }
  });

  it.each(['rss', 'atom', 'json'])(
    '%s: a bad limit, section, tag or unknown parameter is a 400 problem+json',
    async (format) => {
      const cases: Array<[string, string]> = [
        ['limit=0', 'limit'],
        ['limit=101', 'limit'],
        ['limit=abc', 'limit'],
        ['limit=1e1', 'limit'],
        ['section=', 'section'],
        [`tag=${'x'.repeat(101)}`, 'tag'],
        ['cursor=abc', 'cursor'],
        ['q=war', 'q'],
      ];
      for (const [query, path] of cases) {
        const res = await get(`/v1/feeds/${format}?${query}`);
        expect(res.statusCode, query).toBe(400);
        expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
        const problem = json(res);
        expect(problem.code).toBe('VALIDATION_FAILED');
        expect(problem.errors.map((error: { path: string }) => error.path)).toContain(path);
      }
    },
  );

  it('carries the public read caching: ETag, 304 on If-None-Match, Cache-Control; a write changes it at once', async () => {
    const article = await get(`/v1/articles/${war.slug}`);
    const first = await get('/v1/feeds/rss');
    expect(first.headers.etag).toMatch(/^"d\./);
    expect(first.headers['cache-control']).toBe(article.headers['cache-control']);
    const again = await get('/v1/feeds/rss');
    expect(again.payload).toBe(first.payload);
    expect(again.headers.etag).toBe(first.headers.etag);
    const revalidated = await get('/v1/feeds/rss', { 'if-none-match': first.headers.etag as string });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.payload).toBe('');
    // Each format and query has its own ETag.
    expect((await get('/v1/feeds/atom')).headers.etag).not.toBe(first.headers.etag);

    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: `/v1/articles/${sport.id}`,
      headers: ctx.auth,
      payload: { headline: 'Cup final postponed' },
    });
    expect(patched.statusCode).toBe(200);
    const after = await get('/v1/feeds/rss', { 'if-none-match': first.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(first.headers.etag);
    expect(parseRssFeed(after.payload).items?.[1]?.title).toBe('Cup final postponed');
    sport = json(patched);
  });

  it('shows an image edit in the items that use it', async () => {
    const before = await get('/v1/feeds/rss');
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/v1/images/${lead.id}`,
      headers: ctx.auth,
      payload: { credit: 'AP' },
    });
    expect(res.statusCode).toBe(200);
    const after = await get('/v1/feeds/rss');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(parseRssFeed(after.payload).items?.[0]?.media?.contents?.[0]?.credits).toEqual([{ value: 'AP' }]);
  });
});

describe('feeds: a scheduled article coming due', () => {
  const ctx = useApp({ PUBLIC_URL: API });

  it('appears once its time has come, with no write in between', async () => {
    const publishedAt = Date.now() + 1_500;
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: ctx.auth,
      payload: { headline: 'Embargoed', status: 'published', publishedAt: new Date(publishedAt).toISOString() },
    });
    expect(res.statusCode).toBe(201);
    const before = await ctx.app.inject({ method: 'GET', url: '/v1/feeds/json' });
    expect(JSON.parse(before.payload).items).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, publishedAt - Date.now() + 50));
    const after = await ctx.app.inject({ method: 'GET', url: '/v1/feeds/json' });
    expect(JSON.parse(after.payload).items.map((item: { title: string }) => item.title)).toEqual(['Embargoed']);
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });
});
