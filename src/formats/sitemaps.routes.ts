import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ArticlesStore, SitemapReader } from '../articles/articles.store.js';
import type { Config } from '../config.js';
import type { Caching } from '../http/caching.js';
import { problems } from '../http/problems.js';
import { createDocumentRenderer, type DocumentCache, documentResponses, sendDocument } from './documents.js';
import { publicBaseUrl } from './links.js';
import { renderNewsSitemap, renderSitemapIndex, renderSitemapPage, SITEMAP_PAGE_SIZE } from './sitemaps.js';

export type SitemapsRoutesOptions = {
  reader: SitemapReader;
  articles: Pick<ArticlesStore, 'nextScheduledAt'>;
  caching: Caching;
  /** Rendered sitemaps by URL; empties itself on any write to the database (see db/change-watch). */
  cache: DocumentCache;
  settings: Pick<Config, 'siteUrl' | 'articleUrl' | 'publicUrl' | 'siteName' | 'siteLanguage'>;
};

const XML = 'application/xml';
const CONTENT_TYPE = `${XML}; charset=utf-8`;
const tags = ['Formats'];
const PUBLIC_NOTE =
  'Public: no token needed, ETag and 304, the `Cache-Control` of public reads; it changes with any write and when a scheduled article comes due.';

/** No query parameters: an unknown one is a 400 naming it, as everywhere in the API. */
const noQuery = z.strictObject({});

const pageParams = z.object({
  n: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, { message: 'must be a page number: a whole number from 1' })
    .transform(Number)
    .meta({ description: 'The page, from 1.', type: 'integer', minimum: 1, pattern: undefined } as Record<
      string,
      unknown
    >),
});

export const sitemapsRoutes: FastifyPluginAsyncZod<SitemapsRoutesOptions> = async (
  app,
  { reader, articles, caching, cache, settings },
) => {
  const renderDocument = createDocumentRenderer(cache);
  const untilDue = async (now: number) => (await articles.nextScheduledAt(now)) ?? Number.POSITIVE_INFINITY;

  app.get(
    '/news.xml',
    {
      schema: {
        tags,
        operationId: 'getNewsSitemap',
        summary: 'Google News sitemap',
        description: `Public articles published in the last 2 days, newest first, at most 1,000, each with \`news:publication\` (\`SITE_NAME\` and the language part of \`SITE_LANGUAGE\` in lower case), \`news:publication_date\` and \`news:title\`. ${PUBLIC_NOTE}`,
        querystring: noQuery,
        response: documentResponses(XML, 'A Google News sitemap (urlset with news:news).'),
      },
    },
    async (request, reply) => {
      const now = Date.now();
      const apiBase = publicBaseUrl(request, settings);
      const document = await renderDocument(`${apiBase}/news`, now, async () => {
        const { body, leavesWindowAt } = await renderNewsSitemap(reader, { settings, apiBase }, now);
        return { text: body, validUntil: Math.min(await untilDue(now), leavesWindowAt) };
      });
      return sendDocument(request, reply, caching, document as NonNullable<typeof document>, CONTENT_TYPE);
    },
  );

  app.get(
    '/index.xml',
    {
      schema: {
        tags,
        operationId: 'getSitemapIndex',
        summary: 'Sitemap index',
        description: `A sitemap index of the article sitemap pages (\`/v1/sitemaps/articles/{n}.xml\`), each with its \`lastmod\` (the newest \`updatedAt\` on it). There is always a page 1. ${PUBLIC_NOTE}`,
        querystring: noQuery,
        response: documentResponses(XML, 'A sitemap index.'),
      },
    },
    async (request, reply) => {
      const now = Date.now();
      const apiBase = publicBaseUrl(request, settings);
      const document = await renderDocument(`${apiBase}/index`, now, async () => ({
        text: await renderSitemapIndex(reader, { settings, apiBase }, now),
        validUntil: await untilDue(now),
      }));
      return sendDocument(request, reply, caching, document as NonNullable<typeof document>, CONTENT_TYPE);
    },
  );

  app.get(
    '/articles/:n.xml',
    {
      schema: {
        tags,
        operationId: 'getArticleSitemap',
        summary: 'A page of the article sitemap',
        description: `Up to ${SITEMAP_PAGE_SIZE.toLocaleString('en')} public articles, oldest published first (so pages fill in order and a new article lands on the last page), each with its page address (\`ARTICLE_URL\`), \`lastmod\` (its \`updatedAt\`) and its lead image as \`image:image\`. A page past the last is a 404; \`n\` that is not a whole number from 1 is a 400. ${PUBLIC_NOTE}`,
        params: pageParams,
        querystring: noQuery,
        response: documentResponses(XML, 'A sitemap (urlset with image:image).'),
      },
    },
    async (request, reply) => {
      const now = Date.now();
      const { n } = request.params;
      const apiBase = publicBaseUrl(request, settings);
      const document = await renderDocument(`${apiBase}/articles/${n}`, now, async () => {
        const text = await renderSitemapPage(reader, { settings, apiBase }, n, now);
        return text === null ? null : { text, validUntil: await untilDue(now) };
      });
      if (document === null) throw problems.notFound('sitemap page', String(n));
      return sendDocument(request, reply, caching, document, CONTENT_TYPE);
    },
  );
};
