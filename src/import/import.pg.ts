import { sql } from 'drizzle-orm';
import type { PgArticlesStore } from '../articles/articles.pg.js';
import { CLI_AUTHOR } from '../articles/articles.store.js';
import type { PgDb } from '../db/pg-client.js';
import { type PgTx, pgWrite } from '../db/pg-tx.js';
import { createPgImportUploads, type PgImagesRepository } from '../images/images.pg.js';
import type { ImagesService, PreparedUpload } from '../images/images.service.js';
import type { PgQuotesRepository } from '../quotes/quotes.pg.js';
import {
  createPlanner,
  idsToRead,
  imageMetadata,
  type Plan,
  type PlanReads,
  type PlanRows,
  quoteInput,
} from './bundle-plan.js';
import { parseBundleText } from './bundle-text.js';
import { openPgExportReader } from './export.pg.js';
import { exportReaderStream } from './export.service.js';
import type { ImportResult } from './import.schemas.js';
import {
  articleWrites,
  checkedPlan,
  imageUpdateOf,
  type MediaEffects,
  picturesFrom,
  quoteUpdateOf,
  type ReadBundle,
  readBundle,
} from './import.service.js';
import type { ExportStore, ImportStore } from './import.store.js';

// Bundles on PostgreSQL: the same load as SQLite's (import.service.ts: the same parsing, pictures, planner and
// rows), in one transaction on one pooled connection, through each resource's one write path (the articles
// store's insertMany/replaceMany, the images' and quotes' repositories), so a bundle gives the same results,
// revisions, webhook events and errors on either engine.

export type PgImportOptions = {
  uploadLimit: number;
  /** Pictures are checked, cleaned and stored before the transaction (sharp, the media store), tidied after. */
  imagesService: Pick<ImagesService, 'prepareFile' | 'discardPrepared' | 'removeUnusedFiles'>;
  articles: Pick<PgArticlesStore, 'findManyBySlugs' | 'insertMany' | 'replaceMany'>;
  images: Pick<PgImagesRepository, 'findManyByKeys' | 'findManyByIds' | 'create' | 'update' | 'setFile'>;
  quotes: Pick<PgQuotesRepository, 'findManyByKeys' | 'findManyByIds' | 'create' | 'update'>;
};

/**
 * A load takes the content tables in SHARE ROW EXCLUSIVE mode, in this order, before it reads anything: loads run
 * one at a time, and other writes wait for the load to commit (reads go on), as SQLite's writer is held for a
 * large load (db/writer.ts). So what the plan read is still true when it writes: a bundle loaded twice at once
 * is created once and found unchanged the second time, never a 409 on its slugs.
 */
const LOCK_CONTENT = sql.raw('LOCK TABLE images, quotes, articles IN SHARE ROW EXCLUSIVE MODE');

export function createPgImportStore(db: PgDb, options: PgImportOptions): ImportStore {
  const { imagesService, articles, images, quotes } = options;
  const uploads = createPgImportUploads(images);
  const planner = createPlanner();

  /** The rows the plan reads, through `tx`: two queries per kind (by key, then the rest by id), one by slug. */
  async function readRows(tx: PgTx, reads: PlanReads): Promise<PlanRows> {
    const imagesByKey = await images.findManyByKeys(tx, reads.images.keys);
    const quotesByKey = await quotes.findManyByKeys(tx, reads.quotes.keys);
    return {
      images: { byKey: imagesByKey, byId: await images.findManyByIds(tx, idsToRead(reads.images, imagesByKey)) },
      quotes: { byKey: quotesByKey, byId: await quotes.findManyByIds(tx, idsToRead(reads.quotes, quotesByKey)) },
      articles: await articles.findManyBySlugs(tx, reads.slugs),
    };
  }

  async function planIn(tx: PgTx, read: ReadBundle): Promise<{ plan: Plan; counts: ImportResult }> {
    const pending = planner.prepare(read.bundle, read.prepared);
    return checkedPlan(planner, pending, read, await readRows(tx, pending.reads));
  }

  /** Writes the plan in `tx`, in SQLite's order (import.service.ts execute): images, quotes, then articles. */
  async function execute(tx: PgTx, plan: Plan, effects: MediaEffects, author: string): Promise<void> {
    const now = Date.now();
    for (const image of plan.images.values()) {
      if (image.op === 'unchanged') continue;
      if (image.op === 'create') {
        const metadata = imageMetadata(image.item);
        const createOptions = { key: image.key, now };
        const row = image.prepared
          ? await uploads.commitPrepared(tx, image.prepared, metadata, createOptions)
          : await images.create(tx, metadata, createOptions);
        if (image.prepared) effects.promoted.push(image.prepared.fileName);
        image.slot.id = row.id;
        continue;
      }
      const current = image.current!;
      const fileName = image.prepared?.fileName ?? null;
      if (current.fileName !== fileName) {
        // Stored already (prepareFile); recorded so that a rollback removes it again unless an image uses it.
        if (image.prepared) effects.promoted.push(image.prepared.fileName);
        const { previousFile } = await images.setFile(tx, current.id, image.prepared ?? null);
        if (previousFile !== null) effects.retired.push(previousFile);
      }
      await images.update(tx, current.id, imageUpdateOf(image));
    }

    for (const quote of plan.quotes.values()) {
      if (quote.op === 'unchanged') continue;
      if (quote.op === 'create') {
        quote.slot.id = (await quotes.create(tx, quoteInput(quote.item), { key: quote.key, now })).id;
        continue;
      }
      await quotes.update(tx, quote.current!.id, quoteUpdateOf(quote));
    }

    const { created, replacements } = articleWrites(plan);
    // Each created or changed article gets one revision, by `author`, in this transaction; unchanged ones none.
    await articles.insertMany(tx, created, now, { author });
    await articles.replaceMany(tx, replacements, now, { author });
  }

  return {
    async load(source, files, loadOptions = {}) {
      const prepared = new Map<number, PreparedUpload>();
      const effects: MediaEffects = { promoted: [], retired: [] };
      try {
        const raw = 'json' in source ? parseBundleText(source.json) : source.value;
        const read = await readBundle(raw, picturesFrom(files, imagesService), prepared);
        let result: ImportResult;
        if (loadOptions.dryRun) {
          // A dry run only reads: one snapshot, no lock, nothing for other writes to wait for.
          result = await db.orm.transaction(async (tx) => (await planIn(tx, read)).counts, {
            isolationLevel: 'repeatable read',
            accessMode: 'read only',
          });
        } else {
          result = await pgWrite(db, async (tx) => {
            await tx.execute(LOCK_CONTENT);
            const { plan, counts } = await planIn(tx, read);
            await execute(tx, plan, effects, loadOptions.author ?? CLI_AUTHOR);
            return counts;
          });
        }
        if (effects.retired.length > 0) await imagesService.removeUnusedFiles(effects.retired);
        return result;
      } catch (error) {
        // Pictures stored for a load that rolled back are removed again (unless an image uses them).
        if (effects.promoted.length > 0) await imagesService.removeUnusedFiles(effects.promoted);
        throw error;
      } finally {
        for (const upload of prepared.values()) await imagesService.discardPrepared(upload);
      }
    },
    async close() {},
  };
}

/** Exports read on a pooled connection of their own, from one REPEATABLE READ snapshot (export.pg.ts). */
export function createPgExportStore(db: PgDb): ExportStore {
  return {
    async export(query, options = {}) {
      return exportReaderStream(() => openPgExportReader(db, query), options.onFile);
    },
  };
}
