import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';

/** What an article page's address is made from: the fields the ARTICLE_URL placeholders name. */
export type ArticleLinkFields = {
  id: string;
  slug: string;
  section: string | null;
  /** ISO 8601 times, as the API returns them. */
  publishedAt: string | null;
  createdAt: string;
};

export type LinkSettings = Pick<Config, 'siteUrl' | 'articleUrl' | 'publicUrl'>;

/**
 * The absolute address of an article's page on the public site, from the ARTICLE_URL template: `{siteUrl}`,
 * `{slug}`, `{id}`, `{section}`, and `{yyyy}`, `{mm}`, `{dd}` (UTC) from `publishedAt`, or `createdAt` when there is
 * none. An article without a section leaves `{section}` empty, and any `//` that leaves in the path becomes `/`.
 */
export function articlePageUrl(settings: Pick<Config, 'siteUrl' | 'articleUrl'>, article: ArticleLinkFields): string {
  const date = new Date(article.publishedAt ?? article.createdAt);
  const values: Record<string, string> = {
    siteUrl: settings.siteUrl,
    slug: article.slug,
    id: article.id,
    section: article.section ? encodeURIComponent(article.section) : '',
    yyyy: String(date.getUTCFullYear()).padStart(4, '0'),
    mm: String(date.getUTCMonth() + 1).padStart(2, '0'),
    dd: String(date.getUTCDate()).padStart(2, '0'),
  };
  const filled = settings.articleUrl.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  // NOTE: only the path is tidied: the `//` after the scheme stays.
  const url = new URL(filled);
  url.pathname = url.pathname.replace(/\/{2,}/g, '/');
  return url.toString();
}

/**
 * Where this API is reached, for absolute URLs of its own resources (images, renditions, sitemap pages):
 * PUBLIC_URL when set, else the request's own scheme and host (which honour TRUST_PROXY's X-Forwarded-* headers).
 */
export function publicBaseUrl(request: FastifyRequest, settings: Pick<Config, 'publicUrl'>): string {
  if (settings.publicUrl) return settings.publicUrl;
  return `${request.protocol}://${request.host}`;
}

/** An API path (`/media/...`) or an absolute URL (an external image's sourceUrl) made absolute against `base`. */
export function absoluteUrl(base: string, pathOrUrl: string): string {
  return /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${base}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
}
