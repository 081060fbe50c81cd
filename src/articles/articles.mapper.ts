import { toImage } from '../images/images.mapper.js';
import { toQuote } from '../quotes/quotes.mapper.js';
import { makeEtag } from '../shared/etag.js';
import { toIso, toIsoOrNull } from '../shared/time.js';
import type { Article, ArticleListItem, Block } from './articles.schemas.js';
import { type ArticleRecord, parseBody, type Resolved, referencedIds } from './articles.store.js';
import { toCorrections } from './revisions.js';

// The stored shape → the API shape, explicitly, so no internal column (seq) can leak.

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
  const lead = row.leadImageId ? resolved.images.get(row.leadImageId) : undefined;
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    section: row.section,
    tags: JSON.parse(row.tags) as string[],
    byline: row.byline,
    leadImageId: row.leadImageId,
    leadImage: lead ? toImage(lead) : null,
    status: row.status,
    publishedAt: toIsoOrNull(row.publishedAt),
    // NOTE: the row's version is the revision: 1 on create, one more on every write that changes the article
    // (a write that changes nothing writes nothing, see sameContent).
    revision: row.version,
    corrections: toCorrections(row.corrections),
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

export function toArticle(row: ArticleRecord, resolved: Resolved): Article {
  return { ...fields(row, resolved), body: resolveBody(row, resolved) };
}

export function toListItem(row: ArticleRecord, resolved: Resolved, withBody: boolean): ArticleListItem {
  return withBody ? toArticle(row, resolved) : fields(row, resolved);
}

/**
 * The article's ETag covers what it shows: its own version, and the sum of the versions of the images and quotes
 * it resolves (each distinct one once), so editing a quote changes the ETag of every article quoting it.
 * NOTE: a sum of versions, not the newest updated_at: a version grows by one at every edit, whereas an edit's
 * updated_at (max(now, its previous + 1)) can stay below another referenced row's after the clock steps back, or
 * within a millisecond, and the ETag would then not move (a 304 for a changed article).
 */
export function articleEtag(row: ArticleRecord, resolved: Resolved): string {
  let refs = 0;
  for (const image of resolved.images.values()) refs += image.version;
  for (const quote of resolved.quotes.values()) refs += quote.version;
  return articleEtagOf(row, refs);
}

/**
 * The ETag of one article of a page resolved together (`resolved` holds the other articles' images and quotes
 * too): the versions of the images and quotes this one names.
 */
export function articleEtagAmong(row: ArticleRecord, resolved: Resolved): string {
  const { imageIds, quoteIds } = referencedIds(row.leadImageId, parseBody(row));
  let refs = 0;
  for (const id of imageIds) refs += resolved.images.get(id)?.version ?? 0;
  for (const id of quoteIds) refs += resolved.quotes.get(id)?.version ?? 0;
  return articleEtagOf(row, refs);
}

/**
 * THE article ETag, from its version, update time and `refs` (the sum of the versions of the images and quotes it
 * names). The store computes refs from the link tables (ArticlesStore.etagOf: a revalidation or If-Match check
 * costs no resolution); articleEtag and articleEtagAmong from what a rendering resolved.
 */
export function articleEtagOf(row: Pick<ArticleRecord, 'version' | 'updatedAt'>, refs: number): string {
  return makeEtag('a', row.version, row.updatedAt, refs);
}
