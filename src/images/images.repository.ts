import type { Db } from '../db/client.js';
import { makeEtag } from '../shared/etag.js';
import { toIso } from '../shared/time.js';
import type { Image } from './images.schemas.js';

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

/** The public URL of an uploaded file. */
export function mediaUrl(row: Pick<ImageRecord, 'file_name' | 'version'>): string {
  return `/media/${row.file_name}?v=${row.version}`;
}

export function toImage(row: ImageRecord): Image {
  return {
    id: row.id,
    url: row.file_name ? mediaUrl(row) : (row.source_url ?? ''),
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

export function createImagesRepository(db: Db) {
  const sqlite = db.$client;
  const byId = sqlite.prepare<[string], ImageRecord>(`SELECT ${IMAGE_COLUMNS} FROM images WHERE id = ?`);
  const byIds = sqlite.prepare<[string], ImageRecord>(
    `SELECT ${IMAGE_COLUMNS} FROM images WHERE id IN (SELECT value FROM json_each(?))`,
  );

  return {
    findById: (id: string): ImageRecord | undefined => byId.get(id),

    /** Every image named, in one query: what an article's lead image and image blocks resolve to. */
    findManyByIds(ids: readonly string[]): Map<string, ImageRecord> {
      const found = new Map<string, ImageRecord>();
      if (ids.length === 0) return found;
      for (const row of byIds.all(JSON.stringify([...new Set(ids)]))) found.set(row.id, row);
      return found;
    },
  };
}

export type ImagesRepository = ReturnType<typeof createImagesRepository>;
