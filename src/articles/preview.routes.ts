import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problems } from '../http/problems.js';
import { type Article, article } from './articles.schemas.js';
import type { ArticleHead, PreviewLinksStore } from './articles.store.js';
import { previewParams } from './history.schemas.js';

export type PreviewRoutesOptions = {
  previewLinks: PreviewLinksStore;
  findHead: (id: string) => Promise<ArticleHead | undefined>;
  /** The single read's JSON of an article (articles.routes.ts, articleRenderer). */
  render: (head: ArticleHead) => Promise<{ json: string } | undefined>;
  /** Parse the JSON again so the response schema checks it (RESPONSE_VALIDATION, on in tests). */
  validateRendered?: boolean;
};

/**
 * GET /v1/preview/{token}: the article a preview link opens, exactly as the single read answers it, current
 * content whatever its status. No token is needed; like every /v1 request, one that is sent must be valid (a
 * wrong one is a 401, http/auth.ts). Nothing here is cached: `private, no-store`, and `noindex` for crawlers a
 * link may leak to.
 */
export const previewRoutes: FastifyPluginAsyncZod<PreviewRoutesOptions> = async (
  app,
  { previewLinks, findHead, render, validateRendered = false },
) => {
  app.get(
    '/:token',
    {
      // NOTE: the token is in the URL: request logs show it masked (maskUrl in app.ts).
      schema: {
        tags: ['History'],
        operationId: 'readPreview',
        summary: 'Read an article through a preview link',
        description:
          'No `Authorization` needed (a header that is sent must still hold a valid token, as on every /v1 request). The article exactly as `GET /v1/articles/{id}` returns it, current content whatever its status, with `Cache-Control: private, no-store` and `X-Robots-Tag: noindex`. An unknown or revoked token, or one whose article was deleted, is a 404; an expired one a 410; neither says whether the article exists.',
        params: previewParams,
        response: { 200: article },
      },
      config: { problemStatuses: [410] },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store').header('x-robots-tag', 'noindex');
      const link = await previewLinks.find(request.params.token);
      if (!link.found) throw problems.previewNotFound();
      if (link.expired) throw problems.previewExpired();
      const head = await findHead(link.articleId);
      const rendered = head && (await render(head));
      if (!rendered) throw problems.previewNotFound();
      if (validateRendered) return JSON.parse(rendered.json) as Article;
      return reply
        .type('application/json; charset=utf-8')
        .send(rendered.json as unknown as Article) as unknown as Article;
    },
  );
};
