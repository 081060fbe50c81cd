import { and, count, eq, type SQL, sql } from 'drizzle-orm';
import type { PgDb } from '../db/pg-client.js';
import { pgKeyedLookups, pgStorable } from '../db/pg-keyed-lookups.js';
import { pgAfterCursor, pgOrderBy } from '../db/pg-keyset.js';
import { pgMatches, pgSearchQuery } from '../db/pg-search.js';
import { type PgRunner, type PgTx, pgWrite } from '../db/pg-tx.js';
import { articleImages, articles, imageColumns, images, tableCounts } from '../db/schema.pg.js';
import { problems } from '../http/problems.js';
import { newId } from '../shared/ids.js';
import { nextCursor, parseSort, readCursor } from '../shared/keyset.js';
import { recordPgEvent } from '../webhooks/outbox.pg.js';
import type { ImageListQuery, ImageUpdate, ImageUploadMetadata } from './images.schemas.js';
import type { PreparedUpload } from './images.service.js';
import type {
  ImageCheck,
  ImageCreateOptions,
  ImageFileUser,
  ImageInput,
  ImagePage,
  ImageRecord,
  ImagesStore,
  StoredFile,
} from './images.store.js';

// The images on PostgreSQL, as images.sqlite.ts on SQLite. `createPgImagesRepository` holds the operations, each
// on the runner it is given (the pool for a read, the caller's transaction for a write), so that other PostgreSQL
// code runs them inside its own transaction (a bulk import writes through create, update and setFile);
// `createPgImagesStore` is the ImagesStore over them, each write one transaction through pgWrite. create, update
// and delete are the one write path of an image, whichever door (route, import) a write comes in by.
// The article render memo learns of image writes from the change feed (db/pg-change-feed.ts), which sees every
// committed write made through pgWrite, by this instance or another: nothing here needs to tell it.

const SORT_COLUMNS = {
  createdAt: { column: images.createdAt.name, nullable: false },
  updatedAt: { column: images.updatedAt.name, nullable: false },
};
const SORT_FIELDS = { createdAt: images.createdAt, updatedAt: images.updatedAt };

/** Every write bumps the version and moves updatedAt forward even when the clock has stepped back: the ETag. */
const bump = (now: number) => ({
  version: sql`${images.version} + 1`,
  updatedAt: sql`greatest(${now}::bigint, ${images.updatedAt} + 1)`,
});

