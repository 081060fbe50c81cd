import { createHash } from 'node:crypto';
import type { BlockInput } from '../articles/articles.schemas.js';
import type { SqliteArticlesStore } from '../articles/articles.sqlite.js';
import type { ArticleRecord } from '../articles/articles.store.js';
import { nextPublishState } from '../articles/publishing.js';
import { parseCorrections, type StoredCorrection } from '../articles/revisions.js';
import type { ImageUploadMetadata } from '../images/images.schemas.js';
import type { PreparedUpload } from '../images/images.service.js';
import type { ImageRecord } from '../images/images.store.js';
import type { QuoteCreate } from '../quotes/quotes.schemas.js';
import type { QuoteRecord } from '../quotes/quotes.store.js';
import { newId } from '../shared/ids.js';
import type { BundleErrors } from './bundle-errors.js';
import type { Item, LooseReferences, ParsedBundle } from './bundle-parse.js';
import type { BundleArticle, BundleCorrection, BundleImage, BundleQuote, ImportResult } from './import.schemas.js';

// The plan of a load: for every item, what it matches in the database and whether it is to be created, updated or
// left as it is. Planning only reads, so a dry run is a plan and nothing more; it reports every reference that
// names nothing and every key or slug used twice.

/** Where a referenced image or quote is: known now, or (id null) made by this load when it is written. */
export type Slot = { id: string | null };
export type Op = 'create' | 'update' | 'unchanged';

export type ImagePlan = Item<BundleImage> & {
  /** The bundle key (or content key): stored on a created row; a matched row keeps its own. */
  key: string;
  current: ImageRecord | undefined;
  prepared: PreparedUpload | undefined;
  op: Op;
  slot: Slot;
};
export type QuotePlan = Item<BundleQuote> & { key: string; current: QuoteRecord | undefined; op: Op; slot: Slot };
type BlockPlan = { type: 'paragraph' | 'heading'; text: string } | { type: 'image' | 'quote'; slot: Slot };
export type ArticlePlan = Item<BundleArticle> & {
  current: ArticleRecord | undefined;
  op: Op;
  /** The notices the article is to have; undefined: the bundle leaves them out, so a matched article keeps its. */
  corrections: StoredCorrection[] | undefined;
  lead: Slot | null;
  body: BlockPlan[];
};
export type Plan = { images: Map<string, ImagePlan>; quotes: Map<string, QuotePlan>; articles: ArticlePlan[] };

type KeyedRepository<R> = {
  findManyByKeys(keys: readonly string[]): Map<string, R>;
  findManyByIds(ids: readonly string[]): Map<string, R>;
};

/** What a plan reads (synchronously, inside SQLite's transaction): see readPlanRows. */
export type PlannerDependencies = {
  images: KeyedRepository<ImageRecord>;
  quotes: KeyedRepository<QuoteRecord>;
  articles: Pick<SqliteArticlesStore, 'findManyBySlugs'>;
};

type IdRef = { index: number; suffix: string; id: string };

/** Finds a row by bundle key; failing that, a row made through the API (no key) whose id is the key. */
type KeyLookup<R> = (key: string) => R | undefined;

/**
 * What a plan reads from the database, asked all at once: images and quotes by key (a key no row has is then
 * asked as an id: a row made through the API is named by its id), by id (the `leadImageId`, `imageId` and
 * `quoteId` references), and articles by slug.
 */
export type PlanReads = {
  images: { keys: string[]; ids: string[] };
  quotes: { keys: string[]; ids: string[] };
  slugs: string[];
};

/** Rows by key and by id. */
export type KeyedRows<R> = { byKey: Map<string, R>; byId: Map<string, R> };

/**
 * The rows a plan is made from, read in a few queries before planning (readPlanRows on SQLite; import.pg.ts the
 * same on PostgreSQL, awaited): planning itself only computes.
 */
export type PlanRows = {
  images: KeyedRows<ImageRecord>;
  quotes: KeyedRows<QuoteRecord>;
  /** By slug. */
  articles: Map<string, ArticleRecord>;
};

/** The rows `reads` names, read synchronously (two queries per kind, one for the articles). */
export function readPlanRows(deps: PlannerDependencies, reads: PlanReads): PlanRows {
  const keyed = <R>(repository: KeyedRepository<R>, wanted: PlanReads['images']): KeyedRows<R> => {
    const byKey = repository.findManyByKeys(wanted.keys);
    return { byKey, byId: repository.findManyByIds(idsToRead(wanted, byKey)) };
  };
  return {
    images: keyed(deps.images, reads.images),
    quotes: keyed(deps.quotes, reads.quotes),
    articles: deps.articles.findManyBySlugs(reads.slugs),
  };
}

