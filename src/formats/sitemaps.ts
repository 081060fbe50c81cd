import { createCB } from 'xmlbuilder2';
import type { SitemapEntry, SitemapReader, WalkPosition } from '../articles/articles-sitemap.repository.js';
import type { Config } from '../config.js';
import type { ImageRecord } from '../images/images.repository.js';
import { toImage } from '../images/images.repository.js';
import { absoluteUrl, articlePageUrl } from './links.js';

// The sitemaps, written with xmlbuilder2's callback builder: each element is escaped and written out as it is
// made, so a page of 50,000 articles is read and written in batches and never held as articles or as a tree; only
// the finished text is (a few MB), and the sitemap index is one walk over the public articles' positions.

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

type Images = { findManyByIds(ids: readonly string[]): Map<string, ImageRecord> };

/** An XML document written by xmlbuilder2's callback builder into one string. */
function document(write: (xml: ReturnType<typeof createCB>) => void): string {
  const chunks: string[] = [];
  const xml = createCB({ data: (chunk: string) => chunks.push(chunk), prettyPrint: true });
  xml.dec({ version: '1.0', encoding: 'UTF-8' });
  write(xml);
  xml.end();
  return chunks.join('');
}

const iso = (time: number) => new Date(time).toISOString();

function linkFields(entry: SitemapEntry) {
  return {
    id: entry.id,
    slug: entry.slug,
    section: entry.section,
    publishedAt: iso(entry.published_at),
    createdAt: iso(entry.created_at),
  };
}

/** Google News wants the language as ISO 639: the primary subtag of SITE_LANGUAGE, in lower case. */
export function newsLanguage(siteLanguage: string): string {
  return (siteLanguage.split('-')[0] ?? siteLanguage).toLowerCase();
}

/** The Google News sitemap: public articles published in the last two days, newest first, at most 1,000. */
export function renderNewsSitemap(reader: SitemapReader, context: SitemapContext, now: number) {
  const entries = reader.publishedSince(now - NEWS_WINDOW_MS, NEWS_LIMIT, now);
  const body = document((xml) => {
    const root = xml.ele('urlset', { xmlns: NS.sitemap, 'xmlns:news': NS.news });
    for (const entry of entries) {
      root
        .ele('url')
        .ele('loc')
        .txt(articlePageUrl(context.settings, linkFields(entry)))
        .up()
        .ele('news:news')
        .ele('news:publication')
        .ele('news:name')
        .txt(context.settings.siteName)
        .up()
        .ele('news:language')
        .txt(newsLanguage(context.settings.siteLanguage))
        .up()
        .up()
        .ele('news:publication_date')
        .txt(iso(entry.published_at))
        .up()
        .ele('news:title')
        .txt(entry.headline)
        .up()
        .up()
        .up();
    }
    root.up();
  });
  // The oldest entry leaves the window two days after it was published: the document is good until then.
  const oldest = entries[entries.length - 1];
  return { body, leavesWindowAt: oldest ? oldest.published_at + NEWS_WINDOW_MS + 1 : Number.POSITIVE_INFINITY };
}

export function sitemapPageUrl(apiBase: string, page: number): string {
  return `${apiBase}/v1/sitemaps/articles/${page}.xml`;
}

/**
 * Each page's lastmod: the newest updatedAt of its articles. One walk over every public article's position and
 * update time, in batches, keeping one number a page. Page 1 always exists (empty on an empty site) so that the
 * index always names at least one sitemap.
 */
export function sitemapPages(reader: SitemapReader, now: number): number[] {
  const lastmods: number[] = [];
  let after: WalkPosition | null = null;
  let seen = 0;
  for (;;) {
    const batch = reader.timesAfter(after, BATCH, now);
    for (const [, , updatedAt] of batch) {
      const page = Math.floor(seen / SITEMAP_PAGE_SIZE);
      lastmods[page] = Math.max(lastmods[page] ?? 0, updatedAt);
      seen++;
    }
    if (batch.length < BATCH) break;
    const [publishedAt, id] = batch[batch.length - 1] as [number, string, number];
    after = { publishedAt, id };
  }
  return lastmods;
}

/** The sitemap index: one entry a page, with its lastmod. */
export function renderSitemapIndex(reader: SitemapReader, context: SitemapContext, now: number): string {
  const lastmods = sitemapPages(reader, now);
  return document((xml) => {
    const root = xml.ele('sitemapindex', { xmlns: NS.sitemap });
    const pages = Math.max(1, lastmods.length);
    for (let page = 1; page <= pages; page++) {
      const entry = root.ele('sitemap').ele('loc').txt(sitemapPageUrl(context.apiBase, page)).up();
      const lastmod = lastmods[page - 1];
      if (lastmod !== undefined) entry.ele('lastmod').txt(iso(lastmod)).up();
      entry.up();
    }
    root.up();
  });
}

/**
 * Page `page` (from 1) of the article sitemap: up to 50,000 public articles, oldest published first, each with its
 * page address, lastmod (updatedAt) and lead image. Null when the page is past the last one (page 1 always exists).
 */
export function renderSitemapPage(
  reader: SitemapReader,
  images: Images,
  context: SitemapContext,
  page: number,
  now: number,
): string | null {
  let after: WalkPosition | null = null;
  if (page > 1) {
    // The last article of the previous page: this page starts after it.
    after = reader.positionAt((page - 1) * SITEMAP_PAGE_SIZE - 1, now);
    if (after === null) return null;
  }
  let batch = reader.entriesAfter(after, BATCH, now);
  if (page > 1 && batch.length === 0) return null;
  return document((xml) => {
    const root = xml.ele('urlset', { xmlns: NS.sitemap, 'xmlns:image': NS.image });
    let written = 0;
    for (;;) {
      const leads = images.findManyByIds(batch.flatMap((entry) => (entry.lead_image_id ? [entry.lead_image_id] : [])));
      for (const entry of batch) {
        const url = root.ele('url');
        url
          .ele('loc')
          .txt(articlePageUrl(context.settings, linkFields(entry)))
          .up();
        url.ele('lastmod').txt(iso(entry.updated_at)).up();
        const lead = entry.lead_image_id ? leads.get(entry.lead_image_id) : undefined;
        const imageUrl = lead ? toImage(lead).url : '';
        if (imageUrl) {
          url.ele('image:image').ele('image:loc').txt(absoluteUrl(context.apiBase, imageUrl)).up().up();
        }
        url.up();
      }
      written += batch.length;
      const last = batch[batch.length - 1];
      const wanted = Math.min(BATCH, SITEMAP_PAGE_SIZE - written);
      if (!last || wanted === 0) break;
      after = { publishedAt: last.published_at, id: last.id };
      batch = reader.entriesAfter(after, wanted, now);
    }
    root.up();
  });
}
