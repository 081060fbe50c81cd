import type { Article } from '../articles/articles.schemas.js';
import type { Config } from '../config.js';
import type { Image } from '../images/images.schemas.js';
import { bodyHtml } from './article-html.js';
import { imageCrops, imageUrl } from './image-crops.js';
import { absoluteUrl } from './links.js';
import type { NinjsAssociation, NinjsDocument, NinjsRendition } from './ninjs.schema.js';

// An article as an IPTC ninjs 3.1 news object. Its `uri`, the identifier ninjs asks for (not a link to a page),
// is the article's address in this API by id, which a slug change does not move; images are identified the same
// way. ninjs.schema.ts is the shape, checked on every response in the tests.

export const NINJS_STANDARD = {
  name: 'ninjs',
  version: '3.1',
  schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#',
};

export type NinjsSettings = Pick<Config, 'siteLanguage'>;

/** What the document depends on besides the article: this API's base URL, and whether the article is public. */
export type NinjsContext = { apiBase: string; isPublic: boolean };

function nonEmpty(value: string | null): string | undefined {
  return value === null || value === '' ? undefined : value;
}

function renditions(image: Image, apiBase: string): NinjsRendition[] {
  const original: NinjsRendition = {
    name: 'original',
    href: imageUrl(image, apiBase),
    contentType: image.mimeType ?? undefined,
    width: image.width ?? undefined,
    height: image.height ?? undefined,
    sizeInBytes: image.bytes ?? undefined,
  };
  const crops = imageCrops(image, apiBase).map(
    (crop): NinjsRendition => ({
      name: crop.name,
      href: crop.url,
      contentType: crop.contentType ?? undefined,
      width: crop.width,
      height: crop.height,
      aspectRatio: crop.name.replace('x', ':'),
    }),
  );
  return [original, ...crops];
}

function association(name: string, image: Image, apiBase: string): NinjsAssociation {
  const descriptions = [
    image.caption ? { role: 'caption', contentType: 'text/plain', value: image.caption } : undefined,
    image.altText ? { role: 'alt', contentType: 'text/plain', value: image.altText } : undefined,
  ].filter((item) => item !== undefined);
  return {
    name,
    uri: absoluteUrl(apiBase, `/v1/images/${encodeURIComponent(image.id)}`),
    type: 'picture',
    by: nonEmpty(image.creator),
    copyrightNotice: nonEmpty(image.copyrightNotice),
    descriptions: descriptions.length > 0 ? descriptions : undefined,
    infoSources: image.credit ? [{ name: image.credit, role: 'credit' }] : undefined,
    renditions: renditions(image, apiBase),
  };
}

/** The lead image (`leadImage`), then each image block in body order (`image1`, `image2`, ...). */
function associations(article: Article, apiBase: string): NinjsAssociation[] {
  const found: NinjsAssociation[] = [];
  if (article.leadImage) found.push(association('leadImage', article.leadImage, apiBase));
  let position = 0;
  for (const block of article.body) {
    if (block.type === 'image') found.push(association(`image${++position}`, block.image, apiBase));
  }
  return found;
}

/** The quotes' speakers, each once, split by speakerType. */
function speakers(article: Article) {
  const people = new Map<string, { name: string; rel: string }>();
  const organisations = new Map<string, { name: string; rel: string }>();
  for (const block of article.body) {
    if (block.type !== 'quote') continue;
    const { speaker, speakerType } = block.quote;
    (speakerType === 'organisation' ? organisations : people).set(speaker, { name: speaker, rel: 'quoted' });
  }
  return { people: [...people.values()], organisations: [...organisations.values()] };
}

/** An optional array property: left out when empty. */
function list<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

export function toNinjs(article: Article, settings: NinjsSettings, context: NinjsContext): NinjsDocument {
  const { apiBase, isPublic } = context;
  const { people, organisations } = speakers(article);
  const scheduled = article.publishedAt !== null && !isPublic && article.status === 'published';
  return {
    uri: absoluteUrl(apiBase, `/v1/articles/${encodeURIComponent(article.id)}`),
    standard: NINJS_STANDARD,
    type: 'text',
    language: settings.siteLanguage,
    headlines: [{ role: 'main', contentType: 'text/plain', value: article.headline }],
    descriptions: article.standfirst
      ? [{ role: 'summary', contentType: 'text/plain', value: article.standfirst }]
      : undefined,
    bodies: [{ role: 'main', contentType: 'text/html', value: bodyHtml(article.body, apiBase) }],
    by: nonEmpty(article.byline),
    // First released when it was published; a draft's first version is when it was made.
    firstCreated: article.publishedAt ?? article.createdAt,
    versionCreated: article.updatedAt,
    contentCreated: article.createdAt,
    // A published article whose time has not come is under embargo until then.
    embargoedUntil: scheduled ? (article.publishedAt ?? undefined) : undefined,
    pubStatus: isPublic ? 'usable' : 'withheld',
    subjects: list(article.tags.map((tag) => ({ name: tag }))),
    people: list(people),
    organisations: list(organisations),
    associations: list(associations(article, apiBase)),
  };
}
