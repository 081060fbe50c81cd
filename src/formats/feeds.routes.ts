import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type RenderMemo, renderListItems } from '../articles/article-renders.js';
import { type Article, articleListQuery } from '../articles/articles.schemas.js';
import type { ArticlesStore } from '../articles/articles.store.js';
import type { Config } from '../config.js';
import type { Caching } from '../http/caching.js';
import { INPUT_DEFAULT, limitQuery } from '../shared/schemas.js';
import { createDocumentRenderer, type DocumentCache, documentResponses, sendDocument } from './documents.js';
import { FEED_FORMATS, type FeedFormat, renderFeed } from './feeds.js';
import { publicBaseUrl } from './links.js';

export type FeedsRoutesOptions = {
  articles: Pick<ArticlesStore, 'list' | 'loadBySeqs' | 'nextScheduledAt'>;
  renders: RenderMemo;
  caching: Caching;
  /** Rendered feeds by URL; empties itself on any write to the database (see db/change-watch). */
  cache: DocumentCache;
  settings: Pick<Config, 'siteUrl' | 'articleUrl' | 'publicUrl' | 'siteName' | 'siteLanguage'>;
};

const FEED_LIMIT = 50;

/** The article list's limit, section and tag, validated the same way; 50 items by default. */
export const feedQuery = z.strictObject({
  limit: limitQuery
    .unwrap()
    .default(FEED_LIMIT)
    .meta({
      description: `Items, 1 to 100 (default ${FEED_LIMIT}).`,
      type: 'integer',
      [INPUT_DEFAULT]: FEED_LIMIT,
      minimum: 1,
      maximum: 100,
      pattern: undefined,
    } as Record<string, unknown>),
  section: articleListQuery.shape.section.meta({ description: 'Only articles of this section.' }),
  tag: articleListQuery.shape.tag.meta({ description: 'Only articles with this tag.' }),
});

const FORMATS: Record<FeedFormat, { operationId: string; summary: string; contentType: string }> = {
  rss: {
    operationId: 'getRssFeed',
    summary: 'RSS 2.0 feed (with Media RSS)',
    contentType: `${FEED_FORMATS.rss}; charset=utf-8`,
  },
  atom: { operationId: 'getAtomFeed', summary: 'Atom 1.0 feed', contentType: `${FEED_FORMATS.atom}; charset=utf-8` },
  json: { operationId: 'getJsonFeed', summary: 'JSON Feed 1.1', contentType: FEED_FORMATS.json },
};

const DESCRIPTION =
  'Published articles whose time has come, newest `publishedAt` first, with their full HTML bodies; `section` and `tag` filter as on the article list. Each item links to the article page on the site (`ARTICLE_URL`); image and self links start with `PUBLIC_URL`. Public: no token needed, ETag and 304, the `Cache-Control` of public reads. A bad `limit`, `section` or `tag`, or an unknown parameter, is a 400 problem+json.';

/**
 * The JSON Feed 1.1 document as this API writes it (the members it fills; JSON Feed allows extensions, so other
 * members are not refused). Documentation for clients and the response check: the route sends the rendered bytes.
 */
const jsonFeedAuthor = z.looseObject({ name: z.string() });
const jsonFeed = z
  .looseObject({
    version: z.literal('https://jsonfeed.org/version/1.1'),
    title: z.string(),
    home_page_url: z.url(),
    feed_url: z.url(),
    description: z.string().optional(),
    language: z.string().optional(),
    items: z.array(
      z.looseObject({
        id: z.string(),
        url: z.url(),
        title: z.string(),
        summary: z.string().optional(),
        content_html: z.string(),
        date_published: z.string(),
        date_modified: z.string(),
        authors: z.array(jsonFeedAuthor).optional(),
        tags: z.array(z.string()).optional(),
        image: z.url().optional(),
      }),
    ),
  })
  .meta({ id: 'JsonFeed', description: 'A JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/).' });

export const feedsRoutes: FastifyPluginAsyncZod<FeedsRoutesOptions> = async (
  app,
  { articles, renders, caching, cache, settings },
) => {
  const renderDocument = createDocumentRenderer(cache);
  for (const format of Object.keys(FORMATS) as FeedFormat[]) {
    const { operationId, summary, contentType } = FORMATS[format];
    app.get(
      `/${format}`,
      {
        schema: {
          tags: ['Formats'],
          operationId,
          summary,
          description: DESCRIPTION,
          querystring: feedQuery,
          response: documentResponses(FEED_FORMATS[format], summary, format === 'json' ? jsonFeed : undefined),
        },
      },
      async (request, reply) => {
        const { limit, section, tag } = request.query;
        const now = Date.now();
        const apiBase = publicBaseUrl(request, settings);
        const selfUrl = `${apiBase}${request.url}`;
        const document = await renderDocument(selfUrl, now, async () => {
          // The public article list with include=body: the same query, the same rendered items.
          const page = await articles.list(
            { limit, section, tag, status: 'published', sort: '-publishedAt', include: 'body' },
            now,
          );
          renders.sync();
          const rendered = await renderListItems(articles, renders, page.rows, true);
          const items = JSON.parse(`[${rendered.join(',')}]`) as Article[];
          return {
            text: renderFeed(format, items, { settings, apiBase, selfUrl }),
            validUntil: (await articles.nextScheduledAt(now)) ?? Number.POSITIVE_INFINITY,
          };
        });
        // NOTE: never null here: a feed always renders (an empty one when nothing matches).
        return sendDocument(request, reply, caching, document as NonNullable<typeof document>, contentType);
      },
    );
  }
};
