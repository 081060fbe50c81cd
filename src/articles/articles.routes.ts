import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorOf, requireScope } from '../http/auth.js';
import type { Caching } from '../http/caching.js';
import { problems } from '../http/problems.js';
import { dropKeys, isPlainObject } from '../http/read-only.js';
import { noneMatch } from '../shared/etag.js';
import { articleState, type RenderMemo, renderListItems } from './article-renders.js';
import { articleEtag, toArticle } from './articles.mapper.js';
import {
  ARTICLE_READ_ONLY,
  type Article,
  type ArticleList,
  article,
  articleCreate,
  articleList,
  articleListQuery,
  articleParams,
  articleUpdate,
} from './articles.schemas.js';
import type { ArticleHead, ArticleRecord, ArticlesStore } from './articles.store.js';
import { isPublic, type PublishState } from './publishing.js';

/** A rendered public article: its JSON, ETag and publish state (visibility is decided again at each read). */
export type CachedArticle = { json: string; etag: string; state: PublishState };

/** A rendered public list page, good until the next scheduled article comes due (or any write). */
export type CachedList = { json: string; validUntil: number };

// `since`: the cache's epoch() right after the `get` that missed (db/change-watch.ts createResponseCache).
type Cache<T> = { get(key: string): T | undefined; epoch(): number; set(key: string, value: T, since: number): void };

export type ArticlesRoutesOptions = {
  articles: ArticlesStore;
  caching: Caching;
  /** Rendered public reads by id or slug; it empties itself on any write to the database (see db/change-watch). */
  cache: Cache<CachedArticle>;
  /** Rendered public list pages by URL, emptied the same way. */
  listCache: Cache<CachedList>;
  /** Rendered articles and cards by id, for every reader; a write leaves the other articles' renderings good. */
  renders: RenderMemo;
  /**
   * Send rendered JSON through the response schema's serializer (RESPONSE_VALIDATION, on in tests) instead of as
   * is, so what the memo and caches answer is checked against the contract too.
   */
  validateRendered?: boolean;
};

const tags = ['Articles'];
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * An article's JSON and ETag from the render memo while it is unchanged, else read, resolved, rendered and kept
 * (what the single read answers; a preview link answers the same). undefined when the article is gone.
 */
export function articleRenderer(articles: Pick<ArticlesStore, 'load'>, renders: RenderMemo) {
  return async (head: ArticleHead): Promise<{ json: string; etag: string } | undefined> => {
    const kept = renders.get('full', head.id, articleState(head));
    if (kept?.etag !== undefined) return { json: kept.json, etag: kept.etag };
    const since = renders.epoch();
    const loaded = await articles.load(head.id);
    if (!loaded) return undefined;
    const { row, resolved } = loaded;
    const rendering = { state: articleState(row), json: JSON.stringify(toArticle(row, resolved)) };
    const etag = articleEtag(row, resolved);
    // NOTE: kept under the state of the row rendered (a write between the two reads made it newer than head's).
    renders.set('full', row.id, { ...rendering, etag }, since);
    return { json: rendering.json, etag };
  };
}

/** Drafts, archived and scheduled articles are for token holders with the read scope; for others they do not exist. */
export function canSeeHidden(request: FastifyRequest): boolean {
  return request.principal?.scopes.has('read') ?? false;
}

export function isVisible(
  row: Pick<ArticleRecord, 'status' | 'publishedAt'>,
  request: FastifyRequest,
  now = Date.now(),
): boolean {
  return canSeeHidden(request) || isPublic(row, now);
}

/** The request's If-Match header, for a write to check inside its transaction (the store answers 412). */
export function ifMatchOf(request: FastifyRequest): string | undefined {
  const header = request.headers['if-match'];
  return Array.isArray(header) ? header.join(',') : header;
}

/** A GET body sent back: drop the read-only fields, and the resolved image/quote objects inside blocks. */
async function stripArticleReadOnly(request: FastifyRequest) {
  const body = request.body;
  dropKeys(body, ARTICLE_READ_ONLY);
  if (isPlainObject(body) && Array.isArray(body.body)) {
    for (const block of body.body) {
      if (!isPlainObject(block)) continue;
      if (block.type === 'image') delete block.image;
      if (block.type === 'quote') delete block.quote;
    }
  }
}

