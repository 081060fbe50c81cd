import { type Dataset, POPULAR_TAGS, SEARCH_TERMS } from './data-generator.js';
import type { Request } from './load.js';

// What the benchmark asks of both servers. Each workload makes its requests from a fixed, shuffled sample (of
// slugs, ids, ETags, cursors), cycling through it, so the database is read across many rows rather than one hot
// row. The reference server gets the same paths; only its ETags and cursors are its own.

export type TargetFixtures = {
  /** Published, public articles: slugs and ids of the same sample. */
  slugs: string[];
  ids: string[];
  /** The ETag this server gave for slugs[i]. */
  etags: string[];
  /** Cursors of pages 50, 51… of the default list, as this server gave them. */
  deepCursors: string[];
  /** Articles the update workload edits (not read by the 304 workload, whose ETags would go stale). */
  editableIds: string[];
  /** Existing images and quotes that created articles reference. */
  imageIds: string[];
  quoteIds: string[];
  /** A cached rendition's path, when the server stores uploads. */
  renditionPath: string | null;
  /** `Authorization` for writes (the real server; the reference takes none). */
  authorization: string | null;
};

export type Workload = {
  name: string;
  kind: 'read' | 'write';
  /** The status every answer should have. */
  expect: number;
  description: string;
  /**
   * Measured on our server only (the reference server has no such route), with this note: its figures are read
   * beside another workload's (the feeds and sitemaps beside list-with-body).
   */
  oursOnly?: string;
  /** Why it cannot run on these servers (the workload is skipped with this note), or null. */
  unavailable?: (fixtures: TargetFixtures) => string | null;
  requests: (fixtures: TargetFixtures, data: Dataset) => () => Request;
};

function cycle<T>(items: readonly T[], make: (item: T, round: number) => Request): () => Request {
  if (items.length === 0) throw new Error('a workload has nothing to ask for');
  let i = 0;
  return () => {
    const item = items[i % items.length] as T;
    const round = Math.floor(i / items.length);
    i++;
    return make(item, round);
  };
}

const get = (path: string, headers?: Record<string, string>): Request => ({ method: 'GET', path, headers });
const writeHeaders = (fixtures: TargetFixtures): Record<string, string> => ({
  'content-type': 'application/json',
  ...(fixtures.authorization ? { authorization: fixtures.authorization } : {}),
});

/** Makes unique slugs across warm-up and measured runs of both servers. */
let created = 0;

