import type { z } from 'zod';
import { isPlainObject } from '../http/read-only.js';
import type { BundleErrors, Section } from './bundle-errors.js';
import {
  ARTICLE_ITEM_READ_ONLY,
  type BundleArticle,
  type BundleImage,
  type BundleQuote,
  bundleArticle,
  bundleImage,
  bundleQuote,
  IMAGE_ITEM_READ_ONLY,
  QUOTE_ITEM_READ_ONLY,
} from './import.schemas.js';

export type Item<T> = { index: number; item: T };

/** What an article names, read from an article that failed its shape check: for the reference checks only. */
export type LooseReferences = {
  leadImage?: string;
  leadImageId?: string;
  blocks: Array<{ position: number; kind: 'image' | 'quote'; key?: string; id?: string }>;
};

export type ParsedBundle = {
  images: Item<BundleImage>[];
  quotes: Item<BundleQuote>[];
  articles: Item<BundleArticle>[];
  /** Articles that failed their shape check; their references are still checked, so one answer lists them all. */
  looseArticles: Item<LooseReferences>[];
  /** Keys of images and quotes that failed their shape check: a reference to one is not reported again. */
  badKeys: { images: Set<string>; quotes: Set<string> };
};

const SECTIONS = ['images', 'quotes', 'articles'] as const;

/**
 * Checks the bundle's shape item by item, so that one bad item does not hide the others: every item that fails
 * is reported, and every item that passes goes on to the reference checks. Read-only fields (what a GET returns
 * beside the writable ones) are dropped first, as the API's routes do.
 */
export function parseBundle(raw: unknown, errors: BundleErrors): ParsedBundle {
  const parsed: ParsedBundle = {
    images: [],
    quotes: [],
    articles: [],
    looseArticles: [],
    badKeys: { images: new Set(), quotes: new Set() },
  };
  if (!isPlainObject(raw)) {
    errors.top('', 'a bundle is a JSON object: { "images": [...], "quotes": [...], "articles": [...] }');
    return parsed;
  }
  for (const name of Object.keys(raw)) {
    if (!(SECTIONS as readonly string[]).includes(name)) errors.top(name, 'is not a known field');
  }
  const badKey = (keys: Set<string>) => (item: unknown) => {
    if (isPlainObject(item) && typeof item.key === 'string') keys.add(item.key);
  };
  parsed.images = parseSection(
    raw.images,
    'images',
    bundleImage,
    IMAGE_ITEM_READ_ONLY,
    errors,
    badKey(parsed.badKeys.images),
  );
  parsed.quotes = parseSection(
    raw.quotes,
    'quotes',
    bundleQuote,
    QUOTE_ITEM_READ_ONLY,
    errors,
    badKey(parsed.badKeys.quotes),
  );
  parsed.articles = parseSection(
    raw.articles,
    'articles',
    bundleArticle,
    ARTICLE_ITEM_READ_ONLY,
    errors,
    (item, index) => parsed.looseArticles.push({ index, item: looseReferences(item) }),
  );
  return parsed;
}

function looseReferences(raw: unknown): LooseReferences {
  const refs: LooseReferences = { blocks: [] };
  if (!isPlainObject(raw)) return refs;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  refs.leadImage = text(raw.leadImage);
  refs.leadImageId = text(raw.leadImageId);
  if (Array.isArray(raw.body)) {
    raw.body.forEach((block: unknown, position) => {
      if (!isPlainObject(block) || (block.type !== 'image' && block.type !== 'quote')) return;
      const kind = block.type;
      refs.blocks.push({
        position,
        kind,
        key: text(kind === 'image' ? block.image : block.quote),
        id: text(kind === 'image' ? block.imageId : block.quoteId),
      });
    });
  }
  return refs;
}

function parseSection<S extends z.ZodType>(
  value: unknown,
  section: Section,
  schema: S,
  readOnly: readonly string[],
  errors: BundleErrors,
  onInvalid?: (item: unknown, index: number) => void,
): Item<z.output<S>>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.top(section, 'must be an array');
    return [];
  }
  const items: Item<z.output<S>>[] = [];
  value.forEach((raw: unknown, index) => {
    let input = raw;
    if (isPlainObject(raw) && readOnly.some((key) => key in raw)) {
      input = { ...raw };
      for (const key of readOnly) delete (input as Record<string, unknown>)[key];
    }
    const result = schema.safeParse(input);
    if (result.success) items.push({ index, item: result.data });
    else {
      errors.issues(section, index, result.error.issues);
      onInvalid?.(raw, index);
    }
  });
  return items;
}
