import { eq, getTableColumns, sql } from 'drizzle-orm';
import { param, recordColumns } from '../db/builder.js';
import type { Db } from '../db/client.js';
import { totalSql } from '../db/counts.js';
import { keyedLookups } from '../db/keyed-lookups.js';
import { referencesChanged } from '../db/reference-generation.js';
import { articleImages, articles, images } from '../db/schema.js';
import { statementCache } from '../db/statements.js';
import { problems } from '../http/problems.js';
import { toFtsQuery } from '../shared/fts.js';
import { newId } from '../shared/ids.js';
import { afterCursor, nextCursor, orderBy, parseSort, readCursor } from '../shared/keyset.js';
import { createOutbox } from '../webhooks/outbox.js';
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

// The images on SQLite. `createImagesRepository` holds the statements, prepared once, and the synchronous
// operations that other SQLite code runs inside its own transaction (an article's resolution reads
// findManyByIds, a bulk import writes through create, update and setFile); `createSqliteImagesStore` is the
// ImagesStore over them, each write one transaction through db.writer. create, update and delete are the one
// write path of an image, whichever door (route, import) a write comes in by.

const ph = (name: string) => sql.placeholder(name);

/** The list's SELECT list: every column under its record name, so a raw row is an ImageRecord. */
const RECORD_COLUMNS = recordColumns(images);

const SORT_COLUMNS = {
  createdAt: { column: images.createdAt.name, nullable: false },
  updatedAt: { column: images.updatedAt.name, nullable: false },
};

export function createImagesRepository(db: Db) {
  const { orm, $client: sqlite } = db;
  const stmt = statementCache(sqlite);
  // Webhook events are recorded in each write's transaction (see webhooks/outbox.ts).
  const outbox = createOutbox(sqlite);

  const lookups = keyedLookups(db, images);
  const { findById } = lookups;
  const insert = orm
    .insert(images)
    .values({
      id: ph('id'),
      key: ph('key'),
      sourceUrl: ph('sourceUrl'),
      fileName: ph('fileName'),
      altText: ph('altText'),
      caption: ph('caption'),
      credit: ph('credit'),
      creator: ph('creator'),
      copyrightNotice: ph('copyrightNotice'),
      focalX: ph('focalX'),
      focalY: ph('focalY'),
      width: ph('width'),
      height: ph('height'),
      mimeType: ph('mimeType'),
      bytes: ph('bytes'),
      version: 1,
      createdAt: ph('now'),
      updatedAt: ph('now'),
    })
    .returning()
    .prepare();
  // Every write bumps the version and moves updatedAt forward even when the clock has stepped back: the ETag.
  const bump = {
    version: sql`${images.version} + 1`,
    updatedAt: sql`max(${ph('now')}, ${images.updatedAt} + 1)`,
  };
  const update = orm
    .update(images)
    .set({
      sourceUrl: param('sourceUrl'),
      altText: param('altText'),
      caption: param('caption'),
      credit: param('credit'),
      creator: param('creator'),
      copyrightNotice: param('copyrightNotice'),
      focalX: param('focalX'),
      focalY: param('focalY'),
      ...bump,
    })
    .where(eq(images.id, param('id')))
    .returning()
    .prepare();
  const updateFile = orm
    .update(images)
    .set({
      fileName: param('fileName'),
      width: param('width'),
      height: param('height'),
      mimeType: param('mimeType'),
      bytes: param('bytes'),
      ...bump,
    })
    .where(eq(images.id, param('id')))
    .prepare();
  const remove = orm
    .delete(images)
    .where(eq(images.id, ph('id')))
    .prepare();
  const users = orm
    .select({ id: articles.id, slug: articles.slug })
    .from(articleImages)
    .innerJoin(articles, eq(articles.id, articleImages.articleId))
    .where(eq(articleImages.imageId, ph('id')))
    .orderBy(articles.id)
    .prepare();
  const fileUsers = orm
    .select({ focalX: images.focalX, focalY: images.focalY })
    .from(images)
    .where(eq(images.fileName, ph('fileName')))
    .orderBy(images.seq)
    .prepare();
  const fileUsed = orm
    .select({ one: sql<number>`1` })
    .from(images)
    .where(eq(images.fileName, ph('fileName')))
    .limit(1)
    .prepare();

  function get(id: string): ImageRecord {
    const row = findById(id);
    if (!row) throw problems.notFound('image', id);
    return row;
  }

  const isFileUsed = (fileName: string): boolean => fileUsed.get({ fileName }) !== undefined;

  return {
    ...lookups,
    get,

    /** Inserts an image from a URL, or an upload whose file is already in place. Inside a transaction. */
    create(input: ImageInput, options: ImageCreateOptions = {}): ImageRecord {
      const now = options.now ?? Date.now();
      const id = newId(now);
      const file = options.file;
      const row = insert.get({
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
        now,
      });
      outbox.record('image.created', id, now);
      return row;
    },

    /** Applies a partial update; `check` runs on the current row first (If-Match). Inside a transaction. */
    update(id: string, patch: ImageUpdate, check?: ImageCheck): ImageRecord {
      const current = get(id);
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
      // The render memo of articles keys on article versions only: it learns of image edits here (see
      // db/reference-generation.ts; the connection's change count cannot tell them from article writes).
      referencesChanged(sqlite);
      const row = update.get({
        id,
        sourceUrl,
        altText: patch.altText ?? current.altText,
        caption: patch.caption === undefined ? current.caption : patch.caption,
        credit: patch.credit === undefined ? current.credit : patch.credit,
        creator: patch.creator === undefined ? current.creator : patch.creator,
        copyrightNotice: patch.copyrightNotice === undefined ? current.copyrightNotice : patch.copyrightNotice,
        focalX: focal.x,
        focalY: focal.y,
        now,
      })!;
      outbox.record('image.updated', id, now);
      return row;
    },

    /**
     * Points an image at another stored file (already in place), or at none (`null`: a URL image again), inside
     * a bulk import's transaction. Returns the file it used before: once the transaction has committed, pass it
     * to removeUnusedFiles so a picture no image uses does not stay on disk.
     */
    setFile(id: string, file: StoredFile | null): { previousFile: string | null } {
      const current = get(id);
      referencesChanged(sqlite);
      updateFile.run({
        id,
        fileName: file?.fileName ?? null,
        width: file?.width ?? null,
        height: file?.height ?? null,
        mimeType: file?.mimeType ?? null,
        bytes: file?.bytes ?? null,
        now: Date.now(),
      });
      return { previousFile: current.fileName };
    },

    /** Deletes an image no article uses (otherwise a 409 naming the articles). Inside a transaction. */
    delete(id: string, check?: ImageCheck): { row: ImageRecord; fileStillUsed: boolean } {
      const current = get(id);
      check?.(current);
      const usedBy = users.all({ id });
      if (usedBy.length > 0) throw problems.inUse('image', id, usedBy);
      referencesChanged(sqlite);
      remove.run({ id });
      outbox.record('image.deleted', id, Date.now(), { data: { id } });
      const fileStillUsed = current.fileName !== null && isFileUsed(current.fileName);
      return { row: current, fileStillUsed };
    },

    /** Whether any image uses a stored file. */
    isFileUsed,

    /** The focal points of the images using a stored file (several images may share one picture). */
    fileUsers: (fileName: string): ImageFileUser[] => fileUsers.all({ fileName }),

    list(query: ImageListQuery): ImagePage {
      // NOTE: raw SQL through the statement cache: the filters, the FTS5 MATCH and the keyset condition make a
      // handful of shapes, each prepared once, in the text the query-plan tests check (shared/keyset.ts).
      const spec = parseSort(query.sort, SORT_COLUMNS);
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.credit !== undefined) {
        where.push('credit = ?');
        params.push(query.credit);
      }
      if (query.q !== undefined) {
        const match = toFtsQuery(query.q);
        if (match === null) return { rows: [], total: 0, nextCursor: null };
        where.push('seq IN (SELECT rowid FROM images_fts WHERE images_fts MATCH ?)');
        params.push(match);
      }
      const count = totalSql('images', where, params);
      const total = (stmt(count.sql).get(...count.params) as { n: number }).n;
      const cursor = readCursor(query.cursor, spec);
      const pageWhere = [...where];
      const pageParams = [...params];
      if (cursor) {
        const after = afterCursor(spec, cursor);
        pageWhere.push(after.sql);
        pageParams.push(...after.params);
      }
      const text = `SELECT ${RECORD_COLUMNS} FROM images ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''} ${orderBy(spec)} LIMIT ?`;
      const rows = stmt(text).all(...pageParams, query.limit + 1) as ImageRecord[];
      const field = spec.desc ? spec.name.slice(1) : spec.name;
      const next = nextCursor(
        rows,
        query.limit,
        spec,
        (row) => row[field as keyof typeof SORT_COLUMNS],
        (row) => row.id,
      );
      return { rows: rows.slice(0, query.limit), total, nextCursor: next };
    },
  };
}

