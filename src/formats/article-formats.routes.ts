import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { articleEtag, toArticle } from '../articles/articles.mapper.js';
import type { CachedArticle } from '../articles/articles.routes.js';
import { isVisible } from '../articles/articles.routes.js';
import { type Article, articleParams } from '../articles/articles.schemas.js';
import type { ArticlesStore } from '../articles/articles.store.js';
import { isPublic } from '../articles/publishing.js';
import type { Config } from '../config.js';
import type { Caching } from '../http/caching.js';
import { problems } from '../http/problems.js';
import { noneMatch } from '../shared/etag.js';
import { jsonLdText, toJsonLd } from './jsonld.js';
import { type NewsArticleJsonLd, newsArticleJsonLd } from './jsonld.schema.js';
import { publicBaseUrl } from './links.js';
import { toNinjs } from './ninjs.js';
import { type NinjsDocument, ninjsDocument } from './ninjs.schema.js';

// The per-article news formats: GET /v1/articles/{id or slug}/jsonld and /ninjs. They follow the single article
// read (articles.routes.ts) in everything but the rendering: the same visibility (public articles for everyone,
// any status with a token), the same caching headers, ETags from the same version counters, and anonymous reads
// kept rendered until the database changes.

// `since`: the cache's epoch() right after the `get` that missed (db/change-watch.ts createResponseCache).
type Cache<T> = { get(key: string): T | undefined; epoch(): number; set(key: string, value: T, since: number): void };

export type FormatSettings = Pick<Config, 'siteUrl' | 'articleUrl' | 'publicUrl' | 'siteName' | 'siteLanguage'>;

export type ArticleFormatsRoutesOptions = {
  articles: Pick<ArticlesStore, 'findHead' | 'etagOf' | 'load'>;
  caching: Caching;
  /** Rendered anonymous reads by format, base URL and id or slug; empties itself on any write (db/change-watch). */
  cache: Cache<CachedArticle>;
  settings: FormatSettings;
  /** As in articles.routes.ts: send rendered text through the response schema's serializer (tests). */
  validateRendered?: boolean;
};

/** What a format's rendering may depend on besides the article: where its links point, and whether it is public. */
type RenderContext = { mediaBase: string; settings: FormatSettings; isPublic: boolean };

type Format = { name: string; contentType: string; render(article: Article, context: RenderContext): string };

const JSON_LD: Format = {
  name: 'jsonld',
  contentType: 'application/ld+json',
  render: (article, { settings, mediaBase }) => jsonLdText(toJsonLd(article, settings, mediaBase)),
};

const NINJS: Format = {
  name: 'ninjs',
  contentType: 'application/json',
  render: (article, { settings, mediaBase, isPublic }) =>
    JSON.stringify(toNinjs(article, settings, { apiBase: mediaBase, isPublic })),
};

const tags = ['Articles'];

const notModified = z.null().meta({ description: 'The copy the client holds (If-None-Match) is current.' });

const VISIBILITY =
  'Without a token only a published article whose time has come is found (drafts, archived and scheduled articles are a 404); with a token an article of any status. Caching as for the single article read: an `ETag` (different from the JSON article’s, and changed by any change to the article or to an image or quote it shows), a 304 on `If-None-Match`, and the public read’s `Cache-Control` (`private, no-cache` with a token). Every URL is absolute: article pages from `ARTICLE_URL`, this API’s images from `PUBLIC_URL` (or the request’s own scheme and host).';

