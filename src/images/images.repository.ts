import { createHash } from 'node:crypto';
import type { Db } from '../db/client.js';
import { totalSql } from '../db/counts.js';
import { referencesChanged } from '../db/reference-generation.js';
import { statementCache } from '../db/statements.js';
import { problems } from '../http/problems.js';
import { makeEtag } from '../shared/etag.js';
import { toFtsQuery } from '../shared/fts.js';
import { newId } from '../shared/ids.js';
import { afterCursor, nextCursor, orderBy, parseSort, readCursor } from '../shared/keyset.js';
import { toIso } from '../shared/time.js';
import { createOutbox } from '../webhooks/outbox.js';
import type { Image, ImageCreate, ImageListQuery, ImageUpdate, ImageUploadMetadata } from './images.schemas.js';

export type ImageRecord = {
  seq: number;
  id: string;
  key: string | null;
  source_url: string | null;
  file_name: string | null;
  alt_text: string;
  caption: string | null;
  credit: string | null;
  creator: string | null;
  copyright_notice: string | null;
  focal_x: number | null;
  focal_y: number | null;
  width: number | null;
  height: number | null;
  mime_type: string | null;
  bytes: number | null;
  version: number;
  created_at: number;
  updated_at: number;
};

export const IMAGE_COLUMNS =
  'seq, id, key, source_url, file_name, alt_text, caption, credit, creator, copyright_notice, focal_x, focal_y, width, height, mime_type, bytes, version, created_at, updated_at';

/**
 * The `v` of an upload's URL: a short hash of its focal point. Renditions are cached for good, so a crop made for
 * one focal point must never be served for another; a caption edit, though, keeps the URL (and the CDN's copies).
 */
export function mediaVersion(row: Pick<ImageRecord, 'focal_x' | 'focal_y'>): string {
  const focal = row.focal_x === null || row.focal_y === null ? 'none' : `${row.focal_x},${row.focal_y}`;
  return createHash('sha256').update(focal).digest('base64url').slice(0, 8);
}

/** The public URL of an uploaded file (relative to the API's origin). */
export function mediaUrl(row: Pick<ImageRecord, 'file_name' | 'focal_x' | 'focal_y'>): string {
  return `/media/${row.file_name}?v=${mediaVersion(row)}`;
}

/** Where an image's picture is served: this API's file URL for an upload, else its source URL. */
export function imageUrl(row: Pick<ImageRecord, 'file_name' | 'focal_x' | 'focal_y' | 'source_url'>): string {
  return row.file_name ? mediaUrl(row) : (row.source_url ?? '');
}

