import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireScope } from '../http/auth.js';
import { assertIfMatch, type Caching } from '../http/caching.js';
import { problems } from '../http/problems.js';
import { dropKeys, isPlainObject } from '../http/read-only.js';
import { articleEtag, toArticle, toListItem } from './articles.mapper.js';
import type { ArticleRecord, ArticlesRepository } from './articles.repository.js';
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
import { isPublic, type PublishState } from './publishing.js';

/** A rendered public article: its JSON, ETag and publish state (visibility is decided again at each read). */
export type CachedArticle = { json: string; etag: string; state: PublishState };

/** A rendered public list page, good until the next scheduled article comes due (or any write). */
export type CachedList = { json: string; validUntil: number };

type Cache<T> = { get(key: string): T | undefined; set(key: string, value: T): void };

export type ArticlesRoutesOptions = {
  articles: ArticlesRepository;
  caching: Caching;
  /** Rendered public reads by id or slug; it empties itself on any write to the database (see db/change-watch). */
  cache: Cache<CachedArticle>;
  /** Rendered public list pages by URL, emptied the same way. */
  listCache: Cache<CachedList>;
};

const tags = ['Articles'];

/** Drafts, archived and scheduled articles are for token holders with the read scope; for others they do not exist. */
export function canSeeHidden(request: FastifyRequest): boolean {
  return request.principal?.scopes.has('read') ?? false;
}

export function isVisible(row: ArticleRecord, request: FastifyRequest, now = Date.now()): boolean {
  return canSeeHidden(request) || isPublic({ status: row.status, publishedAt: row.published_at }, now);
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
  { articles, caching, cache, listCache },
) => {
  const currentEtag = (row: ArticleRecord) => articleEtag(row, articles.resolve([row], true));

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
      if (cacheable) {
        const hit = listCache.get(request.url);
        if (hit && now < hit.validUntil) {
          caching.list(request, reply);
          return reply.type('application/json; charset=utf-8').send(hit.json as unknown as ArticleList);
        }
      }
      const page = articles.list(query, now);
      const withBody = query.include === 'body';
      const resolved = articles.resolve(page.rows, withBody);
      const body = {
        data: page.rows.map((row) => toListItem(row, resolved, withBody)),
        meta: { total: page.total, limit: query.limit, nextCursor: page.nextCursor },
      };
      if (cacheable) {
        listCache.set(request.url, {
          json: JSON.stringify(body),
          validUntil: articles.nextScheduledAt(now) ?? Infinity,
        });
      }
      caching.list(request, reply);
      return body;
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
      const { row, resolved } = articles.createResolved(request.body);
      reply.code(201).header('location', `/v1/articles/${row.id}`).header('etag', articleEtag(row, resolved));
      return toArticle(row, resolved);
    },
  );

  app.get(
    '/:id',
    {
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
      if (!request.principal) {
        const hit = cache.get(key);
        if (hit) {
          if (!isPublic(hit.state, Date.now())) throw problems.notFound('article', key);
          if (caching.single(request, reply, hit.etag)) return reply;
          // A string with a JSON content type is sent as it is (Fastify serializes only objects).
          return reply.type('application/json; charset=utf-8').send(hit.json as unknown as Article);
        }
      }
      const row = articles.find(key);
      if (!row || !isVisible(row, request)) throw problems.notFound('article', key);
      const resolved = articles.resolve([row], true);
      const etag = articleEtag(row, resolved);
      const body = toArticle(row, resolved);
      if (!request.principal) {
        cache.set(key, {
          json: JSON.stringify(body),
          etag,
          state: { status: row.status, publishedAt: row.published_at },
        });
      }
      if (caching.single(request, reply, etag)) return reply;
      return body;
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
      // The current ETag costs a resolution: computed only when there is an If-Match to compare it with.
      const { row, resolved } = articles.updateResolved(request.params.id, request.body, (current) => {
        if (request.headers['if-match'] !== undefined) assertIfMatch(request, currentEtag(current));
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
      articles.delete(request.params.id, (current) => assertIfMatch(request, currentEtag(current)));
      return reply.code(204).send(null);
    },
  );
};
