import type Database from 'better-sqlite3';
import type { SqliteArticlesStore } from '../articles/articles.sqlite.js';
import { type ArticleRecord, CLI_AUTHOR, type ImportedArticle } from '../articles/articles.store.js';
import { withBulkIndexing } from '../db/bulk-index.js';
import { HttpProblem, problems } from '../http/problems.js';
import type { ImagesService, PreparedUpload } from '../images/images.service.js';
import type { ImagesRepository, ImportUploads } from '../images/images.sqlite.js';
import type { MediaStore, UploadSource } from '../media/media.store.js';
import type { QuotesRepository } from '../quotes/quotes.sqlite.js';
import { BundleErrors } from './bundle-errors.js';
import { type Item, parseBundle } from './bundle-parse.js';
import { bodyOf, countOps, createPlanner, imageMetadata, type Plan, quoteInput } from './bundle-plan.js';
import type { BundleImage, ImportResult } from './import.schemas.js';

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
  images: Pick<
    ImagesRepository,
    'findByKey' | 'findById' | 'findManyByKeys' | 'findManyByIds' | 'create' | 'update' | 'setFile'
  >;
  /** Pictures are checked by the service; written (and removed again) synchronously, in the transaction. */
  imagesService: Pick<ImagesService, 'prepareFile' | 'discardPrepared' | 'removeUnusedFiles'> & ImportUploads;
  /** To move a changed picture of an existing image into place (a new one goes through commitPrepared). */
  media: Pick<MediaStore, 'promote'>;
  quotes: Pick<QuotesRepository, 'findByKey' | 'findById' | 'findManyByKeys' | 'findManyByIds' | 'create' | 'update'>;
  articles: Pick<SqliteArticlesStore, 'findManyBySlugs' | 'insertMany' | 'replaceMany'>;
};

/** From this many rows written to a table, its full-text index is built in one statement (see bulk-index.ts). */
const BULK = 50;

/** The articles table and the link tables written with it. */
const ARTICLE_TABLES = ['articles', 'article_tags', 'article_images', 'article_quotes'];

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
  const planner = createPlanner(deps);

  /** Checks and cleans the pictures into temp files, keyed by image index (the caller discards them). */
  async function preparePictures(
    items: Item<BundleImage>[],
    files: BundleFiles,
    errors: BundleErrors,
    prepared: Map<number, PreparedUpload>,
  ): Promise<void> {
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
  }

  return {
    /** `author`: the name the articles' revisions record (the token's; `cli` by default, for npm run seed). */
    async load(
      raw: unknown,
      files: BundleFiles,
      options: { dryRun?: boolean; author?: string } = {},
    ): Promise<ImportResult> {
      const errors = new BundleErrors();
      const bundle = parseBundle(raw, errors);
      const prepared = new Map<number, PreparedUpload>();
      const promoted: string[] = [];
      const retired: string[] = [];
      try {
        await preparePictures(bundle.images, files, errors, prepared);
        for (const name of files.unnamed?.(fileNames(raw)) ?? []) {
          errors.top(name, 'is a file that no image of the bundle names');
        }
        const run = sqlite.transaction(() => {
          const plan = planner.plan(bundle, prepared, errors);
          if (errors.size > 0) throw problems.badBundle(errors.sorted(), errors.itemCount);
          const counts = countOps(plan);
          if (!options.dryRun) {
            const bulk = (['images', 'quotes', 'articles'] as const).filter(
              (table) => counts.created[table] + counts.updated[table] >= BULK,
            );
            // A first import (or one that at least doubles the articles) that updates none: its articles' list
            // indexes are built once at the end rather than row by row (see bulk-index.ts).
            const rebuildIndexes =
              counts.created.articles >= BULK && counts.updated.articles === 0
                ? { tables: ARTICLE_TABLES, inserting: counts.created.articles }
                : undefined;
            const author = options.author ?? CLI_AUTHOR;
            withBulkIndexing(sqlite, bulk, () => execute(plan, promoted, retired, author), { rebuildIndexes });
          }
          return counts;
        });
        // A dry run only reads, so it takes no write lock; a load takes it at once (no deadlock on upgrade).
        const result = options.dryRun ? run.deferred() : run.immediate();
        if (retired.length > 0) await imagesService.removeUnusedFiles(retired);
        return result;
      } catch (error) {
        if (promoted.length > 0) await imagesService.removeUnusedFiles(promoted);
        // Another process (a seed, a backup restore) holding the write lock past busy_timeout is a 503 with
        // Retry-After: db/errors.ts translates it where the error is answered.
        throw error;
      } finally {
        for (const upload of prepared.values()) await imagesService.discardPrepared(upload);
      }
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
      if (current.fileName !== fileName) {
        if (image.prepared) {
          media.promote(image.prepared.tempPath, image.prepared.fileName);
          promoted.push(image.prepared.fileName);
        }
        const { previousFile } = images.setFile(current.id, image.prepared ?? null);
        if (previousFile !== null) retired.push(previousFile);
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
        // A bundle item is the whole quote: a type left out is the default, not "keep the stored one".
        speakerType: input.speakerType ?? 'person',
        speakerRole: input.speakerRole ?? null,
        organisation: input.organisation ?? null,
        channel: input.channel ?? null,
        sourceUrl: input.sourceUrl ?? null,
        saidAt: input.saidAt ?? null,
      });
    }

    const created: ImportedArticle[] = [];
    const replacements: Array<{ current: ArticleRecord; input: ImportedArticle }> = [];
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
        corrections: article.corrections,
      };
      if (article.op === 'create') created.push(fields);
      else replacements.push({ current: article.current!, input: fields });
    }
    // Each created or changed article gets one revision, by `author`, in this transaction; unchanged ones none.
    articles.insertMany(created, now, { author });
    articles.replaceMany(replacements, now, { author });
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
