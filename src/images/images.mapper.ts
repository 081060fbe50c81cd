import { createHash } from 'node:crypto';
import { makeEtag } from '../shared/etag.js';
import { toIso } from '../shared/time.js';
import type { Image } from './images.schemas.js';
import type { ImageRecord } from './images.store.js';

// The stored record → the API's Image, explicitly, so no internal column (seq, key) can leak.

/**
 * The `v` of an upload's URL: a short hash of its focal point. Renditions are cached for good, so a crop made for
 * one focal point must never be served for another; a caption edit, though, keeps the URL (and the CDN's copies).
 */
export function mediaVersion(row: Pick<ImageRecord, 'focalX' | 'focalY'>): string {
  const focal = row.focalX === null || row.focalY === null ? 'none' : `${row.focalX},${row.focalY}`;
  return createHash('sha256').update(focal).digest('base64url').slice(0, 8);
}

/** The public URL of an uploaded file (relative to the API's origin). */
export function mediaUrl(row: Pick<ImageRecord, 'fileName' | 'focalX' | 'focalY'>): string {
  return `/media/${row.fileName}?v=${mediaVersion(row)}`;
}

/** Where an image's picture is served: this API's file URL for an upload, else its source URL. */
export function imageUrl(row: Pick<ImageRecord, 'fileName' | 'focalX' | 'focalY' | 'sourceUrl'>): string {
  return row.fileName ? mediaUrl(row) : (row.sourceUrl ?? '');
}

export function toImage(row: ImageRecord): Image {
  return {
    id: row.id,
    url: imageUrl(row),
    sourceUrl: row.sourceUrl,
    altText: row.altText,
    caption: row.caption,
    credit: row.credit,
    creator: row.creator,
    copyrightNotice: row.copyrightNotice,
    focalPoint: row.focalX === null || row.focalY === null ? null : { x: row.focalX, y: row.focalY },
    width: row.width,
    height: row.height,
    mimeType: row.mimeType,
    bytes: row.bytes,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

/** The one ETag of an image: its version (bumped by every write) and update time. */
export function imageEtag(row: Pick<ImageRecord, 'version' | 'updatedAt'>): string {
  return makeEtag('i', row.version, row.updatedAt);
}