/** `_db`: the database whose transactions (or pool) the methods are given; each method takes its runner. */
export function createPgImagesRepository(_db: PgDb) {
  const lookups = pgKeyedLookups<ImageRecord>(images, imageColumns);
  const { findById } = lookups;

  async function get(tx: PgRunner, id: string): Promise<ImageRecord> {
    const row = await findById(tx, id);
    if (!row) throw problems.notFound('image', id);
    return row;
  }

  /** The row a write will change, locked until its transaction ends (If-Match is then a compare-and-set). */
  async function lock(tx: PgTx, id: string): Promise<ImageRecord> {
    const rows = pgStorable(id)
      ? await tx.select(imageColumns).from(images).where(eq(images.id, id)).for('update')
      : [];
    if (!rows[0]) throw problems.notFound('image', id);
    return rows[0];
  }

  async function isFileUsed(tx: PgRunner, fileName: string): Promise<boolean> {
    if (!pgStorable(fileName)) return false;
    const rows = await tx.select({ one: sql<number>`1` }).from(images).where(eq(images.fileName, fileName)).limit(1);
    return rows.length > 0;
  }

  return {
    ...lookups,
    get,

    /** Inserts an image from a URL, or an upload whose file is already in place. Inside a transaction. */
    async create(tx: PgTx, input: ImageInput, options: ImageCreateOptions = {}): Promise<ImageRecord> {
      const now = options.now ?? Date.now();
      const id = newId(now);
      const file = options.file;
      const [row] = await tx
        .insert(images)
        .values({
          id,
          key: options.key ?? null,
          sourceUrl: input.sourceUrl ?? null,
          fileName: file?.fileName ?? null,
          altText: input.altText,
          caption: input.caption ?? null,
          credit: input.credit ?? null,
          creator: input.creator ?? null,
          copyrightNotice: input.copyrightNotice ?? null,
          focalX: input.focalPoint?.x ?? null,
          focalY: input.focalPoint?.y ?? null,
          width: file?.width ?? null,
          height: file?.height ?? null,
          mimeType: file?.mimeType ?? null,
          bytes: file?.bytes ?? null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        })
        .returning(imageColumns);
      await recordPgEvent(tx, 'image.created', id, now);
      return row!;
    },

    /** Applies a partial update; `check` runs on the current row, locked, first (If-Match). Inside a transaction. */
    async update(tx: PgTx, id: string, patch: ImageUpdate, check?: ImageCheck): Promise<ImageRecord> {
      const current = await lock(tx, id);
      check?.(current);
      const sourceUrl = patch.sourceUrl === undefined ? current.sourceUrl : patch.sourceUrl;
      if (sourceUrl === null && current.fileName === null) {
        throw problems.validation([
          { path: 'sourceUrl', message: 'cannot be null: this image has no uploaded file, its picture is sourceUrl' },
        ]);
      }
      const focal =
        patch.focalPoint === undefined
          ? { x: current.focalX, y: current.focalY }
          : { x: patch.focalPoint?.x ?? null, y: patch.focalPoint?.y ?? null };
      const now = Date.now();
      const [row] = await tx
        .update(images)
        .set({
          sourceUrl,
          altText: patch.altText ?? current.altText,
          caption: patch.caption === undefined ? current.caption : patch.caption,
          credit: patch.credit === undefined ? current.credit : patch.credit,
          creator: patch.creator === undefined ? current.creator : patch.creator,
          copyrightNotice: patch.copyrightNotice === undefined ? current.copyrightNotice : patch.copyrightNotice,
          focalX: focal.x,
          focalY: focal.y,
          ...bump(now),
        })
        .where(eq(images.id, id))
        .returning(imageColumns);
      await recordPgEvent(tx, 'image.updated', id, now);
      return row!;
    },

    /**
     * Points an image at another stored file (already in place), or at none (`null`: a URL image again), inside
     * a bulk import's transaction. Returns the file it used before: once the transaction has committed, pass it
     * to removeUnusedFiles so a picture no image uses does not stay in the media store.
     */
    async setFile(tx: PgTx, id: string, file: StoredFile | null): Promise<{ previousFile: string | null }> {
      const current = await lock(tx, id);
      await tx
        .update(images)
        .set({
          fileName: file?.fileName ?? null,
          width: file?.width ?? null,
          height: file?.height ?? null,
          mimeType: file?.mimeType ?? null,
          bytes: file?.bytes ?? null,
          ...bump(Date.now()),
        })
        .where(eq(images.id, id));
      return { previousFile: current.fileName };
    },

    /** Deletes an image no article uses (otherwise a 409 naming the articles). Inside a transaction. */
    async delete(tx: PgTx, id: string, check?: ImageCheck): Promise<{ row: ImageRecord; fileStillUsed: boolean }> {
      const current = await lock(tx, id);
      check?.(current);
      // An article being written with this image holds the row (its foreign key's lock) until it commits, so the
      // lock above waited for it and this read sees its link.
      const usedBy = await tx
        .select({ id: articles.id, slug: articles.slug })
        .from(articleImages)
        .innerJoin(articles, eq(articles.id, articleImages.articleId))
        .where(eq(articleImages.imageId, id))
        .orderBy(articles.id);
      if (usedBy.length > 0) throw problems.inUse('image', id, usedBy);
      await tx.delete(images).where(eq(images.id, id));
      await recordPgEvent(tx, 'image.deleted', id, Date.now(), { data: { id } });
      const fileStillUsed = current.fileName !== null && (await isFileUsed(tx, current.fileName));
      return { row: current, fileStillUsed };
    },

    /** Whether any image uses a stored file. */
    isFileUsed,

    /** The focal points of the images using a stored file, oldest first (several images may share one picture). */
    async fileUsers(tx: PgRunner, fileName: string): Promise<ImageFileUser[]> {
      if (!pgStorable(fileName)) return [];
      return tx
        .select({ focalX: images.focalX, focalY: images.focalY })
        .from(images)
        .where(eq(images.fileName, fileName))
        .orderBy(images.seq);
    },

    async list(tx: PgRunner, query: ImageListQuery): Promise<ImagePage> {
      const spec = parseSort(query.sort, SORT_COLUMNS);
      const field = (spec.desc ? spec.name.slice(1) : spec.name) as keyof typeof SORT_FIELDS;
      const column = SORT_FIELDS[field];
      const where: SQL[] = [];
      if (query.credit !== undefined) {
        // PostgreSQL's text cannot hold NUL: no stored credit has one.
        if (!pgStorable(query.credit)) return { rows: [], total: 0, nextCursor: null };
        where.push(eq(images.credit, query.credit));
      }
      if (query.q !== undefined) {
        const match = pgSearchQuery(query.q);
        if (match === null) return { rows: [], total: 0, nextCursor: null };
        where.push(pgMatches(images.search, match));
      }
      // Unfiltered, the total is the counter the triggers keep (migrations-pg 0002), as on SQLite (db/counts.ts).
      const total =
        where.length === 0
          ? ((await tx.select({ n: tableCounts.total }).from(tableCounts).where(eq(tableCounts.tableName, 'images')))[0]
              ?.n ?? 0)
          : ((
              await tx
                .select({ n: count() })
                .from(images)
                .where(and(...where))
            )[0]?.n ?? 0);
      const cursor = readCursor(query.cursor, spec);
      const pageWhere = cursor ? [...where, pgAfterCursor(column, images.id, spec, cursor)] : where;
      const rows = await tx
        .select(imageColumns)
        .from(images)
        .where(pageWhere.length > 0 ? and(...pageWhere) : undefined)
        .orderBy(...pgOrderBy(column, images.id, spec))
        .limit(query.limit + 1);
      const next = nextCursor(
        rows,
        query.limit,
        spec,
        (row) => row[field],
        (row) => row.id,
      );
      return { rows: rows.slice(0, query.limit), total, nextCursor: next };
    },
  };
}

