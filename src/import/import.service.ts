import type Database from 'better-sqlite3';
import type { SqliteArticlesStore } from '../articles/articles.sqlite.js';
import { type ArticleRecord, CLI_AUTHOR, type ImportedArticle } from '../articles/articles.store.js';
import { withBulkIndexing } from '../db/bulk-index.js';
import { HttpProblem, problems } from '../http/problems.js';
import type { ImagesService, PreparedUpload } from '../images/images.service.js';
import type { ImagesRepository, ImportUploads } from '../images/images.sqlite.js';
import type { QuotesRepository } from '../quotes/quotes.sqlite.js';
import { BundleErrors } from './bundle-errors.js';
import { type ParsedBundle, parseBundle } from './bundle-parse.js';
import {
  type ArticlePlan,
  bodyOf,
  countOps,
  createPlanner,
  type ImagePlan,
  imageMetadata,
  type PendingPlan,
  type Plan,
  type PlanRows,
  type QuotePlan,
  quoteInput,
  readPlanRows,
} from './bundle-plan.js';
import type { ImportResult } from './import.schemas.js';
import type { BundleFiles, LoadOptions } from './import.store.js';

/** A well-formed image item that names a picture: its index in the bundle and its `file`. */
export type PictureItem = { index: number; file: string };

/** Where picture problems are reported (a BundleErrors, or a recorder that sends them to one). */
export type PictureErrors = Pick<BundleErrors, 'at' | 'top'>;

/**
 * How a load gets its pictures checked and cleaned: given the image items that name a `file` and every `file`
 * the bundle names, it fills `prepared` (by image index) and reports refused or missing pictures in `errors`.
 */
export type PictureStep = (
  items: PictureItem[],
  names: ReadonlySet<string>,
  errors: PictureErrors,
  prepared: Map<number, PreparedUpload>,
) => Promise<void>;

/** A bundle parsed and checked item by item, with its pictures prepared: what write() plans and writes. */
export type ReadBundle = { bundle: ParsedBundle; prepared: Map<number, PreparedUpload>; errors: BundleErrors };

/** What a load did to the media folder: pictures moved into place, and pictures images no longer use. */
export type MediaEffects = { promoted: string[]; retired: string[] };

export type ImportDependencies = {
  sqlite: Database.Database;
  images: Pick<ImagesRepository, 'findManyByKeys' | 'findManyByIds' | 'create' | 'update' | 'setFile'>;
  /** The row of a picture already stored by the images service, written synchronously in the transaction. */
  imagesService: ImportUploads;
  quotes: Pick<QuotesRepository, 'findManyByKeys' | 'findManyByIds' | 'create' | 'update'>;
  articles: Pick<SqliteArticlesStore, 'findManyBySlugs' | 'insertMany' | 'replaceMany'>;
};

/** From this many rows written to a table, its full-text index is built in one statement (see bulk-index.ts). */
const BULK = 50;

/** The articles table and the link tables written with it. */
const ARTICLE_TABLES = ['articles', 'article_tags', 'article_images', 'article_quotes'];

/**
 * Loads fixture bundles on one connection: all or nothing, in one transaction, idempotent. The SQLite import store
 * (import.sqlite.ts) runs it on the server's connection for a small bundle and in a worker thread on a connection
 * of its own for a large one, for the HTTP route and `npm run seed` alike, so a bundle means the same whichever
 * door it comes in by.
 *
 * A load runs in three steps: the shape of every item (zod, item by item), the pictures (checked and cleaned
 * like uploads, into temp files), then, in one transaction, the references and the writes. Nothing is written
 * until every check has passed, and a bad bundle is answered with every bad item at once.
 */