export type ImagesRepository = ReturnType<typeof createImagesRepository>;

/** The ImagesStore on SQLite: reads run at once, each write is one transaction through db.writer. */
export function createSqliteImagesStore(db: Db, repository = createImagesRepository(db)): ImagesStore {
  const { writer } = db;
  return {
    find: async (id) => repository.findById(id),
    get: async (id) => repository.get(id),
    findManyByIds: async (ids) => repository.findManyByIds(ids),
    list: async (query) => repository.list(query),
    create: (input, options) => writer.run(() => repository.create(input, options)),
    update: (id, patch, check) => writer.run(() => repository.update(id, patch, check)),
    delete: (id, check) => writer.run(() => repository.delete(id, check)),
    isFileUsed: async (fileName) => repository.isFileUsed(fileName),
    fileUsers: async (fileName) => repository.fileUsers(fileName),
  };
}

/**
 * The import's synchronous part of an upload, inside its transaction: the row of a picture the images service has
 * already stored (prepareFile). Its pin is released, and its file removed if no row ended up using it, by the
 * service's discardPrepared, which the import calls for every prepared upload once its transaction has ended.
 */
export function createImportUploads(images: Pick<ImagesRepository, 'create'>) {
  return {
    commitPrepared(
      prepared: PreparedUpload,
      metadata: ImageUploadMetadata,
      options: Omit<ImageCreateOptions, 'file'> = {},
    ): ImageRecord {
      return images.create(metadata, { ...options, file: prepared });
    },
  };
}

export type ImportUploads = ReturnType<typeof createImportUploads>;
