import { XMLBuilder } from 'fast-xml-parser';
import type { SitemapEntry, SitemapReader, WalkPosition } from '../articles/articles.store.js';
import type { Config } from '../config.js';
import { imageUrl } from '../images/images.mapper.js';
import { absoluteUrl, articlePageUrl } from './links.js';

// The sitemaps, written by fast-xml-parser's XMLBuilder (the builder feedsmith writes the feeds with), which
// escapes every value. A page's articles are read in batches of 1,000 along the index (keyset walk), each kept
// only as the few strings its <url> shows (about 200 bytes, not the article): a page of 50,000 is ~10 MB of entries
// and ~10 MB of text, whatever the number of articles, and the sitemap index is one walk keeping one number a page.
// NOTE: xmlbuilder2's streaming (callback) builder was tried first: it took 10 s for a page of 9,000 (each element
// is built as a DOM fragment) and grew faster than the page.

/** At most 50,000 URLs per sitemap (sitemaps.org); the page size of /v1/sitemaps/articles/{n}.xml. */
export const SITEMAP_PAGE_SIZE = 50_000;
/** Google News: articles published in the last two days, at most 1,000. */
export const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;
export const NEWS_LIMIT = 1_000;
/** Articles read per statement while walking: bounds memory whatever the page size. */
const BATCH = 1_000;

const NS = {
  sitemap: 'http://www.sitemaps.org/schemas/sitemap/0.9',
  image: 'http://www.google.com/schemas/sitemap-image/1.1',
  news: 'http://www.google.com/schemas/sitemap-news/0.9',
};

export type SitemapContext = {
  settings: Pick<Config, 'siteUrl' | 'articleUrl' | 'siteName' | 'siteLanguage'>;
  /** Where this API is reached (PUBLIC_URL or the request's own): image and sitemap page URLs start with it. */
  apiBase: string;
};

/** What a page keeps of an article: the text of its <url>. */
type SitemapUrl = { loc: string; lastmod: string; 'image:image': { 'image:loc': string } | undefined };

/**
 * Lets other requests run between two batches of a long walk (a page of 50,000 takes seconds on a busy machine).
 * NOTE: the walk is then not one snapshot: a write between two batches may move an article across the walk's
 * position. The document is replaced at the next request after that write anyway (the caches empty on writes).
 */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  suppressEmptyNode: true,
});

/** An XML document (declaration first) from its root element, built and escaped by the XML builder. */
function document(root: Record<string, unknown>): string {
  return builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, ...root }) as string;
}

const iso = (time: number) => new Date(time).toISOString();

function linkFields(entry: SitemapEntry) {
  return {
    id: entry.id,
    slug: entry.slug,
    section: entry.section,
    publishedAt: iso(entry.publishedAt),
    createdAt: iso(entry.createdAt),
  };
}

/** Google News wants the language as ISO 639: the primary subtag of SITE_LANGUAGE, in lower case. */
export function newsLanguage(siteLanguage: string): string {
  return (siteLanguage.split('-')[0] ?? siteLanguage).toLowerCase();
}

/** The Google News sitemap: public articles published in the last two days, newest first, at most 1,000. */
export async function renderNewsSitemap(reader: SitemapReader, context: SitemapContext, now: number) {
  const entries = await reader.publishedSince(now - NEWS_WINDOW_MS, NEWS_LIMIT, now);
  const publication = {
    'news:name': context.settings.siteName,
    'news:language': newsLanguage(context.settings.siteLanguage),
  };
  const body = document({
    urlset: {
      '@_xmlns': NS.sitemap,
      '@_xmlns:news': NS.news,
      url: entries.map((entry) => ({
        loc: articlePageUrl(context.settings, linkFields(entry)),
        'news:news': {
          'news:publication': publication,
          'news:publication_date': iso(entry.publishedAt),
          'news:title': entry.headline,
        },
      })),
    },
  });
  // The oldest entry leaves the window two days after it was published: the document is good until then.
  const oldest = entries[entries.length - 1];
  return { body, leavesWindowAt: oldest ? oldest.publishedAt + NEWS_WINDOW_MS + 1 : Number.POSITIVE_INFINITY };
}

export function sitemapPageUrl(apiBase: string, page: number): string {
  return `${apiBase}/v1/sitemaps/articles/${page}.xml`;
}

/**
 * Each page's lastmod: the newest updatedAt of its articles. One walk over every public article's position and
 * update time, in batches, keeping one number a page. Page 1 always exists (empty on an empty site) so that the
 * index always names at least one sitemap.
 */
export async function sitemapPages(reader: SitemapReader, now: number): Promise<number[]> {
  const lastmods: number[] = [];
  let after: WalkPosition | null = null;
  let seen = 0;
  for (;;) {
    const batch = await reader.timesAfter(after, BATCH, now);
    for (const [, , updatedAt] of batch) {
      const page = Math.floor(seen / SITEMAP_PAGE_SIZE);
      lastmods[page] = Math.max(lastmods[page] ?? 0, updatedAt);
      seen++;
    }
    if (batch.length < BATCH) break;
    const [publishedAt, id] = batch[batch.length - 1] as [number, string, number];
    after = { publishedAt, id };
    await yieldToOthers();
  }
  return lastmods;
}

/** The sitemap index: one entry a page, with its lastmod. */
export async function renderSitemapIndex(reader: SitemapReader, context: SitemapContext, now: number) {
  const lastmods = await sitemapPages(reader, now);
  const pages = Math.max(1, lastmods.length);
  return document({
    sitemapindex: {
      '@_xmlns': NS.sitemap,
      sitemap: Array.from({ length: pages }, (_, i) => {
        const lastmod = lastmods[i];
        return {
          loc: sitemapPageUrl(context.apiBase, i + 1),
          lastmod: lastmod === undefined ? undefined : iso(lastmod),
        };
      }),
    },
  });
}

/**
 * Page `page` (from 1) of the article sitemap: up to 50,000 public articles, oldest published first, each with its
 * page address, lastmod (updatedAt) and lead image. Null when the page is past the last one (page 1 always exists).
 */
export async function renderSitemapPage(
  reader: SitemapReader,
  context: SitemapContext,
  page: number,
  now: number,
): Promise<string | null> {
  let after: WalkPosition | null = null;
  if (page > 1) {
    // The last article of the previous page: this page starts after it.
    after = await reader.positionAt((page - 1) * SITEMAP_PAGE_SIZE - 1, now);
    if (after === null) return null;
  }
  let batch = await reader.entriesAfter(after, BATCH, now);
  if (page > 1 && batch.length === 0) return null;
  const urls: SitemapUrl[] = [];
  for (;;) {
    for (const entry of batch) {
      const image = entry.imageId === null ? '' : imageUrl(entry);
      urls.push({
        loc: articlePageUrl(context.settings, linkFields(entry)),
        lastmod: iso(entry.updatedAt),
        'image:image': image ? { 'image:loc': absoluteUrl(context.apiBase, image) } : undefined,
      });
    }
    const last = batch[batch.length - 1];
    const wanted = Math.min(BATCH, SITEMAP_PAGE_SIZE - urls.length);
    if (!last || wanted === 0) break;
    await yieldToOthers();
    batch = await reader.entriesAfter({ publishedAt: last.publishedAt, id: last.id }, wanted, now);
  }
  return document({ urlset: { '@_xmlns': NS.sitemap, '@_xmlns:image': NS.image, url: urls } });
}