export function createImporter(deps: ImportDependencies) {
  const { sqlite, images, imagesService, quotes, articles } = deps;
  const planner = createPlanner();

  return {
    read: readBundle,

    /**
     * Plans and (unless a dry run) writes a bundle read by read(), synchronously, inside the caller's transaction
     * (immediate for a load, so there is no deadlock on upgrade; a dry run only reads). A bad bundle throws the
     * 400 listing every error. `effects` collects what the load did to the media folder, for the caller to tidy
     * after the commit (retired files) or a rollback (promoted ones).
     */
    write(read: ReadBundle, options: LoadOptions, effects: MediaEffects): ImportResult {
      if (!sqlite.inTransaction) throw new Error('write must run inside a transaction');
      const pending = planner.prepare(read.bundle, read.prepared);
      const { plan, counts } = checkedPlan(planner, pending, read, readPlanRows(deps, pending.reads));
      if (options.dryRun) return counts;
      const bulk: string[] = (['images', 'quotes', 'articles'] as const).filter(
        (table) => counts.created[table] + counts.updated[table] >= BULK,
      );
      // Tags are written with their articles: their trigger is caught up with the articles' (bulk-index.ts).
      if (bulk.includes('articles')) bulk.push('article_tags');
      // A first import (or one that at least doubles the articles) that updates none: its articles' list indexes
      // are built once at the end rather than row by row (see bulk-index.ts).
      const rebuildIndexes =
        counts.created.articles >= BULK && counts.updated.articles === 0
          ? { tables: ARTICLE_TABLES, inserting: counts.created.articles }
          : undefined;
      const author = options.author ?? CLI_AUTHOR;
      withBulkIndexing(sqlite, bulk, () => execute(plan, effects.promoted, effects.retired, author), {
        rebuildIndexes,
      });
      return counts;
    },
  };

  /**
   * Writes the plan. `promoted`: pictures moved into place (removed again on rollback); `retired`: pictures that
   * images no longer use (removed after the commit, unless another image still uses them).
   */
  function execute(plan: Plan, promoted: string[], retired: string[], author: string): void {
    const now = Date.now();
    for (const image of plan.images.values()) {
      if (image.op === 'unchanged') continue;
      if (image.op === 'create') {
        const metadata = imageMetadata(image.item);
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
      if (current.fileName !== fileName) {
        // The picture is already stored (the images service stores it when it prepares it); recorded so that a
        // rollback removes it again unless another image uses it.
        if (image.prepared) promoted.push(image.prepared.fileName);
        const { previousFile } = images.setFile(current.id, image.prepared ?? null);
        if (previousFile !== null) retired.push(previousFile);
      }
      images.update(current.id, imageUpdateOf(image));
    }

    for (const quote of plan.quotes.values()) {
      if (quote.op === 'unchanged') continue;
      if (quote.op === 'create') {
        quote.slot.id = quotes.create(quoteInput(quote.item), { key: quote.key, now }).id;
        continue;
      }
      quotes.update(quote.current!.id, quoteUpdateOf(quote));
    }

    const { created, replacements } = articleWrites(plan);
    // Each created or changed article gets one revision, by `author`, in this transaction; unchanged ones none.
    articles.insertMany(created, now, { author });
    articles.replaceMany(replacements, now, { author });
  }
}

// What follows is shared with the PostgreSQL import (import.pg.ts), which reads the same bundle, plans it with
// the same planner and writes the same rows through its engine's write paths.

/**
 * Everything before the transaction: the shape of every item and the pictures (from `pictures`). Nothing is read
 * from the database yet; the errors found so far travel with the result to the write. `prepared`: the caller's,
 * so that it discards the temp files whatever happens.
 */
export async function readBundle(
  raw: unknown,
  pictures: PictureStep,
  prepared: Map<number, PreparedUpload>,
): Promise<ReadBundle> {
  const errors = new BundleErrors();
  const bundle = parseBundle(raw, errors);
  await pictures(
    bundle.images.flatMap(({ index, item }) => (item.file === undefined ? [] : [{ index, file: item.file }])),
    fileNames(raw),
    errors,
    prepared,
  );
  return { bundle, prepared, errors };
}

/** The plan of a read bundle from the rows its reads gave, and its counts; a bad bundle throws the 400. */
export function checkedPlan(
  planner: ReturnType<typeof createPlanner>,
  pending: PendingPlan,
  read: ReadBundle,
  rows: PlanRows,
): { plan: Plan; counts: ImportResult } {
  const { errors } = read;
  const plan = planner.plan(pending, errors, rows);
  if (errors.size > 0) throw problems.badBundle(errors.sorted(), errors.itemCount);
  return { plan, counts: countOps(plan) };
}

/** A matched image's update: the bundle item is the whole image (a field left out is cleared). */
export function imageUpdateOf(image: ImagePlan) {
  const metadata = imageMetadata(image.item);
  return {
    ...metadata,
    sourceUrl: metadata.sourceUrl ?? null,
    caption: metadata.caption ?? null,
    credit: metadata.credit ?? null,
    creator: metadata.creator ?? null,
    copyrightNotice: metadata.copyrightNotice ?? null,
    focalPoint: metadata.focalPoint ?? null,
  };
}

/** A matched quote's update: the bundle item is the whole quote. */
export function quoteUpdateOf(quote: QuotePlan) {
  const input = quoteInput(quote.item);
  return {
    text: input.text,
    speaker: input.speaker,
    // A bundle item is the whole quote: a type left out is the default, not "keep the stored one".
    speakerType: input.speakerType ?? 'person',
    speakerRole: input.speakerRole ?? null,
    organisation: input.organisation ?? null,
    channel: input.channel ?? null,
    sourceUrl: input.sourceUrl ?? null,
    saidAt: input.saidAt ?? null,
  };
}

/** The articles to insert and to replace, once every image and quote the plan makes has its id. */
export function articleWrites(plan: Plan): {
  created: ImportedArticle[];
  replacements: Array<{ current: ArticleRecord; input: ImportedArticle }>;
} {
  const created: ImportedArticle[] = [];
  const replacements: Array<{ current: ArticleRecord; input: ImportedArticle }> = [];
  for (const article of plan.articles) {
    if (article.op === 'unchanged') continue;
    const fields = articleFields(article);
    if (article.op === 'create') created.push(fields);
    else replacements.push({ current: article.current!, input: fields });
  }
  return { created, replacements };
}

function articleFields(article: ArticlePlan): ImportedArticle {
  const { item } = article;
  return {
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
    corrections: article.corrections,
  };
}

/**
 * The picture step of a load that has `files` at hand: each picture checked and cleaned like an upload, into a
 * temp file (the caller discards them after the load), and every file sent that no image names reported.
 */
export function picturesFrom(files: BundleFiles, imagesService: Pick<ImagesService, 'prepareFile'>): PictureStep {
  return async (items, names, errors, prepared) => {
    // One at a time: each picture is decoded to be checked, and a bundle may carry many large ones.
    for (const { index, file } of items) {
      const source = files.open(file);
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
    for (const name of files.unnamed?.(names) ?? []) errors.top(name, 'is a file that no image of the bundle names');
  };
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
