import {
  type AtomFeed,
  generateAtomFeed,
  generateJsonFeed,
  generateRssFeed,
  type JsonFeed,
  type RssFeed,
} from 'feedsmith';
import type { Article } from '../articles/articles.schemas.js';
import type { Config } from '../config.js';
import { bodyHtml } from './article-html.js';
import { absoluteUrl, articlePageUrl } from './links.js';

// RSS 2.0 (with Media RSS, Dublin Core and content:encoded), Atom 1.0 and JSON Feed 1.1 from the same articles, as
// the API contract lists their fields. feedsmith writes the documents (escaping, CDATA, dates in each format's own
// syntax, namespace declarations): nothing here concatenates XML.

export const FEED_FORMATS = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
} as const;
export type FeedFormat = keyof typeof FEED_FORMATS;

export type FeedContext = {
  settings: Pick<Config, 'siteUrl' | 'articleUrl' | 'siteName' | 'siteLanguage'>;
  /** Where this API is reached (PUBLIC_URL or the request's own): makes image and self links absolute. */
  apiBase: string;
  /** The feed's own absolute URL (its self link). */
  selfUrl: string;
};

type Prepared = {
  article: Article;
  url: string;
  html: string;
  published: Date;
  updated: Date;
  image: string | null;
};

function prepare(articles: readonly Article[], context: FeedContext): Prepared[] {
  return articles.map((article) => ({
    article,
    url: articlePageUrl(context.settings, article),
    html: bodyHtml(article.body, context.apiBase),
    // Every article in a feed is public, so it has a publishedAt.
    published: new Date(article.publishedAt ?? article.createdAt),
    updated: new Date(article.updatedAt),
    image: article.leadImage?.url ? absoluteUrl(context.apiBase, article.leadImage.url) : null,
  }));
}

/**
 * The feed's own time: the newest update among its items. NOTE: an empty feed says 1970-01-01, not the time of the
 * request, so that the same (empty) answer keeps the same bytes and ETag.
 */
function newestUpdate(items: readonly Prepared[]): Date {
  let newest = 0;
  for (const item of items) newest = Math.max(newest, item.updated.getTime());
  return new Date(newest);
}

function rssItem({ article, url, html, published, image }: Prepared): RssFeed.Item<Date> {
  const lead = article.leadImage;
  return {
    title: article.headline,
    link: url,
    guid: { value: article.id, isPermaLink: false },
    description: article.standfirst ?? undefined,
    content: { encoded: html },
    dc: article.byline ? { creators: [article.byline] } : undefined,
    pubDate: published,
    categories: article.tags.map((tag) => ({ name: tag })),
    media:
      lead && image
        ? {
            contents: [
              {
                url: image,
                medium: 'image',
                type: lead.mimeType ?? undefined,
                width: lead.width ?? undefined,
                height: lead.height ?? undefined,
                credits: lead.credit ? [{ value: lead.credit }] : undefined,
                description: lead.caption ? { value: lead.caption, type: 'plain' } : undefined,
              },
            ],
          }
        : undefined,
  };
}

/**
 * An Atom entry id must be a permanent IRI; the article id (a ULID) is made one as a tag URI (RFC 4151) under the
 * site's host and the article's creation date, which never change.
 */
export function atomEntryId(siteUrl: string, article: Pick<Article, 'id' | 'createdAt'>): string {
  return `tag:${new URL(siteUrl).hostname},${article.createdAt.slice(0, 10)}:${article.id}`;
}

// NOTE: feedsmith's XML builder always pretty-prints, and puts a text that needs a CDATA section (one with `&` or
// `<`) on a line of its own: to an XML reader that keeps whitespace, the newline and indentation around it are part
// of the element's text (a title would start with "\n        "). Only that padding is removed, between a tag and a
// CDATA section: `]]>` cannot occur inside a CDATA section, and `<![CDATA[` cannot occur in escaped text.
const CDATA_PADDING = /(>)\s+(<!\[CDATA\[)|(\]\]>)\s+(<)/g;

function tightCdata(xml: string): string {
  return xml.replace(CDATA_PADDING, (_match, tagEnd, cdataStart, cdataEnd, tagStart) =>
    tagEnd === undefined ? cdataEnd + tagStart : tagEnd + cdataStart,
  );
}

export function renderFeed(format: FeedFormat, articles: readonly Article[], context: FeedContext): string {
  const { settings, selfUrl } = context;
  const items = prepare(articles, context);
  const updated = newestUpdate(items);
  const description = `The latest articles from ${settings.siteName}`;
  switch (format) {
    case 'rss':
      return tightCdata(
        generateRssFeed({
          title: settings.siteName,
          link: settings.siteUrl,
          description,
          language: settings.siteLanguage,
          lastBuildDate: items.length > 0 ? updated : undefined,
          atom: { links: [{ href: selfUrl, rel: 'self', type: FEED_FORMATS.rss }] },
          items: items.map(rssItem),
        }),
      );
    case 'atom': {
      const feed: AtomFeed.Feed<Date> = {
        id: selfUrl,
        title: { value: settings.siteName },
        subtitle: { value: description },
        updated,
        // Atom wants an author on the feed unless every entry has one: an article without a byline has none.
        authors: [{ name: settings.siteName, uri: settings.siteUrl }],
        links: [
          { href: settings.siteUrl, rel: 'alternate', type: 'text/html' },
          { href: selfUrl, rel: 'self', type: FEED_FORMATS.atom },
        ],
        entries: items.map(({ article, url, html, published, updated: entryUpdated }) => ({
          id: atomEntryId(settings.siteUrl, article),
          title: { value: article.headline },
          links: [{ href: url, rel: 'alternate', type: 'text/html' }],
          summary: article.standfirst ? { value: article.standfirst } : undefined,
          content: { value: html, type: 'html' },
          authors: article.byline ? [{ name: article.byline }] : undefined,
          published,
          updated: entryUpdated,
          categories: article.tags.map((tag) => ({ term: tag })),
        })),
      };
      // NOTE: xml:lang on the feed element is not in feedsmith's model; the language is in each link's hreflang.
      for (const link of feed.links ?? []) if (link.rel === 'alternate') link.hreflang = settings.siteLanguage;
      return tightCdata(generateAtomFeed(feed));
    }
    case 'json': {
      const feed: JsonFeed.Feed<Date> = {
        title: settings.siteName,
        home_page_url: settings.siteUrl,
        feed_url: selfUrl,
        description,
        language: settings.siteLanguage,
        items: items.map(({ article, url, html, published, updated: itemUpdated, image }) => ({
          id: article.id,
          url,
          title: article.headline,
          summary: article.standfirst ?? undefined,
          content_html: html,
          date_published: published,
          date_modified: itemUpdated,
          authors: article.byline ? [{ name: article.byline }] : undefined,
          tags: article.tags,
          image: image ?? undefined,
        })),
      };
      // NOTE: feedsmith leaves out an empty `items`, which JSON Feed 1.1 requires: an empty feed keeps it.
      const generated = generateJsonFeed(feed) as Record<string, unknown>;
      return JSON.stringify({ ...generated, items: generated.items ?? [] });
    }
  }
}