export type PgImagesRepository = ReturnType<typeof createPgImagesRepository>;

/** The ImagesStore on PostgreSQL: reads on the pool, each write one transaction through pgWrite. */
export function createPgImagesStore(db: PgDb, repository = createPgImagesRepository(db)): ImagesStore {
  const { orm } = db;
  return {
    find: (id) => repository.findById(orm, id),
    get: (id) => repository.get(orm, id),
    findManyByIds: (ids) => repository.findManyByIds(orm, ids),
    list: (query) => repository.list(orm, query),
    create: (input, options) => pgWrite(db, (tx) => repository.create(tx, input, options)),
    update: (id, patch, check) => pgWrite(db, (tx) => repository.update(tx, id, patch, check)),
    delete: (id, check) => pgWrite(db, (tx) => repository.delete(tx, id, check)),
    isFileUsed: (fileName) => repository.isFileUsed(orm, fileName),
    fileUsers: (fileName) => repository.fileUsers(orm, fileName),
  };
}

/**
 * The import's part of an upload, inside its transaction: the row of a picture the images service has already
 * stored (prepareFile), as images.sqlite.ts createImportUploads. Its pin is released, and its file removed if no
 * row ended up using it, by the service's discardPrepared, which the import calls for every prepared upload once
 * its transaction has ended.
 */
export function createPgImportUploads(images: Pick<PgImagesRepository, 'create'>) {
  return {
    commitPrepared(
      tx: PgTx,
      prepared: PreparedUpload,
      metadata: ImageUploadMetadata,
      options: Omit<ImageCreateOptions, 'file'> = {},
    ): Promise<ImageRecord> {
      return images.create(tx, metadata, { ...options, file: prepared });
    },
  };
}

export type PgImportUploads = ReturnType<typeof createPgImportUploads>;
