import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertIfMatch, type Caching } from '../http/caching.js';
import { stripReadOnly } from '../http/read-only.js';
import { quoteEtag, toQuote } from './quotes.mapper.js';
import {
  QUOTE_READ_ONLY,
  quote,
  quoteCreate,
  quoteList,
  quoteListQuery,
  quoteParams,
  quoteUpdate,
} from './quotes.schemas.js';
import type { QuotesStore } from './quotes.store.js';

export type QuotesRoutesOptions = {
  quotes: QuotesStore;
  caching: Caching;
  /** The id of the article (id or slug) the caller may see, or null: backs the `articleId` filter. */
  resolveArticleId: (idOrSlug: string, request: FastifyRequest) => Promise<string | null>;
};

const tags = ['Quotes'];

export const quotesRoutes: FastifyPluginAsyncZod<QuotesRoutesOptions> = async (
  app,
  { quotes, caching, resolveArticleId },
) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        operationId: 'listQuotes',
        summary: 'List quotes',
        description: 'Newest first by default. Filter by `speaker` (exact, case-insensitive), `articleId` and `q`.',
        querystring: quoteListQuery,
        response: { 200: quoteList },
      },
    },
    async (request, reply) => {
      const { query } = request;
      let articleId: string | undefined;
      if (query.articleId !== undefined) {
        const resolved = await resolveArticleId(query.articleId, request);
        // An article the caller may not see has, for them, no quotes: the list says nothing of drafts.
        if (resolved === null) {
          caching.list(request, reply);
          return { data: [], meta: { total: 0, limit: query.limit, nextCursor: null } };
        }
        articleId = resolved;
      }
      const page = await quotes.list(query, { articleId });
      caching.list(request, reply);
      return {
        data: page.rows.map(toQuote),
        meta: { total: page.total, limit: query.limit, nextCursor: page.nextCursor },
      };
    },
  );

  app.post(
    '/',
    {
      config: { scope: 'write' },
      preValidation: stripReadOnly(QUOTE_READ_ONLY),
      schema: {
        tags,
        operationId: 'createQuote',
        summary: 'Create a quote',
        body: quoteCreate,
        response: { 201: quote },
      },
    },
    async (request, reply) => {
      const row = await quotes.create(request.body);
      reply.code(201).header('location', `/v1/quotes/${row.id}`).header('etag', quoteEtag(row));
      return toQuote(row);
    },
  );

  app.get(
    '/:id',
    {
      // caching.single(): an ETag, and 304 for a current If-None-Match (documented by http/openapi-caching.ts).
      config: { conditional: 'resource' },
      schema: {
        tags,
        operationId: 'getQuote',
        summary: 'Read a quote',
        params: quoteParams,
        response: { 200: quote },
      },
    },
    async (request, reply) => {
      const row = await quotes.get(request.params.id);
      if (caching.single(request, reply, quoteEtag(row))) return reply;
      return toQuote(row);
    },
  );

  app.patch(
    '/:id',
    {
      config: { scope: 'write', problemStatuses: [412] },
      preValidation: stripReadOnly(QUOTE_READ_ONLY),
      schema: {
        tags,
        operationId: 'updateQuote',
        summary: 'Update a quote',
        description: 'Partial update. Send `If-Match` with the ETag you read to refuse a lost update (412).',
        params: quoteParams,
        body: quoteUpdate,
        response: { 200: quote },
      },
    },
    async (request, reply) => {
      const row = await quotes.update(request.params.id, request.body, (current) =>
        assertIfMatch(request, quoteEtag(current)),
      );
      reply.header('etag', quoteEtag(row));
      return toQuote(row);
    },
  );

  app.delete(
    '/:id',
    {
      config: { scope: 'write', problemStatuses: [409, 412] },
      schema: {
        tags,
        operationId: 'deleteQuote',
        summary: 'Delete a quote',
        description: 'A quote that an article still uses is not deleted: 409 with the articles in `articles`.',
        params: quoteParams,
        response: { 204: z.null().meta({ description: 'Deleted.' }) },
      },
    },
    async (request, reply) => {
      await quotes.delete(request.params.id, (current) => assertIfMatch(request, quoteEtag(current)));
      return reply.code(204).send(null);
    },
  );
};
