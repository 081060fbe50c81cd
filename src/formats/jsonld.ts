import type {
  CorrectionComment,
  ImageObject,
  NewsArticle,
  Organization,
  Person,
  QuantitativeValue,
  Quotation,
  WithContext,
} from 'schema-dts';
import type { Article } from '../articles/articles.schemas.js';
import type { Config } from '../config.js';
import type { Image } from '../images/images.schemas.js';
import type { Quote } from '../quotes/quotes.schemas.js';
import { bodyText } from './article-html.js';
import { imageCrops, imageUrl } from './image-crops.js';
import { articlePageUrl } from './links.js';

// An article as a schema.org NewsArticle, typed with schema-dts: a property schema.org does not define for a type
// (jobTitle on an Organization, say) does not compile. jsonld.schema.ts documents the same shape for OpenAPI.

/** The article as the single read resolves it, correction notices included. */
export type JsonLdSource = Article;

export type JsonLdSettings = Pick<Config, 'siteUrl' | 'articleUrl' | 'siteName' | 'siteLanguage'>;

/**
 * A text value, or undefined (which JSON leaves out) when there is none: JSON-LD has no use for null, and an
 * empty caption says nothing.
 */
function text(value: string | null): string | undefined {
  return value === null || value === '' ? undefined : value;
}

/**
 * A size in pixels. schema.org's width and height take a Distance (text with a length unit) or a
 * QuantitativeValue, not a bare number: pixels are UN/CEFACT unit code E37.
 */
function pixels(value: number): QuantitativeValue {
  return { '@type': 'QuantitativeValue', value, unitCode: 'E37', unitText: 'px' };
}

function imageObjects(image: Image, mediaBase: string): ImageObject[] {
  const credits = {
    caption: text(image.caption),
    creditText: text(image.credit),
    creator: image.creator ? ({ '@type': 'Person', name: image.creator } satisfies Person) : undefined,
    copyrightNotice: text(image.copyrightNotice),
  };
  const crops = imageCrops(image, mediaBase);
  if (crops.length === 0) {
    // An external picture (or one of unknown size): the picture itself, as it is, with its size when known.
    return [
      {
        '@type': 'ImageObject',
        url: imageUrl(image, mediaBase),
        width: image.width === null ? undefined : pixels(image.width),
        height: image.height === null ? undefined : pixels(image.height),
        ...credits,
      },
    ];
  }
  return crops.map(
    (crop): ImageObject => ({
      '@type': 'ImageObject',
      url: crop.url,
      width: pixels(crop.width),
      height: pixels(crop.height),
      ...credits,
    }),
  );
}

function speaker(quote: Quote): Person | Organization {
  const organisation: Organization | undefined = quote.organisation
    ? { '@type': 'Organization', name: quote.organisation }
    : undefined;
  if (quote.speakerType === 'organisation') {
    // An Organization has no jobTitle: its role is its description, and the organisation it belongs to its parent.
    return {
      '@type': 'Organization',
      name: quote.speaker,
      description: text(quote.speakerRole),
      parentOrganization: organisation,
    };
  }
  return { '@type': 'Person', name: quote.speaker, jobTitle: text(quote.speakerRole), affiliation: organisation };
}

/** One Quotation per quote the body uses, in the order of its first block (a quote placed twice is cited once). */
function citations(body: Article['body']): Quotation[] {
  const seen = new Set<string>();
  const quotations: Quotation[] = [];
  for (const block of body) {
    if (block.type !== 'quote' || seen.has(block.quoteId)) continue;
    seen.add(block.quoteId);
    const { quote } = block;
    quotations.push({
      '@type': 'Quotation',
      text: quote.text,
      spokenByCharacter: speaker(quote),
      isBasedOn: quote.sourceUrl ?? undefined,
      dateCreated: quote.saidAt ?? undefined,
    });
  }
  return quotations;
}

function corrections(notices: Article['corrections']): CorrectionComment[] {
  return notices.map((notice) => ({
    '@type': 'CorrectionComment',
    text: notice.text,
    datePublished: notice.createdAt,
  }));
}

/** The article as a NewsArticle; `mediaBase` makes this API's own image URLs absolute (see links.ts). */
export function toJsonLd(article: JsonLdSource, settings: JsonLdSettings, mediaBase: string): WithContext<NewsArticle> {
  const url = articlePageUrl(settings, article);
  const quotations = citations(article.body);
  const notices = corrections(article.corrections);
  const document: WithContext<NewsArticle> = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': url,
    url,
    mainEntityOfPage: url,
    headline: article.headline,
    description: text(article.standfirst),
    inLanguage: settings.siteLanguage,
    image: article.leadImage ? imageObjects(article.leadImage, mediaBase) : undefined,
    datePublished: article.publishedAt ?? undefined,
    dateModified: article.updatedAt,
    // NOTE: a byline does not say whether it names a person or an agency; Person is what Google's examples use.
    author: article.byline ? [{ '@type': 'Person', name: article.byline }] : undefined,
    articleSection: text(article.section),
    keywords: article.tags.length > 0 ? article.tags : undefined,
    articleBody: bodyText(article.body),
    publisher: { '@type': 'Organization', name: settings.siteName, url: settings.siteUrl },
    correction: notices.length > 0 ? notices : undefined,
    citation: quotations.length > 0 ? quotations : undefined,
  };
  return document;
}

/**
 * JSON text safe to embed as it is in an HTML `<script type="application/ld+json">` element, where a `</script>`
 * or `<!--` inside a string would end or break the element: `<` is written as its JSON escape (still the same JSON).
 */
export function jsonLdText(document: object): string {
  return JSON.stringify(document).replace(/</g, '\\u003c');
}
