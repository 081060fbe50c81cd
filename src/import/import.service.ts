import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ArticleRecord, ArticlesRepository } from '../articles/articles.repository.js';
import type { ArticleCreate, BlockInput } from '../articles/articles.schemas.js';
import { nextPublishState } from '../articles/publishing.js';
import { withBulkIndexing } from '../db/bulk-index.js';
import { HttpProblem, problems } from '../http/problems.js';
import type { ImageRecord, ImagesRepository } from '../images/images.repository.js';
import type { ImageUploadMetadata } from '../images/images.schemas.js';
import type { ImagesService, PreparedUpload } from '../images/images.service.js';
import type { MediaStore, UploadSource } from '../media/media.store.js';
import type { QuoteRecord, QuotesRepository } from '../quotes/quotes.repository.js';
import type { QuoteCreate } from '../quotes/quotes.schemas.js';
import { BundleErrors } from './bundle-errors.js';
import { type Item, parseBundle } from './bundle-parse.js';
import type { BundleArticle, BundleImage, BundleQuote, ImportResult } from './import.schemas.js';

/** Where the pictures a bundle's `file` fields name come from: the bundle's folder (seed) or the request's parts. */
export type BundleFiles = {
  /** The picture named `name`, or undefined when none came with the bundle. */
  open(name: string): UploadSource | undefined;
  /** For messages: where a missing file was looked for ("next to the bundle file"). */
  where: string;
  /** The files sent with the bundle that none of `names` names (a typo, or a stray part): each is reported. */
  unnamed?(names: ReadonlySet<string>): string[];
};

export const NO_FILES: BundleFiles = { open: () => undefined, where: 'with the bundle' };

export type ImportDependencies = {
  sqlite: Database.Database;
  images: Pick<ImagesRepository, 'findByKey' | 'findById' | 'findManyByIds' | 'create' | 'update' | 'setFile'>;
  imagesService: Pick<ImagesService, 'prepareFile' | 'commitPrepared' | 'discardPrepared' | 'removeUnusedFiles'>;
  /** To move a changed picture of an existing image into place (a new one goes through commitPrepared). */
  media: Pick<MediaStore, 'promote'>;
  quotes: Pick<QuotesRepository, 'findByKey' | 'findById' | 'findManyByIds' | 'create' | 'update'>;
  articles: Pick<ArticlesRepository, 'find' | 'insertMany' | 'update'>;
};

/** Where a referenced image or quote will be once the bundle is written: known now, or made by this load. */
type Slot = { id: string | null };
type Op = 'create' | 'update' | 'unchanged';

type ImagePlan = Item<BundleImage> & {
  /** The bundle key (or content key): stored on a created row; a matched row keeps its own. */
  key: string;
  current: ImageRecord | undefined;
  prepared: PreparedUpload | undefined;
  op: Op;
  slot: Slot;
};
type QuotePlan = Item<BundleQuote> & { key: string; current: QuoteRecord | undefined; op: Op; slot: Slot };

type BlockPlan = { type: 'paragraph' | 'heading'; text: string } | { type: 'image' | 'quote'; slot: Slot };
type ArticlePlan = Item<BundleArticle> & {
  current: ArticleRecord | undefined;
  op: Op;
  lead: Slot | null;
  body: BlockPlan[];
};

/** From this many new rows of a table, its full-text index is built in one statement (see bulk-index.ts). */
const BULK = 50;

const zeroCounts = () => ({ articles: 0, images: 0, quotes: 0 });

/**
 * Loads fixture bundles: all or nothing, in one transaction, idempotent. The HTTP route and `npm run seed` both
 * call load(), so a bundle means the same whichever door it comes in by.
 *
 * A load runs in three steps: the shape of every item (zod, item by item), the pictures (checked and cleaned
 * like uploads, into temp files), then, in one transaction, the references and the writes. Nothing is written
 * until every check has passed, and a bad bundle is answered with every bad item at once.
 */