/** The ids to read once the keys are read: the keys no row has (perhaps ids), and the ids named. */
export function idsToRead(wanted: PlanReads['images'], byKey: ReadonlyMap<string, unknown>): string[] {
  return [...new Set([...wanted.keys.filter((key) => !byKey.has(key)), ...wanted.ids])];
}

/** A KeyLookup over rows read before planning (every key a bundle names is among them). */
function keyLookup<R extends { key: string | null }>(rows: KeyedRows<R>): KeyLookup<R> {
  return (key) => {
    const row = rows.byKey.get(key) ?? rows.byId.get(key);
    return row && (row.key === key || row.key === null) ? row : undefined;
  };
}

/** The ids the articles name (failed ones included: their references are checked too). */
function articleIds(bundle: ParsedBundle): { images: string[]; quotes: string[] } {
  const ids = { images: [] as string[], quotes: [] as string[] };
  for (const { item } of bundle.articles) {
    if (item.leadImageId != null) ids.images.push(item.leadImageId);
    for (const block of item.body ?? []) {
      if (block.type === 'image' && block.imageId !== undefined) ids.images.push(block.imageId);
      else if (block.type === 'quote' && block.quoteId !== undefined) ids.quotes.push(block.quoteId);
    }
  }
  for (const { item } of bundle.looseArticles) {
    if (item.leadImageId !== undefined) ids.images.push(item.leadImageId);
    for (const block of item.blocks) if (block.id !== undefined) ids[`${block.kind}s`].push(block.id);
  }
  return ids;
}

/** The image and quote keys the articles name (failed ones included: their references are checked too). */
function articleKeys(bundle: ParsedBundle): { images: string[]; quotes: string[] } {
  const keys = { images: [] as string[], quotes: [] as string[] };
  for (const { item } of bundle.articles) {
    if (item.leadImage != null) keys.images.push(item.leadImage);
    for (const block of item.body ?? []) {
      if (block.type === 'image' && block.image !== undefined) keys.images.push(block.image);
      else if (block.type === 'quote' && block.quote !== undefined) keys.quotes.push(block.quote);
    }
  }
  for (const { item } of bundle.looseArticles) {
    if (item.leadImage !== undefined) keys.images.push(item.leadImage);
    for (const block of item.blocks) if (block.key !== undefined) keys[`${block.kind}s`].push(block.key);
  }
  return keys;
}

type KeyedImage = { entry: Item<BundleImage>; key: string; upload: PreparedUpload | undefined };
type KeyedQuote = { entry: Item<BundleQuote>; key: string };

/** A bundle ready to be planned: its items' keys, and what planning will read (read it, then call plan()). */
export type PendingPlan = {
  bundle: ParsedBundle;
  images: KeyedImage[];
  quotes: KeyedQuote[];
  reads: PlanReads;
};

/**
 * Plans a load in two steps, so that the same code plans on either engine: prepare() says what to read (every key,
 * id and slug the bundle names, for a few queries in all), the caller reads it inside its transaction
 * (synchronously on SQLite, readPlanRows; awaited on PostgreSQL), then plan() computes.
 */