export const WORKLOADS: Workload[] = [
  {
    name: 'article-by-slug',
    kind: 'read',
    expect: 200,
    description: 'GET /v1/articles/{slug}: one published article, fully resolved (lead image, image and quote blocks).',
    requests: (f) => cycle(f.slugs, (slug) => get(`/v1/articles/${slug}`)),
  },
  {
    name: 'article-by-id',
    kind: 'read',
    expect: 200,
    description: 'GET /v1/articles/{id}: the same, by id.',
    requests: (f) => cycle(f.ids, (id) => get(`/v1/articles/${id}`)),
  },
  {
    name: 'article-jsonld',
    kind: 'read',
    expect: 200,
    description: 'GET /v1/articles/{slug}/jsonld: the same article as schema.org NewsArticle JSON-LD.',
    requests: (f) => cycle(f.slugs, (slug) => get(`/v1/articles/${slug}/jsonld`)),
  },
  {
    name: 'list',
    kind: 'read',
    expect: 200,
    description: 'GET /v1/articles: the public list, 20 newest cards with their lead images, and the total.',
    requests: () => cycle([0], () => get('/v1/articles')),
  },
  {
    name: 'list-with-body',
    kind: 'read',
    expect: 200,
    description: 'GET /v1/articles?include=body: the same 20, each with its resolved body.',
    requests: () => cycle([0], () => get('/v1/articles?include=body')),
  },
  {
    name: 'feed-rss',
    kind: 'read',
    expect: 200,
    description:
      'GET /v1/feeds/rss: the RSS feed of the 50 newest public articles, each with its full HTML body (read beside list-with-body).',
    oursOnly: 'ours only: compare with list-with-body',
    requests: () => cycle([0], () => get('/v1/feeds/rss')),
  },
  {
    name: 'feed-json',
    kind: 'read',
    expect: 200,
    description: 'GET /v1/feeds/json?tag=…: a JSON Feed of 50, filtered by tag, cycling through the most used tags.',
    oursOnly: 'ours only: compare with list-with-body',
    requests: () => cycle(POPULAR_TAGS, (tag) => get(`/v1/feeds/json?tag=${encodeURIComponent(tag)}`)),
  },
  {
    name: 'news-sitemap',
    kind: 'read',
    expect: 200,
    description: 'GET /v1/sitemaps/news.xml: the Google News sitemap (the last two days, at most 1,000).',
    oursOnly: 'ours only: compare with list-with-body',
    requests: () => cycle([0], () => get('/v1/sitemaps/news.xml')),
  },
  {
    name: 'search',
    kind: 'read',
    expect: 200,
    description: `GET /v1/articles?q=…: full-text search, newest first, cycling through ${SEARCH_TERMS.length} queries.`,
    requests: () => cycle(SEARCH_TERMS, (term) => get(`/v1/articles?q=${encodeURIComponent(term)}`)),
  },
  {
    name: 'list-by-tag',
    kind: 'read',
    expect: 200,
    description: `GET /v1/articles?tag=…: a filtered list, cycling through the ${POPULAR_TAGS.length} most used tags.`,
    requests: () => cycle(POPULAR_TAGS, (tag) => get(`/v1/articles?tag=${encodeURIComponent(tag)}`)),
  },
  {
    name: 'deep-page',
    kind: 'read',
    expect: 200,
    description: 'GET /v1/articles?cursor=…: pages 50 and beyond of the public list, by keyset cursor.',
    requests: (f) => cycle(f.deepCursors, (cursor) => get(`/v1/articles?cursor=${cursor}`)),
  },
  {
    name: 'revalidate-304',
    kind: 'read',
    expect: 304,
    description: 'GET /v1/articles/{slug} with If-None-Match: the current ETag, answered 304 Not Modified.',
    requests: (f) => {
      const pairs = f.slugs.map((slug, i) => [slug, f.etags[i]] as const).filter(([, etag]) => etag);
      return cycle(pairs, ([slug, etag]) => get(`/v1/articles/${slug}`, { 'if-none-match': etag as string }));
    },
  },
  {
    name: 'rendition',
    kind: 'read',
    expect: 200,
    description: 'GET /media/{file}?width=320: a resized rendition of an uploaded image, already cached.',
    unavailable: (f) =>
      f.renditionPath ? null : 'skipped: this server stores no uploaded images yet (POST /v1/images multipart)',
    requests: (f) => cycle([f.renditionPath as string], (path) => get(path)),
  },
  {
    name: 'create',
    kind: 'write',
    expect: 201,
    description: 'POST /v1/articles (token): a published ~3 KB article with quote and image blocks; unique slug each.',
    requests: (f, data) => {
      const templates = Array.from({ length: 100 }, (_, i) => {
        const article = data.article(data.size.articles + i);
        let images = 0;
        let quotes = 0;
        const body = article.body.map((block) => {
          if (block.type === 'image') return { type: 'image', imageId: f.imageIds[images++ % f.imageIds.length] };
          if (block.type === 'quote') return { type: 'quote', quoteId: f.quoteIds[(i + quotes++) % f.quoteIds.length] };
          return block;
        });
        const json = JSON.stringify({
          slug: '__SLUG__',
          headline: article.headline,
          standfirst: article.standfirst,
          section: article.section,
          tags: article.tags,
          byline: article.byline,
          status: 'published',
          leadImageId: f.imageIds[i % f.imageIds.length],
          body,
        });
        return json.split('__SLUG__') as [string, string];
      });
      const headers = writeHeaders(f);
      const run = Date.now().toString(36);
      return cycle(templates, ([before, after]) => ({
        method: 'POST',
        path: '/v1/articles',
        headers,
        body: `${before}bench-${run}-${created++}${after}`,
      }));
    },
  },
  {
    name: 'update',
    kind: 'write',
    expect: 200,
    description: 'PATCH /v1/articles/{id} (token): a new standfirst (re-indexed for search), cycling through articles.',
    requests: (f) => {
      const headers = writeHeaders(f);
      return cycle(f.editableIds, (id, round) => ({
        method: 'PATCH',
        path: `/v1/articles/${id}`,
        headers,
        body: JSON.stringify({
          standfirst: `Updated standfirst, revision ${round + 2}, with more detail from officials.`,
        }),
      }));
    },
  },
];