export function createImporter(deps: ImportDependencies) {
  const { sqlite, images, imagesService, media, quotes, articles } = deps;

  async function preparePictures(
    items: Item<BundleImage>[],
    files: BundleFiles,
    errors: BundleErrors,
  ): Promise<Map<number, PreparedUpload>> {
    const prepared = new Map<number, PreparedUpload>();
    // One at a time: each picture is decoded to be checked, and a bundle may carry many large ones.
    for (const { index, item } of items) {
      if (item.file === undefined) continue;
      const source = files.open(item.file);
      if (source === undefined) {
        errors.at('images', index, '.file', `names no file ${files.where}`);
        continue;
      }
      try {
        prepared.set(index, await imagesService.prepareFile(source));
      } catch (error) {
        if (!(error instanceof HttpProblem)) throw error;
        errors.at('images', index, '.file', `is refused: ${error.detail}`);
      }
    }
    return prepared;
  }

  return {
    async load(raw: unknown, files: BundleFiles, options: { dryRun?: boolean } = {}): Promise<ImportResult> {
      const errors = new BundleErrors();
      const bundle = parseBundle(raw, errors);
      const prepared = await preparePictures(bundle.images, files, errors);
      for (const name of files.unnamed?.(fileNames(raw)) ?? []) {
        errors.top(name, 'is a file that no image of the bundle names');
      }
      const promoted: string[] = [];
      const replaced: string[] = [];
      try {
        const run = sqlite.transaction(() => {
          const plan = makePlan(bundle, prepared, errors);
          if (errors.size > 0) throw problems.badBundle(errors.sorted(), errors.itemCount);
          const counts = countOps(plan);
          if (!options.dryRun) {
            const bulk = (['images', 'quotes', 'articles'] as const).filter((table) => counts.created[table] >= BULK);
            withBulkIndexing(sqlite, bulk, () => execute(plan, promoted, replaced));
          }
          return counts;
        });
        // A dry run only reads, so it takes no write lock; a load takes it at once (no deadlock on upgrade).
        const result = options.dryRun ? run.deferred() : run.immediate();
        if (replaced.length > 0) imagesService.removeUnusedFiles(replaced);
        return result;
      } catch (error) {
        if (promoted.length > 0) imagesService.removeUnusedFiles(promoted);
        throw error;
      } finally {
        for (const upload of prepared.values()) await imagesService.discardPrepared(upload);
      }
    },
  };

  function makePlan(
    bundle: ReturnType<typeof parseBundle>,
    prepared: Map<number, PreparedUpload>,
    errors: BundleErrors,
  ) {
    const imagePlans = planImages(bundle.images, prepared, errors);
    const quotePlans = planQuotes(bundle.quotes, errors);
    const articlePlans = planArticles(bundle.articles, imagePlans, quotePlans, errors);
    return { images: imagePlans, quotes: quotePlans, articles: articlePlans };
  }

  // --- images -------------------------------------------------------------------------------------------------

  function planImages(items: Item<BundleImage>[], prepared: Map<number, PreparedUpload>, errors: BundleErrors) {
    const byKey = new Map<string, ImagePlan>();
    for (const entry of items) {
      const upload = prepared.get(entry.index);
      if (entry.item.file !== undefined && upload === undefined) continue; // its file was refused: reported
      const key = entry.item.key ?? contentKey(imageMetadata(entry.item), upload?.fileName ?? null);
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

  /** By key; failing that, a row made through the API (no key) whose id is the key, as an export names it. */
  function findImageByKey(key: string): ImageRecord | undefined {
    const row = images.findByKey(key) ?? images.findById(key);
    return row && (row.key === key || row.key === null) ? row : undefined;
  }

  function sameImage(row: ImageRecord, item: BundleImage, upload: PreparedUpload | undefined): boolean {
    return (
      row.file_name === (upload?.fileName ?? null) &&
      row.source_url === (item.sourceUrl ?? null) &&
      row.alt_text === item.altText &&
      row.caption === (item.caption ?? null) &&
      row.credit === (item.credit ?? null) &&
      row.creator === (item.creator ?? null) &&
      row.copyright_notice === (item.copyrightNotice ?? null) &&
      row.focal_x === (item.focalPoint?.x ?? null) &&
      row.focal_y === (item.focalPoint?.y ?? null)
    );
  }

  // --- quotes -------------------------------------------------------------------------------------------------

  function planQuotes(items: Item<BundleQuote>[], errors: BundleErrors) {
    const byKey = new Map<string, QuotePlan>();
    for (const entry of items) {
      const key = entry.item.key ?? contentKey(quoteInput(entry.item), null);
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

  function findQuoteByKey(key: string): QuoteRecord | undefined {
    const row = quotes.findByKey(key) ?? quotes.findById(key);
    return row && (row.key === key || row.key === null) ? row : undefined;
  }

  function sameQuote(row: QuoteRecord, item: BundleQuote): boolean {
    return (
      row.text === item.text &&
      row.speaker === item.speaker &&
      row.speaker_role === (item.speakerRole ?? null) &&
      row.organisation === (item.organisation ?? null) &&
      row.channel === (item.channel ?? null) &&
      row.source_url === (item.sourceUrl ?? null) &&
      row.said_at === (item.saidAt ?? null)
    );
  }

  // --- articles -----------------------------------------------------------------------------------------------

  function planArticles(
    items: Item<BundleArticle>[],
    imagePlans: Map<string, ImagePlan>,
    quotePlans: Map<string, QuotePlan>,
    errors: BundleErrors,
  ): ArticlePlan[] {
    const bySlug = new Map<string, Item<BundleArticle>>();
    const keys = new Map<string, number>();
    // Ids given as ids (leadImageId, imageId, quoteId) are checked in one query per kind, at the end.
    const imageIds: Array<{ index: number; suffix: string; id: string; slot: Slot }> = [];
    const quoteIds: Array<{ index: number; suffix: string; id: string; slot: Slot }> = [];
    const plans: ArticlePlan[] = [];

    const imageByKey = (index: number, suffix: string, key: string): Slot => {
      const planned = imagePlans.get(key);
      if (planned) return planned.slot;
      const row = findImageByKey(key);
      if (row) return { id: row.id };
      errors.at(
        'articles',
        index,
        suffix,
        `names no image: no image in the bundle or loaded before has the key "${key}"`,
      );
      return { id: null };
    };
    const quoteByKey = (index: number, suffix: string, key: string): Slot => {
      const planned = quotePlans.get(key);
      if (planned) return planned.slot;
      const row = findQuoteByKey(key);
      if (row) return { id: row.id };
      errors.at(
        'articles',
        index,
        suffix,
        `names no quote: no quote in the bundle or loaded before has the key "${key}"`,
      );
      return { id: null };
    };
    const byId = (list: typeof imageIds, index: number, suffix: string, id: string): Slot => {
      const slot = { id };
      list.push({ index, suffix, id, slot });
      return slot;
    };

    for (const entry of items) {
      const { index, item } = entry;
      const sameSlug = bySlug.get(item.slug);
      if (sameSlug) {
        errors.at('articles', index, '.slug', `is also the slug of articles[${sameSlug.index}]`);
        continue;
      }
      bySlug.set(item.slug, entry);
      if (item.key !== undefined) {
        const sameKey = keys.get(item.key);
        if (sameKey !== undefined) errors.at('articles', index, '.key', `is also the key of articles[${sameKey}]`);
        else keys.set(item.key, index);
      }

      let lead: Slot | null = null;
      if (item.leadImage != null) lead = imageByKey(index, '.leadImage', item.leadImage);
      else if (item.leadImageId != null) lead = byId(imageIds, index, '.leadImageId', item.leadImageId);

      const body: BlockPlan[] = (item.body ?? []).map((block, position) => {
        const at = `.body[${position}]`;
        if (block.type === 'image') {
          const slot =
            block.image !== undefined
              ? imageByKey(index, `${at}.image`, block.image)
              : byId(imageIds, index, `${at}.imageId`, block.imageId!);
          return { type: 'image', slot };
        }
        if (block.type === 'quote') {
          const slot =
            block.quote !== undefined
              ? quoteByKey(index, `${at}.quote`, block.quote)
              : byId(quoteIds, index, `${at}.quoteId`, block.quoteId!);
          return { type: 'quote', slot };
        }
        return { type: block.type, text: block.text };
      });
      plans.push({ ...entry, current: articles.find(item.slug), op: 'create', lead, body });
    }

    checkIds(imageIds, images.findManyByIds(imageIds.map((ref) => ref.id)), 'image', errors);
    checkIds(quoteIds, quotes.findManyByIds(quoteIds.map((ref) => ref.id)), 'quote', errors);

    const now = Date.now();
    for (const plan of plans) {
      if (!plan.current) continue;
      plan.op = sameArticle(plan, plan.current, now) ? 'unchanged' : 'update';
    }
    return plans;
  }

  function checkIds(
    refs: Array<{ index: number; suffix: string; id: string }>,
    found: Map<string, unknown>,
    what: 'image' | 'quote',
    errors: BundleErrors,
  ): void {
    for (const ref of refs) {
      if (!found.has(ref.id)) errors.at('articles', ref.index, ref.suffix, `names no existing ${what}`);
    }
  }

  /** The stored body of a planned article; undefined while it names an image or quote this load has yet to make. */
  function bodyOf(plan: ArticlePlan): BlockInput[] | undefined {
    const body: BlockInput[] = [];
    for (const block of plan.body) {
      if (!('slot' in block)) body.push({ type: block.type, text: block.text });
      else if (block.slot.id === null) return undefined;
      else if (block.type === 'image') body.push({ type: 'image', imageId: block.slot.id });
      else body.push({ type: 'quote', quoteId: block.slot.id });
    }
    return body;
  }

  function sameArticle(plan: ArticlePlan, row: ArticleRecord, now: number): boolean {
    const { item } = plan;
    if (plan.lead?.id === null) return false;
    const body = bodyOf(plan);
    if (body === undefined) return false;
    const status = item.status ?? 'draft';
    const publish = nextPublishState(
      { status: row.status, publishedAt: row.published_at },
      { status, publishedAt: item.publishedAt },
      now,
    );
    return (
      row.headline === item.headline &&
      row.standfirst === (item.standfirst ?? null) &&
      row.section === (item.section ?? null) &&
      row.tags === JSON.stringify(item.tags ?? []) &&
      row.byline === (item.byline ?? null) &&
      row.body === JSON.stringify(body) &&
      row.lead_image_id === (plan.lead?.id ?? null) &&
      row.status === publish.status &&
      row.published_at === publish.publishedAt
    );
  }

  // --- writing ------------------------------------------------------------------------------------------------

  /** Writes the plan. `promoted`: pictures moved into place (removed again on rollback); `replaced`: pictures
   * that images no longer use (removed after the commit, unless another image still does). */
  function execute(plan: ReturnType<typeof makePlan>, promoted: string[], replaced: string[]): void {
    const now = Date.now();
    for (const image of plan.images.values()) {
      if (image.op === 'unchanged') continue;
      const metadata = imageMetadata(image.item);
      if (image.op === 'create') {
        const options = { key: image.key, now };
        const row = image.prepared
          ? imagesService.commitPrepared(image.prepared, metadata, options)
          : images.create(metadata, options);
        if (image.prepared) promoted.push(image.prepared.fileName);
        image.slot.id = row.id;
        continue;
      }
      const current = image.current!;
      const fileName = image.prepared?.fileName ?? null;
      if (current.file_name !== fileName) {
        if (image.prepared) {
          media.promote(image.prepared.tempPath, image.prepared.fileName);
          promoted.push(image.prepared.fileName);
        }
        const { previousFile } = images.setFile(current.id, image.prepared ?? null);
        if (previousFile !== null) replaced.push(previousFile);
      }
      images.update(current.id, {
        ...metadata,
        sourceUrl: metadata.sourceUrl ?? null,
        caption: metadata.caption ?? null,
        credit: metadata.credit ?? null,
        creator: metadata.creator ?? null,
        copyrightNotice: metadata.copyrightNotice ?? null,
        focalPoint: metadata.focalPoint ?? null,
      });
    }

    for (const quote of plan.quotes.values()) {
      if (quote.op === 'unchanged') continue;
      const input = quoteInput(quote.item);
      if (quote.op === 'create') {
        quote.slot.id = quotes.create(input, { key: quote.key, now }).id;
        continue;
      }
      quotes.update(quote.current!.id, {
        text: input.text,
        speaker: input.speaker,
        speakerRole: input.speakerRole ?? null,
        organisation: input.organisation ?? null,
        channel: input.channel ?? null,
        sourceUrl: input.sourceUrl ?? null,
        saidAt: input.saidAt ?? null,
      });
    }

    const created: Array<ArticleCreate & { slug: string }> = [];
    for (const article of plan.articles) {
      if (article.op === 'unchanged') continue;
      const { item } = article;
      const fields = {
        slug: item.slug,
        headline: item.headline,
        standfirst: item.standfirst ?? null,
        section: item.section ?? null,
        tags: item.tags ?? [],
        byline: item.byline ?? null,
        body: bodyOf(article)!,
        leadImageId: article.lead?.id ?? null,
        status: item.status ?? 'draft',
        publishedAt: item.publishedAt,
      };
      if (article.op === 'create') created.push(fields);
      else articles.update(article.current!.id, fields);
    }
    articles.insertMany(created, now);
  }
}

function countOps(plan: {
  images: Map<string, { op: Op }>;
  quotes: Map<string, { op: Op }>;
  articles: Array<{ op: Op }>;
}): ImportResult {
  const result: ImportResult = { created: zeroCounts(), updated: zeroCounts(), unchanged: zeroCounts() };
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

/** The `file` of every image, well-formed or not: a file sent for a bad item is not also reported as stray. */
function fileNames(raw: unknown): Set<string> {
  const names = new Set<string>();
  const list = (raw as { images?: unknown } | null)?.images;
  if (!Array.isArray(list)) return names;
  for (const item of list) {
    const file = (item as { file?: unknown } | null)?.file;
    if (typeof file === 'string') names.add(file);
  }
  return names;
}

function imageMetadata(item: BundleImage): ImageUploadMetadata {
  const { key: _key, file: _file, ...metadata } = item;
  return metadata;
}

function quoteInput(item: BundleQuote): QuoteCreate {
  const { key: _key, ...input } = item;
  return input;
}

/**
 * The key of an item that has none: its content, hashed. Loading the same key-less item again finds it; a
 * changed one is a new item (a key is what lets an item change and stay the same item).
 */
function contentKey(value: object, fileName: string | null): string {
  const canonical = JSON.stringify(sortedEntries({ ...value, file: fileName }));
  return `content:${createHash('sha256').update(canonical).digest('hex').slice(0, 40)}`;
}

function sortedEntries(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedEntries);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        // Left out and null mean the same (null is stored either way), so they give the same key.
        .filter(([, v]) => v !== undefined && v !== null)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, sortedEntries(v)]),
    );
  }
  return value;
}