export function createPlanner() {
  function keyImages(items: Item<BundleImage>[], prepared: Map<number, PreparedUpload>, badKeys: Set<string>) {
    const keyed: KeyedImage[] = [];
    for (const entry of items) {
      const upload = prepared.get(entry.index);
      if (entry.item.file !== undefined && upload === undefined) {
        // Its file was refused (reported): articles naming it are not reported as well.
        if (entry.item.key !== undefined) badKeys.add(entry.item.key);
        continue;
      }
      const key = entry.item.key ?? contentKey(imageMetadata(entry.item), upload?.fileName ?? null);
      keyed.push({ entry, key, upload });
    }
    return keyed;
  }

  function planImages(keyed: KeyedImage[], errors: BundleErrors, findImageByKey: KeyLookup<ImageRecord>) {
    const byKey = new Map<string, ImagePlan>();
    for (const { entry, key, upload } of keyed) {
      const duplicate = byKey.get(key);
      if (duplicate) {
        reportDuplicate(errors, 'images', entry, duplicate.index);
        continue;
      }
      const current = findImageByKey(key);
      const op: Op = !current ? 'create' : sameImage(current, entry.item, upload) ? 'unchanged' : 'update';
      byKey.set(key, { ...entry, key, current, prepared: upload, op, slot: { id: current?.id ?? null } });
    }
    return byKey;
  }

  function planQuotes(keyed: KeyedQuote[], errors: BundleErrors, findQuoteByKey: KeyLookup<QuoteRecord>) {
    const byKey = new Map<string, QuotePlan>();
    for (const { entry, key } of keyed) {
      const duplicate = byKey.get(key);
      if (duplicate) {
        reportDuplicate(errors, 'quotes', entry, duplicate.index);
        continue;
      }
      const current = findQuoteByKey(key);
      const op: Op = !current ? 'create' : sameQuote(current, entry.item) ? 'unchanged' : 'update';
      byKey.set(key, { ...entry, key, current, op, slot: { id: current?.id ?? null } });
    }
    return byKey;
  }

  function planArticles(
    bundle: ParsedBundle,
    plan: Omit<Plan, 'articles'>,
    errors: BundleErrors,
    find: { image: KeyLookup<ImageRecord>; quote: KeyLookup<QuoteRecord> },
    rows: PlanRows,
  ): ArticlePlan[] {
    // Ids (leadImageId, imageId, quoteId) are checked in one query per kind once every article is read.
    const imageIds: IdRef[] = [];
    const quoteIds: IdRef[] = [];

    /** The slot an article's reference resolves to; a reference that names nothing is reported (once). */
    const resolve = (kind: 'image' | 'quote', index: number, at: string, key?: string, id?: string): Slot => {
      if (key === undefined) {
        if (id === undefined) return { id: null };
        (kind === 'image' ? imageIds : quoteIds).push({ index, suffix: `${at}Id`, id });
        return { id };
      }
      const planned = kind === 'image' ? plan.images.get(key) : plan.quotes.get(key);
      if (planned) return planned.slot;
      const row = find[kind](key);
      if (row) return { id: row.id };
      // A bad item of the bundle is reported at its own place; an article naming it is not the mistake.
      const named = kind === 'image' ? bundle.badKeys.images : bundle.badKeys.quotes;
      if (!named.has(key) && !errors.has(`articles[${index}]${at}`)) {
        const message = `names no ${kind}: no ${kind} in the bundle or loaded before has the key "${key}"`;
        errors.at('articles', index, at, message);
      }
      return { id: null };
    };

    const plans: ArticlePlan[] = [];
    const existing = rows.articles;
    const bySlug = new Map<string, number>();
    const byKey = new Map<string, number>();
    for (const entry of bundle.articles) {
      const { index, item } = entry;
      const sameSlug = bySlug.get(item.slug);
      if (sameSlug !== undefined) {
        errors.at('articles', index, '.slug', `is also the slug of articles[${sameSlug}]`);
        continue;
      }
      bySlug.set(item.slug, index);
      if (item.key !== undefined) {
        const sameKey = byKey.get(item.key);
        if (sameKey !== undefined) errors.at('articles', index, '.key', `is also the key of articles[${sameKey}]`);
        else byKey.set(item.key, index);
      }
      const lead =
        item.leadImage == null && item.leadImageId == null
          ? null
          : resolve('image', index, '.leadImage', item.leadImage ?? undefined, item.leadImageId ?? undefined);
      const body: BlockPlan[] = (item.body ?? []).map((block, position) => {
        // The path is built for references only: most blocks are text.
        if (block.type === 'image')
          return {
            type: 'image',
            slot: resolve('image', index, `.body[${position}].image`, block.image, block.imageId),
          };
        if (block.type === 'quote')
          return {
            type: 'quote',
            slot: resolve('quote', index, `.body[${position}].quote`, block.quote, block.quoteId),
          };
        return { type: block.type, text: block.text };
      });
      const current = existing.get(item.slug);
      const corrections = planCorrections(item.corrections, current, Date.now(), (at, message) =>
        errors.at('articles', index, at, message),
      );
      plans.push({ ...entry, current, op: 'create', corrections, lead, body });
    }
    for (const loose of bundle.looseArticles) checkLoose(loose, resolve);

    reportMissingIds(imageIds, rows.images.byId, 'image', errors);
    reportMissingIds(quoteIds, rows.quotes.byId, 'quote', errors);

    const now = Date.now();
    for (const article of plans) {
      if (article.current) article.op = sameArticle(article, article.current, now) ? 'unchanged' : 'update';
    }
    return plans;
  }

  return {
    /** What plan() needs read; `prepared`: the bundle's pictures (a key-less image's key is its content's). */
    prepare(bundle: ParsedBundle, prepared: Map<number, PreparedUpload>): PendingPlan {
      const images = keyImages(bundle.images, prepared, bundle.badKeys.images);
      const quotes = bundle.quotes.map((entry) => ({
        entry,
        key: entry.item.key ?? contentKey(quoteContent(entry.item), null),
      }));
      // NOTE: every key the bundle names is looked up at once (two queries per kind), not one query per key.
      const named = articleKeys(bundle);
      const ids = articleIds(bundle);
      const reads: PlanReads = {
        images: { keys: [...new Set([...images.map(({ key }) => key), ...named.images])], ids: ids.images },
        quotes: { keys: [...new Set([...quotes.map(({ key }) => key), ...named.quotes])], ids: ids.quotes },
        slugs: [...new Set(bundle.articles.map(({ item }) => item.slug))],
      };
      return { bundle, images, quotes, reads };
    },

    /** The plan, from the rows prepare()'s reads gave; every problem goes to `errors`. */
    plan(pending: PendingPlan, errors: BundleErrors, rows: PlanRows): Plan {
      const find = { image: keyLookup(rows.images), quote: keyLookup(rows.quotes) };
      const partial = {
        images: planImages(pending.images, errors, find.image),
        quotes: planQuotes(pending.quotes, errors, find.quote),
      };
      return { ...partial, articles: planArticles(pending.bundle, partial, errors, find, rows) };
    },
  };
}

