import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { problems } from '../http/problems.js';
import { loadSharp } from '../media/lazy-modules.js';
import { exifHasGps, removeLocation } from '../media/location-metadata.js';
import { PICTURE_FORMATS, type PictureFormat } from '../media/media.formats.js';
import type { MediaStore, UploadSource } from '../media/media.store.js';
import { inspectPicture } from '../media/picture-inspect.js';
import type { ImageUploadMetadata } from './images.schemas.js';
import type { ImageRecord, ImagesStore, StoredFile } from './images.store.js';

/** An upload checked and cleaned, waiting in a temp file for commitPrepared (or discardPrepared). */
export type PreparedUpload = StoredFile & { tempPath: string; format: PictureFormat };

export type ImagesService = ReturnType<typeof createImagesService>;

type Logger = { warn: (object: object, message: string) => void };

/**
 * Uploads and deletions: what touches both the database and the files under DATA_DIR/media. The HTTP route and
 * the bulk import call the same functions, so a picture is checked, cleaned and stored the same way whichever
 * door it comes in by.
 *
 * Ordering keeps files and rows consistent: a file is renamed into place before its row is committed, and
 * removed only after the last row using it is gone. A bulk import, which writes inside its own transaction, takes
 * the same steps synchronously (createImportUploads in images.sqlite.ts).
 */
export function createImagesService(deps: {
  images: ImagesStore;
  media: MediaStore;
  /** Largest upload in bytes (UPLOAD_LIMIT). */
  uploadLimit: number;
  /** Largest picture in pixels (all frames); refuses decompression bombs. */
  maxPixels?: number;
  log?: Logger;
}) {
  const { images, media, uploadLimit } = deps;

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
      return {
        tempPath,
        format: info.format,
        fileName: `${hash}.${PICTURE_FORMATS[info.format].ext}`,
        mimeType: info.mimeType,
        width: info.width,
        height: info.height,
        bytes: bytes.length,
      };
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

  /** Moves the prepared file into place, then inserts the row; the file goes again if the write fails. */
  async function commitPrepared(
    prepared: PreparedUpload,
    metadata: ImageUploadMetadata,
    options: { key?: string | null; now?: number } = {},
  ): Promise<ImageRecord> {
    media.promote(prepared.tempPath, prepared.fileName);
    try {
      return await images.create(metadata, { ...options, file: prepared });
    } catch (error) {
      if (!(await images.isFileUsed(prepared.fileName))) media.remove(prepared.fileName);
      throw error;
    }
  }

  return {
    prepareFile,
    prepareReceived,
    commitPrepared,

    /** Drops a prepared upload that will not be committed. */
    async discardPrepared(prepared: PreparedUpload): Promise<void> {
      await media.discard(prepared.tempPath);
    },

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
        await media.discard(prepared.tempPath);
      }
    },

    /** Deletes an image (409 while an article uses it), then its file and renditions once no image uses them. */
    async delete(id: string, check?: (current: ImageRecord) => void): Promise<void> {
      const { row, fileStillUsed } = await images.delete(id, check);
      if (row.fileName && !fileStillUsed) removeFile(row.fileName);
    },
  };

  function removeFile(fileName: string): void {
    try {
      media.remove(fileName);
    } catch (error) {
      // The row is gone, so the file is unreachable (the media route checks the database): log, do not fail.
      deps.log?.warn({ err: error, fileName }, 'could not remove a media file');
    }
  }
}