export const articlesRoutes: FastifyPluginAsyncZod<ArticlesRoutesOptions> = async (
  app,
  { articles, caching, cache, listCache, renders, validateRendered = false },
) => {
  /** Rendered JSON, sent as it is (a string with a JSON content type), or parsed again to be validated. */
  const sendJson = <T>(reply: FastifyReply, json: string): T =>
    validateRendered ? (JSON.parse(json) as T) : (reply.type(JSON_TYPE).send(json) as unknown as T);

  const renderArticle = articleRenderer(articles, renders);

  app.get(
    '/',
    {
      schema: {
        tags,
        operationId: 'listArticles',
        summary: 'List articles',
        description:
          'The public list by default: published articles whose time has come, newest `publishedAt` first. With a token, `status` lists drafts, archived, scheduled or any. Items carry `leadImage`; `include=body` adds resolved bodies.',
        querystring: articleListQuery,
        response: { 200: articleList },
      },
    },
    async (request, reply) => {
      const { query } = request;
      if (query.status !== 'published') requireScope(request, 'read');
      const now = Date.now();
      // NOTE: an anonymous list is the public one, the same for every reader until something is written or the
      // next scheduled article comes due, so its rendered page is kept until then (see db/change-watch).
      const cacheable = !request.principal;
      let listed = 0;
      if (cacheable) {
        const hit = listCache.get(request.url);
        listed = listCache.epoch();
        if (hit && now < hit.validUntil) {
          caching.list(request, reply);
          return sendJson<ArticleList>(reply, hit.json);
        }
      }
      const page = await articles.list(query, now);
      renders.sync();
      const meta = { total: page.total, limit: query.limit, nextCursor: page.nextCursor };
      const items = await renderListItems(articles, renders, page.rows, query.include === 'body');
      const json = `{"data":[${items.join(',')}],"meta":${JSON.stringify(meta)}}`;
      if (cacheable)
        listCache.set(request.url, { json, validUntil: (await articles.nextScheduledAt(now)) ?? Infinity }, listed);
      caching.list(request, reply);
      return sendJson<ArticleList>(reply, json);
    },
  );

  app.post(
    '/',
    {
      config: { scope: 'write', problemStatuses: [409] },
      preValidation: stripArticleReadOnly,
      schema: {
        tags,
        operationId: 'createArticle',
        summary: 'Create an article',
        description:
          'A draft by default. `status: published` without `publishedAt` publishes now; a future `publishedAt` schedules it. A block or `leadImageId` naming a missing image or quote is a 400; a given slug that is taken is a 409.',
        body: articleCreate,
        response: { 201: article },
      },
    },
    async (request, reply) => {
      const { row, resolved } = await articles.create(request.body, { author: authorOf(request) });
      reply.code(201).header('location', `/v1/articles/${row.id}`).header('etag', articleEtag(row, resolved));
      return toArticle(row, resolved);
    },
  );

  app.get(
    '/:id',
    {
      // caching.single(): an ETag, and 304 for a current If-None-Match (documented by http/openapi-caching.ts).
      config: { conditional: 'resource' },
      schema: {
        tags,
        operationId: 'getArticle',
        summary: 'Read an article by id or slug, fully resolved',
        description:
          'Everything a page needs in one response: the lead image and every image and quote block with the whole object it names. Drafts, archived and scheduled articles are 404 without a token.',
        params: articleParams,
        response: { 200: article },
      },
    },
    async (request, reply) => {
      // NOTE: the hot path of every page view. An anonymous read of a public article is served from the rendered
      // copy while the database is unchanged: no query but the change check, no mapping, no serializing.
      const key = request.params.id;
      let since = 0;
      if (!request.principal) {
        const hit = cache.get(key);
        since = cache.epoch();
        if (hit) {
          if (!isPublic(hit.state, Date.now())) throw problems.notFound('article', key);
          if (caching.single(request, reply, hit.etag)) return reply;
          return sendJson<Article>(reply, hit.json);
        }
      }
      // Visibility and state from one narrow statement; the JSON and ETag from the memo unless the article (or an
      // image or quote) changed since it was rendered: a revalidation (304) then resolves and renders nothing.
      const head = await articles.findHead(key);
      if (!head || !isVisible(head, request)) throw problems.notFound('article', key);
      renders.sync();
      const ifNoneMatch = request.headers['if-none-match'];
      if (ifNoneMatch !== undefined && renders.get('full', head.id, articleState(head))?.etag === undefined) {
        // Not rendered since it changed: the ETag from the link tables answers a revalidation without rendering.
        const etag = await articles.etagOf(head);
        if (noneMatch(ifNoneMatch, etag) && caching.single(request, reply, etag)) return reply;
      }
      const rendered = await renderArticle(head);
      if (rendered === undefined) throw problems.notFound('article', key);
      const { json, etag } = rendered;
      if (!request.principal) {
        cache.set(key, { json, etag, state: { status: head.status, publishedAt: head.publishedAt } }, since);
      }
      if (caching.single(request, reply, etag)) return reply;
      return sendJson<Article>(reply, json);
    },
  );

  app.patch(
    '/:id',
    {
      config: { scope: 'write', problemStatuses: [409, 412] },
      preValidation: stripArticleReadOnly,
      schema: {
        tags,
        operationId: 'updateArticle',
        summary: 'Update an article',
        description:
          'Partial update. Publishing sets `publishedAt` to now on the first publish when none is given and keeps it on a re-publish. Send `If-Match` to refuse a lost update (412).',
        params: articleParams,
        body: articleUpdate,
        response: { 200: article },
      },
    },
    async (request, reply) => {
      const { row, resolved } = await articles.update(request.params.id, request.body, {
        author: authorOf(request),
        ifMatch: ifMatchOf(request),
      });
      reply.header('etag', articleEtag(row, resolved));
      return toArticle(row, resolved);
    },
  );

  app.delete(
    '/:id',
    {
      config: { scope: 'write', problemStatuses: [412] },
      schema: {
        tags,
        operationId: 'deleteArticle',
        summary: 'Delete an article',
        description: 'Its images and quotes stay: they may be used elsewhere.',
        params: articleParams,
        response: { 204: z.null().meta({ description: 'Deleted.' }) },
      },
    },
    async (request, reply) => {
      await articles.delete(request.params.id, { ifMatch: ifMatchOf(request) });
      return reply.code(204).send(null);
    },
  );
};