/** The references of an article that failed its shape check, so that its missing keys are reported now too. */
function checkLoose(
  { index, item }: Item<LooseReferences>,
  resolve: (kind: 'image' | 'quote', index: number, at: string, key?: string, id?: string) => Slot,
): void {
  if (item.leadImage !== undefined || item.leadImageId !== undefined) {
    resolve('image', index, '.leadImage', item.leadImage, item.leadImage === undefined ? item.leadImageId : undefined);
  }
  for (const block of item.blocks) {
    const id = block.key === undefined ? block.id : undefined;
    resolve(block.kind, index, `.body[${block.position}].${block.kind}`, block.key, id);
  }
}

function reportMissingIds(refs: IdRef[], found: Map<string, unknown>, what: string, errors: BundleErrors): void {
  for (const ref of refs) {
    const path = `articles[${ref.index}]${ref.suffix}`;
    if (!found.has(ref.id) && !errors.has(path))
      errors.at('articles', ref.index, ref.suffix, `names no existing ${what}`);
  }
}

function sameImage(row: ImageRecord, item: BundleImage, upload: PreparedUpload | undefined): boolean {
  return (
    row.fileName === (upload?.fileName ?? null) &&
    row.sourceUrl === (item.sourceUrl ?? null) &&
    row.altText === item.altText &&
    row.caption === (item.caption ?? null) &&
    row.credit === (item.credit ?? null) &&
    row.creator === (item.creator ?? null) &&
    row.copyrightNotice === (item.copyrightNotice ?? null) &&
    row.focalX === (item.focalPoint?.x ?? null) &&
    row.focalY === (item.focalPoint?.y ?? null)
  );
}

function sameQuote(row: QuoteRecord, item: BundleQuote): boolean {
  return (
    row.text === item.text &&
    row.speaker === item.speaker &&
    row.speakerType === (item.speakerType ?? 'person') &&
    row.speakerRole === (item.speakerRole ?? null) &&
    row.organisation === (item.organisation ?? null) &&
    row.channel === (item.channel ?? null) &&
    row.sourceUrl === (item.sourceUrl ?? null) &&
    row.saidAt === (item.saidAt ?? null)
  );
}

/**
 * The notices a bundle article gives its article. An `id` names a notice (its createdAt kept unless given); a notice
 * without one takes the id and createdAt of an unmatched notice of the article with the same type and text, so a
 * load of the same bundle changes nothing; else it is new. An id twice in one article is reported.
 */