export const articleFormatsRoutes: FastifyPluginAsyncZod<ArticleFormatsRoutesOptions> = async (app, options) => {
  const { articles, caching, cache, settings, validateRendered = false } = options;

  // NOTE: a format's text depends on the settings and on the base URL of this API's own links (the request's host
  // when PUBLIC_URL is unset), so both are part of its ETag: a client's copy made for another host or before a
  // settings change is not revalidated as current. Kept per base URL (a few hosts at most; bounded all the same).
  const settingsTags = new Map<string, string>();
  const settingsTag = (base: string): string => {
    let tag = settingsTags.get(base);
    if (tag === undefined) {
      const { siteUrl, articleUrl, siteName, siteLanguage } = settings;
      const text = JSON.stringify([siteUrl, articleUrl, siteName, siteLanguage, base]);
      tag = createHash('sha256').update(text).digest('base64url').slice(0, 8);
      if (settingsTags.size >= 64) settingsTags.clear();
      settingsTags.set(base, tag);
    }
    return tag;
  };

  /** The format's ETag from the article's: distinct from the JSON article's, and from the other format's. */
  const formatEtag = (format: Format, base: string, visible: boolean, etag: string) =>
    `"${format.name}.${settingsTag(base)}.${visible ? 'p' : 'h'}.${etag.slice(1)}`;

  /** Rendered text, sent as it is, or parsed again to be validated by the response schema's serializer. */
  const send = <T>(reply: FastifyReply, format: Format, text: string): T => {
    reply.type(`${format.contentType}; charset=utf-8`);
    return validateRendered ? (JSON.parse(text) as T) : (reply.send(text) as unknown as T);
  };

  async function serve<T>(format: Format, key: string, request: FastifyRequest, reply: FastifyReply): Promise<T> {
    const base = publicBaseUrl(request, settings);
    const cacheKey = `${format.name} ${base} ${key}`;
    const now = Date.now();
    let since = 0;
    if (!request.principal) {
      const hit = cache.get(cacheKey);
      since = cache.epoch();
      if (hit) {
        if (!isPublic(hit.state, now)) throw problems.notFound('article', key);
        if (caching.single(request, reply, hit.etag)) return reply as unknown as T;
        return send<T>(reply, format, hit.json);
      }
    }
    const head = await articles.findHead(key);
    if (!head || !isVisible(head, request, now)) throw problems.notFound('article', key);
    const state = { status: head.status, publishedAt: head.publishedAt };
    const visible = isPublic(state, now);
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch !== undefined) {
      // A revalidation is answered from the link tables (one statement), without resolving or rendering anything.
      const etag = formatEtag(format, base, visible, await articles.etagOf(head));
      if (noneMatch(ifNoneMatch, etag) && caching.single(request, reply, etag)) return reply as unknown as T;
    }
    const loaded = await articles.load(head.id);
    if (!loaded) throw problems.notFound('article', key);
    const { row, resolved } = loaded;
    const text = format.render(toArticle(row, resolved), { mediaBase: base, settings, isPublic: visible });
    const etag = formatEtag(format, base, visible, articleEtag(row, resolved));
    if (!request.principal) cache.set(cacheKey, { json: text, etag, state }, since);
    if (caching.single(request, reply, etag)) return reply as unknown as T;
    return send<T>(reply, format, text);
  }

  app.get(
    '/:id/jsonld',
    {
      schema: {
        tags,
        operationId: 'getArticleJsonLd',
        summary: 'An article as schema.org NewsArticle JSON-LD',
        description: `The article as a schema.org \`NewsArticle\` for search engines (Google's article rich results), ready to embed as it is in a page's JSON-LD script element (every \`<\` in it is written \`\\u003c\`). The lead image comes as \`ImageObject\`s cropped to 16x9, 4x3 and 1x1, each 1,200 px wide or the largest crop of that shape the original holds (never upscaled; sizes as schema.org \`QuantitativeValue\`s in pixels); an external picture (\`sourceUrl\`), which this API does not hold and cannot crop, is given once, as it is. \`author\` is the byline as a \`Person\`, \`publisher\` the \`SITE_NAME\` \`Organization\`, \`correction\` the correction notices, and \`citation\` one \`Quotation\` per quote in the body, spoken by a \`Person\` (with \`jobTitle\` and \`affiliation\`) or, for a quote whose \`speakerType\` is \`organisation\`, an \`Organization\` (with \`description\` and \`parentOrganization\`). ${VISIBILITY}`,
        params: articleParams,
        response: {
          200: {
            description: 'The NewsArticle.',
            content: { 'application/ld+json': { schema: newsArticleJsonLd } },
          },
          304: notModified,
        },
      },
    },
    (request, reply) => serve<NewsArticleJsonLd>(JSON_LD, request.params.id, request, reply),
  );

  app.get(
    '/:id/ninjs',
    {
      schema: {
        tags,
        operationId: 'getArticleNinjs',
        summary: 'An article as an IPTC ninjs 3.1 news object',
        description: `The article as IPTC ninjs 3.1 (News in JSON) for wire partners and archives, valid against IPTC's ninjs-schema_3.1.json. \`uri\` identifies the article by its address in this API (by id: a slug change does not move it); \`headlines\`, \`descriptions\` (the standfirst), \`bodies\` (HTML, role \`main\`), \`by\` (the byline), \`firstCreated\` (\`publishedAt\`, or \`createdAt\` for an article never published), \`versionCreated\` (\`updatedAt\`), \`contentCreated\` (\`createdAt\`), \`language\` (\`SITE_LANGUAGE\`), \`subjects\` (the tags), and the quotes' speakers as \`people\` or \`organisations\` by \`speakerType\`. \`pubStatus\` is \`usable\`, or \`withheld\` for an article that is not public (seen with a token; a scheduled one also has \`embargoedUntil\`). \`associations\` hold the lead image (\`leadImage\`) and the image blocks (\`image1\`, \`image2\`…) as pictures with \`by\` (the creator), \`copyrightNotice\`, \`descriptions\` (\`caption\` and \`alt\` text), \`infoSources\` (the credit) and \`renditions\`: the \`original\` and, for an upload, its 16x9, 4x3 and 1x1 crops (sizes as served); an external picture (\`sourceUrl\`) has only its original, whose size and type this API does not know. ${VISIBILITY}`,
        params: articleParams,
        response: {
          200: { description: 'The ninjs document.', content: { 'application/json': { schema: ninjsDocument } } },
          304: notModified,
        },
      },
    },
    (request, reply) => serve<NinjsDocument>(NINJS, request.params.id, request, reply),
  );
};
