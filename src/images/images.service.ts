import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { problems } from '../http/problems.js';
import { loadSharp } from '../media/lazy-modules.js';
import { exifHasGps, removeLocation } from '../media/location-metadata.js';
import { PICTURE_FORMATS, type PictureFormat } from '../media/media.formats.js';
import type { MediaFiles, UploadSource } from '../media/media.store.js';
import { inspectPicture } from '../media/picture-inspect.js';
import type { ImageUploadMetadata } from './images.schemas.js';
import type { ImageRecord, ImagesStore, StoredFile } from './images.store.js';

/**
 * An upload checked, cleaned and stored under its name, waiting for commitPrepared to write its row (or for
 * discardPrepared, which removes the file if no row uses it). `tempPath` is where it was received.
 */
export type PreparedUpload = StoredFile & { tempPath: string; format: PictureFormat };

export type ImagesService = ReturnType<typeof createImagesService>;

type Logger = { warn: (object: object, message: string) => void };

/**
 * Uploads and deletions: what touches both the database and the stored files (media.store.ts). The HTTP route and
 * the bulk import call the same functions, so a picture is checked, cleaned and stored the same way whichever
 * door it comes in by.
 *
 * Ordering keeps files and rows consistent with a store that answers asynchronously (a bucket): a picture is
 * stored when it is prepared, before its row is written, and removed only once no row uses it. Between the two,
 * the file is pinned: a deletion of another image that uses the same picture (names are content hashes) leaves
 * it in place. The pins, and the order of stores and removals of one name, hold within this process.
 */
export function createImagesService(deps: {
  images: ImagesStore;
  media: MediaFiles;
  /** Largest upload in bytes (UPLOAD_LIMIT). */
  uploadLimit: number;
  /** Largest picture in pixels (all frames); refuses decompression bombs. */
  maxPixels?: number;
  log?: Logger;
}) {
  const { images, media, uploadLimit } = deps;
  /** Prepared uploads not yet committed or discarded, by file name: their file must not be removed. */
  const pins = new Map<string, number>();
  const pinned = new WeakSet<PreparedUpload>();
  /** The store operations of one name, run in order: a removal and a store of the same picture never overlap. */
  const queues = new Map<string, Promise<void>>();

  function inOrder(fileName: string, task: () => Promise<void>): Promise<void> {
    const previous = queues.get(fileName);
    // With nothing queued the task starts at once: with local files, a removal then happens in the same tick as
    // the database check before it (media.local.ts does its file work before its first await).
    const run = previous ? previous.then(task, task) : task();
    const tail = run.catch(() => undefined);
    queues.set(fileName, tail);
    void tail.then(() => {
      if (queues.get(fileName) === tail) queues.delete(fileName);
    });
    return run;
  }

  function unpin(prepared: PreparedUpload): void {
    if (!pinned.delete(prepared)) return;
    const count = (pins.get(prepared.fileName) ?? 1) - 1;
    if (count > 0) pins.set(prepared.fileName, count);
    else pins.delete(prepared.fileName);
  }

  /** Checks a received temp file, removes location metadata and names it by content; the temp file is removed on error. */
  async function prepareReceived(tempPath: string): Promise<PreparedUpload> {
    try {
      const bytes = await fs.promises.readFile(tempPath);
      const info = await inspectPicture(bytes, { maxPixels: deps.maxPixels });
      if (removeLocation(bytes, info.format)) await fs.promises.writeFile(tempPath, bytes);
      // Checked on what the decoder itself reads, in case GPS sits where the in-place scrubber does not look.
      const sharp = await loadSharp();
      const { exif } = await sharp(bytes).metadata();
      if (exifHasGps(exif)) throw problems.locationNotRemovable();
      const hash = createHash('sha256').update(bytes).digest('hex');
      const prepared: PreparedUpload = {
        tempPath,
        format: info.format,
        fileName: `${hash}.${PICTURE_FORMATS[info.format].ext}`,
        mimeType: info.mimeType,
        width: info.width,
        height: info.height,
        bytes: bytes.length,
      };
      pins.set(prepared.fileName, (pins.get(prepared.fileName) ?? 0) + 1);
      pinned.add(prepared);
      try {
        await inOrder(prepared.fileName, () => media.put(prepared.fileName, tempPath));
      } catch (error) {
        unpin(prepared);
        throw error;
      }
      return prepared;
    } catch (error) {
      await media.discard(tempPath);
      throw error;
    }
  }

  /** Receives a file (stream, bytes or path) into a temp file within the upload limit, then prepares it. */
  async function prepareFile(source: UploadSource): Promise<PreparedUpload> {
    const received = await media.receive(source, uploadLimit);
    return prepareReceived(received.path);
  }

  /**
   * Inserts the row of a prepared (already stored) upload. Once the row is written the file is no longer pinned:
   * the row keeps it.
   */
  async function commitPrepared(
    prepared: PreparedUpload,
    metadata: ImageUploadMetadata,
    options: { key?: string | null; now?: number } = {},
  ): Promise<ImageRecord> {
    try {
      return await images.create(metadata, { ...options, file: prepared });
    } finally {
      unpin(prepared);
    }
  }

  /**
   * Ends a prepared upload, committed or not: its temp file is removed, and its stored file too when no image
   * uses it (an upload refused after it was stored, a failed insert).
   */
  async function discardPrepared(prepared: PreparedUpload): Promise<void> {
    unpin(prepared);
    await media.discard(prepared.tempPath);
    if (!pins.has(prepared.fileName) && !(await images.isFileUsed(prepared.fileName)))
      await removeFile(prepared.fileName);
  }

  return {
    prepareFile,
    prepareReceived,
    commitPrepared,
    discardPrepared,

    /**
     * The whole upload in one call, for code that has a file rather than a request (bulk import, scripts):
     * `createFromFile({ path }, { altText: '' }, { key: 'kim-meets-soldiers' })`.
     */
    async createFromFile(
      source: UploadSource,
      metadata: ImageUploadMetadata,
      options: { key?: string | null; now?: number } = {},
    ): Promise<ImageRecord> {
      const prepared = await prepareFile(source);
      try {
        return await commitPrepared(prepared, metadata, options);
      } finally {
        await discardPrepared(prepared);
      }
    },

    /** Deletes an image (409 while an article uses it), then its file and renditions once no image uses them. */
    async delete(id: string, check?: (current: ImageRecord) => void): Promise<void> {
      const { row, fileStillUsed } = await images.delete(id, check);
      if (row.fileName && !fileStillUsed && !pins.has(row.fileName)) await removeFile(row.fileName);
    },

    /** Removes the files no image uses any more, e.g. after a bulk import's transaction rolled back. */
    async removeUnusedFiles(fileNames: Iterable<string>): Promise<void> {
      for (const fileName of new Set(fileNames)) {
        if (!pins.has(fileName) && !(await images.isFileUsed(fileName))) await removeFile(fileName);
      }
    },
  };

  /** Never rejects: the row is gone, so the file is unreachable (the media route checks the database). */
  async function removeFile(fileName: string): Promise<void> {
    try {
      await inOrder(fileName, () => media.remove(fileName));
    } catch (error) {
      deps.log?.warn({ err: error, fileName }, 'could not remove a media file');
    }
  }
}