function planCorrections(
  items: readonly BundleCorrection[] | undefined,
  current: ArticleRecord | undefined,
  now: number,
  report: (at: string, message: string) => void,
): StoredCorrection[] | undefined {
  if (items === undefined) return undefined;
  const existing = current ? parseCorrections(current.corrections) : [];
  const byId = new Map(existing.map((c) => [c.id, c]));
  const used = new Set<string>();
  items.forEach((item, i) => {
    if (item.id === undefined) return;
    if (used.has(item.id)) report(`.corrections[${i}].id`, 'is also the id of another correction of this article');
    used.add(item.id);
  });
  return items.map((item) => {
    const type = item.type ?? 'correction';
    if (item.id !== undefined) {
      return { id: item.id, type, text: item.text, createdAt: item.createdAt ?? byId.get(item.id)?.createdAt ?? now };
    }
    const match = existing.find((c) => !used.has(c.id) && c.type === type && c.text === item.text);
    if (match) {
      used.add(match.id);
      return { ...match, createdAt: item.createdAt ?? match.createdAt };
    }
    return { id: newId(now), type, text: item.text, createdAt: item.createdAt ?? now };
  });
}

function sameArticle(plan: ArticlePlan, row: ArticleRecord, now: number): boolean {
  const { item } = plan;
  if (plan.lead?.id === null) return false;
  if (plan.corrections !== undefined && row.corrections !== JSON.stringify(plan.corrections)) return false;
  const body = bodyOf(plan);
  if (body === undefined) return false;
  const publish = nextPublishState(row, { status: item.status ?? 'draft', publishedAt: item.publishedAt }, now);
  return (
    row.headline === item.headline &&
    row.standfirst === (item.standfirst ?? null) &&
    row.section === (item.section ?? null) &&
    row.tags === JSON.stringify(item.tags ?? []) &&
    row.byline === (item.byline ?? null) &&
    row.body === JSON.stringify(body) &&
    row.leadImageId === (plan.lead?.id ?? null) &&
    row.status === publish.status &&
    row.publishedAt === publish.publishedAt
  );
}

/** The stored body of a planned article; undefined while it names an image or quote this load has yet to make. */
export function bodyOf(plan: ArticlePlan): BlockInput[] | undefined {
  const body: BlockInput[] = [];
  for (const block of plan.body) {
    if (!('slot' in block)) body.push({ type: block.type, text: block.text });
    else if (block.slot.id === null) return undefined;
    else if (block.type === 'image') body.push({ type: 'image', imageId: block.slot.id });
    else body.push({ type: 'quote', quoteId: block.slot.id });
  }
  return body;
}

export function countOps(plan: Plan): ImportResult {
  const zero = () => ({ articles: 0, images: 0, quotes: 0 });
  const result: ImportResult = { created: zero(), updated: zero(), unchanged: zero() };
  const tally = { create: result.created, update: result.updated, unchanged: result.unchanged };
  for (const image of plan.images.values()) tally[image.op].images++;
  for (const quote of plan.quotes.values()) tally[quote.op].quotes++;
  for (const article of plan.articles) tally[article.op].articles++;
  return result;
}

function reportDuplicate(
  errors: BundleErrors,
  section: 'images' | 'quotes',
  entry: Item<{ key?: string }>,
  first: number,
) {
  if (entry.item.key !== undefined) {
    errors.at(section, entry.index, '.key', `is also the key of ${section}[${first}]`);
  } else {
    errors.at(section, entry.index, '', `is the same as ${section}[${first}]: give each a key to load both`);
  }
}

export function imageMetadata(item: BundleImage): ImageUploadMetadata {
  const { key: _key, file: _file, ...metadata } = item;
  return metadata;
}

export function quoteInput(item: BundleQuote): QuoteCreate {
  const { key: _key, ...input } = item;
  return input;
}

/**
 * A key-less quote's content as its key is made from: `speakerType: 'person'` is the default, so it is left out
 * like an absent field, and a quote loaded before the field existed is found again by the same key.
 */
function quoteContent(item: BundleQuote): object {
  const { speakerType, ...rest } = quoteInput(item);
  return speakerType === 'organisation' ? { ...rest, speakerType } : rest;
}

/**
 * The key of an item that has none: its content, hashed. Loading the same key-less item again finds it; a
 * changed one is a new item (a key is what lets an item change and stay the same item).
 */
function contentKey(value: object, fileName: string | null): string {
  const canonical = JSON.stringify(canonicalJson({ ...value, file: fileName }));
  return `content:${createHash('sha256').update(canonical).digest('hex').slice(0, 40)}`;
}

function canonicalJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        // Left out and null mean the same (null is stored either way), so they give the same key.
        .filter(([, v]) => v !== undefined && v !== null)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonicalJson(v)]),
    );
  }
  return value;
}
