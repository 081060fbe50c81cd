import { toImage } from '../images/images.repository.js';
import { toQuote } from '../quotes/quotes.repository.js';
import { makeEtag } from '../shared/etag.js';
import { toIso, toIsoOrNull } from '../shared/time.js';
import { type ArticleRecord, parseBody, type Resolved } from './articles.repository.js';
import type { Article, ArticleListItem, Block } from './articles.schemas.js';

// The stored shape → the API shape, explicitly, so no internal column (seq, version) can leak.

function resolveBody(row: ArticleRecord, resolved: Resolved): Block[] {
  const blocks: Block[] = [];
  for (const block of parseBody(row)) {
    if (block.type === 'image') {
      const found = resolved.images.get(block.imageId);
      // NOTE: cannot be missing: article_images' RESTRICT foreign key keeps a used image from being deleted.
      if (found) blocks.push({ type: 'image', imageId: block.imageId, image: toImage(found) });
    } else if (block.type === 'quote') {
      const found = resolved.quotes.get(block.quoteId);
      if (found) blocks.push({ type: 'quote', quoteId: block.quoteId, quote: toQuote(found) });
    } else {
      blocks.push(block);
    }
  }
  return blocks;
}

function fields(row: ArticleRecord, resolved: Resolved) {
  const lead = row.lead_image_id ? resolved.images.get(row.lead_image_id) : undefined;
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    section: row.section,
    tags: JSON.parse(row.tags) as string[],
    byline: row.byline,
    leadImageId: row.lead_image_id,
    leadImage: lead ? toImage(lead) : null,
    status: row.status,
    publishedAt: toIsoOrNull(row.published_at),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export function toArticle(row: ArticleRecord, resolved: Resolved): Article {
  return { ...fields(row, resolved), body: resolveBody(row, resolved) };
}

export function toListItem(row: ArticleRecord, resolved: Resolved, withBody: boolean): ArticleListItem {
  return withBody ? toArticle(row, resolved) : fields(row, resolved);
}

/**
 * The article's ETag covers what it shows: its own version, and the newest update among the images and quotes it
 * resolves (their updated_at only grows), so editing a quote changes the ETag of every article quoting it.
 */
export function articleEtag(row: ArticleRecord, resolved: Resolved): string {
  let refs = 0;
  for (const image of resolved.images.values()) refs = Math.max(refs, image.updated_at);
  for (const quote of resolved.quotes.values()) refs = Math.max(refs, quote.updated_at);
  return articleEtagOf(row, refs);
}

/**
 * The ETag of one article of a page resolved together (`resolved` holds the other articles' images and quotes
 * too): the newest update among the images and quotes this one names.
 */
export function articleEtagAmong(row: ArticleRecord, resolved: Resolved): string {
  let refs = row.lead_image_id ? (resolved.images.get(row.lead_image_id)?.updated_at ?? 0) : 0;
  for (const block of parseBody(row)) {
    if (block.type === 'image') refs = Math.max(refs, resolved.images.get(block.imageId)?.updated_at ?? 0);
    else if (block.type === 'quote') refs = Math.max(refs, resolved.quotes.get(block.quoteId)?.updated_at ?? 0);
  }
  return articleEtagOf(row, refs);
}

/**
 * The same ETag from an article's version, update time and `refs` as the database computes it (findHead, refsOf:
 * from the link tables), so a revalidation or If-Match check costs no resolution.
 */
export function articleEtagOf(row: Pick<ArticleRecord, 'version' | 'updated_at'>, refs: number): string {
  return makeEtag('a', row.version, row.updated_at, refs);
}
