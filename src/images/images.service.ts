import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { problems } from '../http/problems.js';
import { loadSharp } from '../media/lazy-modules.js';
import { exifHasGps, removeLocation } from '../media/location-metadata.js';
import { PICTURE_FORMATS, type PictureFormat } from '../media/media.formats.js';
import type { MediaStore, UploadSource } from '../media/media.store.js';
import { inspectPicture } from '../media/picture-inspect.js';
import type { ImageRecord, ImagesRepository, StoredFile } from './images.repository.js';
import type { ImageUploadMetadata } from './images.schemas.js';

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
 * removed only after the last row using it is gone. Both steps are synchronous (rename + insert, delete +
 * unlink), so in this single-threaded process no other request can run between them.
 */
export function createImagesService(deps: {
  images: ImagesRepository;
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

  /**
   * Moves the prepared file into place and inserts the row. Synchronous, so a bulk import may call it inside its
   * transaction; if that transaction then rolls back, pass the file names to removeUnusedFiles.
   */
  function commitPrepared(
    prepared: PreparedUpload,
    metadata: ImageUploadMetadata,
    options: { key?: string | null; now?: number } = {},
  ): ImageRecord {
    media.promote(prepared.tempPath, prepared.fileName);
    try {
      return images.create(metadata, { ...options, file: prepared });
    } catch (error) {
      if (!images.isFileUsed(prepared.fileName)) media.remove(prepared.fileName);
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
        return commitPrepared(prepared, metadata, options);
      } finally {
        await media.discard(prepared.tempPath);
      }
    },

    /** Deletes an image (409 while an article uses it), then its file and renditions once no image uses them. */
    delete(id: string, check?: (current: ImageRecord) => void): void {
      const { row, fileStillUsed } = images.delete(id, check);
      if (row.file_name && !fileStillUsed) removeFile(row.file_name);
    },

    /** Removes the files no image uses any more, e.g. after a bulk import's transaction rolled back. */
    removeUnusedFiles(fileNames: Iterable<string>): void {
      for (const fileName of fileNames) if (!images.isFileUsed(fileName)) removeFile(fileName);
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
