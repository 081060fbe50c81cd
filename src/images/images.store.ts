import type { images } from '../db/schema.js';
import type { ImageCreate, ImageListQuery, ImageUpdate, ImageUploadMetadata } from './images.schemas.js';

/** An image as stored (camelCase, inferred from src/db/schema.ts). */
export type ImageRecord = typeof images.$inferSelect;

/** The stored file of an upload, as the media store and inspection describe it. */
export type StoredFile = { fileName: string; mimeType: string; width: number; height: number; bytes: number };

/** What an image is made from: a URL (ImageCreate) or the metadata of an upload. */
export type ImageInput = ImageCreate | ImageUploadMetadata;

export type ImageCreateOptions = {
  /** The bundle key an import matched it by; null for an image made through the API. */
  key?: string | null;
  now?: number;
  /** An upload's file, already in place under its content name. */
  file?: StoredFile;
};

/** Runs inside the write on the current row, e.g. the If-Match check; throws to refuse the write. */
export type ImageCheck = (current: ImageRecord) => void;

export type ImagePage = { rows: ImageRecord[]; total: number; nextCursor: string | null };

/** An image using a stored file, as far as serving the file is concerned (its crops follow the focal point). */
export type ImageFileUser = Pick<ImageRecord, 'focalX' | 'focalY'>;

/**
 * The images, whatever the engine: every method is one whole operation, atomic inside the implementation (on
 * SQLite one transaction through db.writer, see src/db/README.md). Unknown ids are the contract's 404.
 */
export interface ImagesStore {
  find(id: string): Promise<ImageRecord | undefined>;
  /** The image, or the 404 problem. */
  get(id: string): Promise<ImageRecord>;
  /** Every image named that exists, by id, in one query. */
  findManyByIds(ids: readonly string[]): Promise<Map<string, ImageRecord>>;
  /** A page of the list and the list's total. */
  list(query: ImageListQuery): Promise<ImagePage>;
  create(input: ImageInput, options?: ImageCreateOptions): Promise<ImageRecord>;
  /** A partial update; `check` runs on the current row inside the write (If-Match). */
  update(id: string, patch: ImageUpdate, check?: ImageCheck): Promise<ImageRecord>;
  /**
   * Deletes an image no article uses (otherwise the 409 naming the articles). Answers the deleted row and whether
   * another image still uses its file, so the caller knows whether the file may go.
   */
  delete(id: string, check?: ImageCheck): Promise<{ row: ImageRecord; fileStillUsed: boolean }>;
  /** Whether any image uses a stored file. */
  isFileUsed(fileName: string): Promise<boolean>;
  /** The images using a stored file, oldest first (several images may share one picture). */
  fileUsers(fileName: string): Promise<ImageFileUser[]>;
}
