import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { problems } from '../http/problems.js';
import { MEDIA_FILE_NAME } from './media.formats.js';
import { createFileCache, type FileCache } from './send-file.js';

/** What an upload can come from: a stream (a multipart part), a file path (bulk import) or bytes. */
export type UploadSource = Readable | Buffer | { path: string };

/** Bytes `start` to `end`, both included (as in a `Range` header). */
export type ByteRange = { start: number; end: number };

/** A stored file opened for serving: its size and time, then its bytes once (whole or a range). */
export type MediaObject = {
  size: number;
  /** Milliseconds since the epoch: when the file was stored (Last-Modified). */
  modifiedAt: number;
  /** A stream of the bytes in `range`; it releases the file when it ends or fails. */
  stream(range: ByteRange): Promise<Readable>;
  /** All the bytes (for files small enough to keep in memory). */
  readAll(): Promise<Buffer>;
  /** Releases the file when no stream was taken (harmless after one). */
  close(): Promise<void>;
};

/**
 * The uploaded pictures and their renditions, wherever they are kept: files under DATA_DIR/media
 * (media.local.ts) or objects in an S3 bucket (media.s3.ts). Originals are named by content hash
 * (`MEDIA_FILE_NAME`), so storing a name again stores the same bytes; renditions are named by their original and
 * what they were made with (renditions.ts). Whether a file may be served is the database's answer (the media
 * route asks it first): a store only keeps bytes.
 *
 * Uploads and renditions are first written to local temp files (under DATA_DIR/media/tmp with either store):
 * pictures are checked, cleaned and hashed there before they are stored under their name.
 */
export interface MediaFiles {
  /** `files` or `bucket`: what /ready names when the store does not answer. */
  readonly kind: 'files' | 'bucket';
  /** Renditions served from memory (none when RENDER_CACHE is false); a removed picture's are forgotten. */
  readonly renditionCache: FileCache | undefined;

  /** A fresh temp file path (not created). */
  tempPath(suffix?: string): string;
  /**
   * Copies an upload into a temp file, refusing it (413) past `limit` bytes. On any failure the partial file is
   * removed before the error is thrown.
   */
  receive(source: UploadSource, limit: number): Promise<{ path: string; bytes: number }>;
  /** Removes a temp file (nothing when it is gone: put may have moved it). */
  discard(tempPath: string): Promise<void>;

  /** Stores a finished temp file as the original `fileName`; the caller still discards the temp path. */
  put(fileName: string, tempPath: string): Promise<void>;
  /** The original opened for serving; null when there is none. */
  open(fileName: string): Promise<MediaObject | null>;
  /** The original's bytes in a local file for the decoder; null when there is none. Release it when done. */
  localCopy(fileName: string): Promise<{ path: string; release(): Promise<void> } | null>;
  /** Removes an original and all its renditions. */
  remove(fileName: string): Promise<void>;

  /** Whether the rendition `name` of `fileName` is stored. */
  hasRendition(fileName: string, name: string): Promise<boolean>;
  /** Stores a finished temp file as a rendition of `fileName`; the caller still discards the temp path. */
  putRendition(fileName: string, name: string, tempPath: string): Promise<void>;
  /** A rendition opened for serving; null when there is none. */
  openRendition(fileName: string, name: string): Promise<MediaObject | null>;

  /** Resolves when the store answers (GET /ready); rejects otherwise. */
  ping(): Promise<void>;
  /** Releases connections (the app's close). */
  close(): Promise<void>;
}

/** Renditions served from memory: up to this many bytes in all (0: none), and files up to `maxFileBytes`. */
export type RenditionCacheOptions = { maxBytes: number; maxFileBytes?: number };

export function createRenditionCache(options: RenditionCacheOptions | undefined): FileCache | undefined {
  const { maxBytes, maxFileBytes } = options ?? { maxBytes: 32 * 1024 ** 2 };
  return maxBytes > 0 ? createFileCache({ maxBytes, maxFileBytes: maxFileBytes ?? 1024 ** 2 }) : undefined;
}

/** The key of a rendition in the memory cache, and the prefix of all of a picture's: `<hash>/<name>`. */
export function renditionKey(fileName: string, name = ''): string {
  return `${hashOf(fileName)}/${name}`;
}

/** Defence in depth: names come from the database or have passed the same pattern in the route. */
export function checkedName(fileName: string): string {
  if (!MEDIA_FILE_NAME.test(fileName)) throw new Error(`not a media file name: ${fileName}`);
  return fileName;
}

export function hashOf(fileName: string): string {
  return checkedName(fileName).slice(0, 64);
}

/** A rendition's name (renditions.ts renditionFileName) checked before it comes near a path or a key. */
export function checkedRenditionName(name: string): string {
  if (!/^[a-z0-9_-]+\.(jpg|png|webp|gif|avif)$/.test(name)) throw new Error(`not a rendition name: ${name}`);
  return name;
}

/** Temporary files older than this are left-overs of a crash and removed at start. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Temp files in `dir`: uploads are received here within their limit, and renditions are made here. Shared by both
 * stores; a crash's left-overs are removed when it is created.
 */
export function createTempFiles(dir: string) {
  fs.mkdirSync(dir, { recursive: true });
  removeStaleTemps(dir);

  function tempPath(suffix = ''): string {
    return path.join(dir, `${process.pid}-${randomBytes(12).toString('hex')}${suffix}`);
  }

  return {
    dir,
    tempPath,

    async receive(source: UploadSource, limit: number): Promise<{ path: string; bytes: number }> {
      const target = tempPath();
      let bytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          if (bytes > limit) done(problems.tooLarge(limit, 'upload'));
          else done(null, chunk);
        },
      });
      const input =
        source instanceof Readable
          ? source
          : Buffer.isBuffer(source)
            ? Readable.from([source])
            : fs.createReadStream(source.path);
      const output = fs.createWriteStream(target, { flags: 'wx' });
      try {
        await pipeline(input, counter, output);
        // NOTE: busboy ends a file part early (without an error) once its own fileSize limit is reached.
        if ((input as Readable & { truncated?: boolean }).truncated) throw problems.tooLarge(limit, 'upload');
      } catch (error) {
        // NOTE: a pipeline that fails at once (a body cut short) can reject while the write stream is still
        // opening its file: removed before it is closed, the file would be created afterwards and left behind.
        if (!output.closed) await new Promise<void>((resolve) => output.once('close', () => resolve()));
        await fs.promises.rm(target, { force: true });
        throw error;
      }
      return { path: target, bytes };
    },

    async discard(file: string): Promise<void> {
      await fs.promises.rm(file, { force: true });
    },
  };
}

function removeStaleTemps(tmpDir: string): void {
  const now = Date.now();
  for (const name of fs.readdirSync(tmpDir)) {
    const file = path.join(tmpDir, name);
    try {
      if (now - fs.statSync(file).mtimeMs > STALE_TEMP_MS) fs.rmSync(file, { force: true });
    } catch {
      // Gone already (another process cleaning up): nothing to do.
    }
  }
}