export function toImage(row: ImageRecord): Image {
  return {
    id: row.id,
    url: imageUrl(row),
    sourceUrl: row.source_url,
    altText: row.alt_text,
    caption: row.caption,
    credit: row.credit,
    creator: row.creator,
    copyrightNotice: row.copyright_notice,
    focalPoint: row.focal_x === null || row.focal_y === null ? null : { x: row.focal_x, y: row.focal_y },
    width: row.width,
    height: row.height,
    mimeType: row.mime_type,
    bytes: row.bytes,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export function imageEtag(row: Pick<ImageRecord, 'version' | 'updated_at'>): string {
  return makeEtag('i', row.version, row.updated_at);
}

/** The stored file of an upload, as the media store and inspection describe it. */
export type StoredFile = { fileName: string; mimeType: string; width: number; height: number; bytes: number };

const SORT_COLUMNS = {
  createdAt: { column: 'created_at', nullable: false },
  updatedAt: { column: 'updated_at', nullable: false },
};

type Metadata = ImageCreate | ImageUploadMetadata;

export function createImagesRepository(db: Db) {
  const sqlite = db.$client;
  const stmt = statementCache(sqlite);
  // Webhook events are recorded in each write's transaction (see webhooks/outbox.ts).
  const outbox = createOutbox(sqlite);
  const byId = sqlite.prepare<[string], ImageRecord>(`SELECT ${IMAGE_COLUMNS} FROM images WHERE id = ?`);
  const byKey = sqlite.prepare<[string], ImageRecord>(`SELECT ${IMAGE_COLUMNS} FROM images WHERE key = ?`);
  const byKeys = sqlite.prepare<[string], ImageRecord>(
    `SELECT ${IMAGE_COLUMNS} FROM images WHERE key IN (SELECT value FROM json_each(?))`,
  );
  const byIds = sqlite.prepare<[string], ImageRecord>(
    `SELECT ${IMAGE_COLUMNS} FROM images WHERE id IN (SELECT value FROM json_each(?))`,
  );
  const insert = sqlite.prepare(
    `INSERT INTO images (id, key, source_url, file_name, alt_text, caption, credit, creator, copyright_notice,
       focal_x, focal_y, width, height, mime_type, bytes, version, created_at, updated_at)
     VALUES (@id, @key, @sourceUrl, @fileName, @altText, @caption, @credit, @creator, @copyrightNotice,
       @focalX, @focalY, @width, @height, @mimeType, @bytes, 1, @now, @now)`,
  );
  const update = sqlite.prepare(
    `UPDATE images SET source_url = @sourceUrl, alt_text = @altText, caption = @caption, credit = @credit,
       creator = @creator, copyright_notice = @copyrightNotice, focal_x = @focalX, focal_y = @focalY,
       version = version + 1, updated_at = max(@now, updated_at + 1)
     WHERE id = @id`,
  );
  const setFileStatement = sqlite.prepare(
    `UPDATE images SET file_name = @fileName, width = @width, height = @height, mime_type = @mimeType,
       bytes = @bytes, version = version + 1, updated_at = max(@now, updated_at + 1)
     WHERE id = @id`,
  );
  const remove = sqlite.prepare<[string]>('DELETE FROM images WHERE id = ?');
  const users = sqlite.prepare<[string], { id: string; slug: string }>(
    'SELECT a.id, a.slug FROM article_images ai JOIN articles a ON a.id = ai.article_id WHERE ai.image_id = ? ORDER BY a.id',
  );
  const fileUsers = sqlite.prepare<[string], Pick<ImageRecord, 'focal_x' | 'focal_y'>>(
    'SELECT focal_x, focal_y FROM images WHERE file_name = ? ORDER BY seq',
  );
  const fileUsed = sqlite.prepare<[string], { one: number }>('SELECT 1 AS one FROM images WHERE file_name = ? LIMIT 1');

  function get(id: string): ImageRecord {
    const row = byId.get(id);
    if (!row) throw problems.notFound('image', id);
    return row;
  }

  return {
    findById: (id: string): ImageRecord | undefined => byId.get(id),
    get,

    /** The image a bundle named `key` (imports match images by key). */
    findByKey: (key: string): ImageRecord | undefined => byKey.get(key),

    /** The rows with these bundle keys, in one query (an import plans thousands of items at once). */
    findManyByKeys(keys: readonly string[]): Map<string, ImageRecord> {
      const found = new Map<string, ImageRecord>();
      if (keys.length === 0) return found;
      for (const row of byKeys.all(JSON.stringify([...new Set(keys)]))) found.set(row.key!, row);
      return found;
    },

    /** Every image named, in one query: what an article's lead image and image blocks resolve to. */
    findManyByIds(ids: readonly string[]): Map<string, ImageRecord> {
      const found = new Map<string, ImageRecord>();
      if (ids.length === 0) return found;
      for (const row of byIds.all(JSON.stringify([...new Set(ids)]))) found.set(row.id, row);
      return found;
    },

    /**
     * Inserts an image: from a URL (ImageCreate), or an upload whose file is already in place (`file`).
     * Synchronous, so it can run inside a caller's transaction (bulk import).
     */
    create(input: Metadata, options: { key?: string | null; now?: number; file?: StoredFile } = {}): ImageRecord {
      const now = options.now ?? Date.now();
      const id = newId(now);
      const file = options.file;
      // One transaction with its webhook event (a savepoint inside a caller's transaction).
      return sqlite.transaction(() => {
        insert.run({
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
        return get(id);
      })();
    },

    /** Applies a partial update; `check` runs inside the transaction on the current row (If-Match). */
    update(id: string, patch: ImageUpdate, check?: (current: ImageRecord) => void): ImageRecord {
      return sqlite.transaction(() => {
        const current = get(id);
        check?.(current);
        const sourceUrl = patch.sourceUrl === undefined ? current.source_url : patch.sourceUrl;
        if (sourceUrl === null && current.file_name === null) {
          throw problems.validation([
            { path: 'sourceUrl', message: 'cannot be null: this image has no uploaded file, its picture is sourceUrl' },
          ]);
        }
        const focal =
          patch.focalPoint === undefined
            ? { x: current.focal_x, y: current.focal_y }
            : { x: patch.focalPoint?.x ?? null, y: patch.focalPoint?.y ?? null };
        referencesChanged(sqlite);
        update.run({
          id,
          sourceUrl,
          altText: patch.altText ?? current.alt_text,
          caption: patch.caption === undefined ? current.caption : patch.caption,
          credit: patch.credit === undefined ? current.credit : patch.credit,
          creator: patch.creator === undefined ? current.creator : patch.creator,
          copyrightNotice: patch.copyrightNotice === undefined ? current.copyright_notice : patch.copyrightNotice,
          focalX: focal.x,
          focalY: focal.y,
          now: Date.now(),
        });
        outbox.record('image.updated', id, Date.now());
        return get(id);
      })();
    },

    /**
     * Points an image at another stored file (already in place), or at none (`null`: a URL image again). For a
     * bulk import that updates an image in place. Returns the file it used before: once the transaction has
     * committed, pass it to the service's removeUnusedFiles so a picture no image uses does not stay on disk.
     */
    setFile(id: string, file: StoredFile | null): { previousFile: string | null } {
      const current = get(id);
      referencesChanged(sqlite);
      setFileStatement.run({
        id,
        fileName: file?.fileName ?? null,
        width: file?.width ?? null,
        height: file?.height ?? null,
        mimeType: file?.mimeType ?? null,
        bytes: file?.bytes ?? null,
        now: Date.now(),
      });
      return { previousFile: current.file_name };
    },

    /**
     * Deletes an image no article uses (otherwise a 409 naming the articles). Returns the deleted row and whether
     * another image still uses its file, so the caller knows whether the file may go.
     */
    delete(id: string, check?: (current: ImageRecord) => void): { row: ImageRecord; fileStillUsed: boolean } {
      return sqlite.transaction(() => {
        const current = get(id);
        check?.(current);
        const usedBy = users.all(id);
        if (usedBy.length > 0) throw problems.inUse('image', id, usedBy);
        referencesChanged(sqlite);
        remove.run(id);
        outbox.record('image.deleted', id, Date.now(), { data: { id } });
        const fileStillUsed = current.file_name !== null && fileUsed.get(current.file_name) !== undefined;
        return { row: current, fileStillUsed };
      })();
    },

    /** Whether any image uses a stored file. */
    isFileUsed: (fileName: string): boolean => fileUsed.get(fileName) !== undefined,

    /** The focal points of the images using a stored file (several images may share one picture). */
    fileUsers: (fileName: string) => fileUsers.all(fileName),

    list(query: ImageListQuery) {
      const spec = parseSort(query.sort, SORT_COLUMNS);
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.credit !== undefined) {
        where.push('credit = ?');
        params.push(query.credit);
      }
      if (query.q !== undefined) {
        const match = toFtsQuery(query.q);
        if (match === null) return { rows: [] as ImageRecord[], total: 0, nextCursor: null };
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
      const sql = `SELECT ${IMAGE_COLUMNS} FROM images ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''} ${orderBy(spec)} LIMIT ?`;
      const rows = stmt(sql).all(...pageParams, query.limit + 1) as ImageRecord[];
      const next = nextCursor(
        rows,
        query.limit,
        spec,
        (row) => row[spec.column as keyof ImageRecord] as number,
        (row) => row.id,
      );
      return { rows: rows.slice(0, query.limit), total, nextCursor: next };
    },
  };
}

export type ImagesRepository = ReturnType<typeof createImagesRepository>;
