import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { problems } from '../http/problems.js';
import { MEDIA_FILE_NAME } from './media.formats.js';
import { createFileCache } from './send-file.js';

/**
 * The files under DATA_DIR/media: originals named by content hash at the top, renditions in
 * `renditions/<hash>/`, and `tmp/` for files being written. Everything is written to tmp/ first and renamed
 * into place (same file system, so the rename is atomic): a reader never sees half a file, and a failed upload
 * leaves nothing behind.
 */
export type MediaStore = ReturnType<typeof createMediaStore>;

/** What an upload can come from: a stream (a multipart part), a file path (bulk import) or bytes. */
export type UploadSource = Readable | Buffer | { path: string };

/** Temporary files older than this are left-overs of a crash and removed at start. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** Renditions served from memory: up to this many bytes in all (0: none), and files up to `maxFileBytes`. */
export type RenditionCacheOptions = { maxBytes: number; maxFileBytes?: number };

export function createMediaStore(options: { dir: string; renditionCache?: RenditionCacheOptions }) {
  const root = path.resolve(options.dir);
  const cacheOptions = options.renditionCache ?? { maxBytes: 32 * 1024 ** 2 };
  // Hot renditions (the sizes every page view asks for) are kept in memory; a file removed through remove() is
  // forgotten with it.
  const renditionCache =
    cacheOptions.maxBytes > 0
      ? createFileCache({ maxBytes: cacheOptions.maxBytes, maxFileBytes: cacheOptions.maxFileBytes ?? 1024 ** 2 })
      : undefined;
  const tmpDir = path.join(root, 'tmp');
  const renditionsRoot = path.join(root, 'renditions');
  fs.mkdirSync(tmpDir, { recursive: true });
  fs.mkdirSync(renditionsRoot, { recursive: true });
  removeStaleTemps(tmpDir);

  function checkedName(fileName: string): string {
    // Defence in depth: names come from the database or have passed the same pattern in the route.
    if (!MEDIA_FILE_NAME.test(fileName)) throw new Error(`not a media file name: ${fileName}`);
    return fileName;
  }

  function hashOf(fileName: string): string {
    return checkedName(fileName).slice(0, 64);
  }

  return {
    root,
    renditionCache,

    /** A fresh path in tmp/ (not created). */
    tempPath(suffix = ''): string {
      return path.join(tmpDir, `${process.pid}-${randomBytes(12).toString('hex')}${suffix}`);
    },

    /**
     * Copies an upload into a temp file, refusing it (413) past `limit` bytes. On any failure the partial file is
     * removed before the error is thrown.
     */
    async receive(source: UploadSource, limit: number): Promise<{ path: string; bytes: number }> {
      const target = this.tempPath();
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

    originalPath(fileName: string): string {
      return path.join(root, checkedName(fileName));
    },

    renditionDir(fileName: string): string {
      return path.join(renditionsRoot, hashOf(fileName));
    },

    /**
     * Moves a finished temp file into place as `fileName`. Synchronous on purpose: callers run it in the same
     * tick as the database write (see images.service.ts), so no delete can slip in between.
     */
    promote(tempPath: string, fileName: string): void {
      fs.renameSync(tempPath, this.originalPath(fileName));
    },

    /** Removes an original and its renditions (synchronous for the same reason as promote). */
    remove(fileName: string): void {
      fs.rmSync(this.originalPath(fileName), { force: true });
      fs.rmSync(this.renditionDir(fileName), { recursive: true, force: true });
      renditionCache?.forgetUnder(`${this.renditionDir(fileName)}${path.sep}`);
    },

    async discard(tempPath: string): Promise<void> {
      await fs.promises.rm(tempPath, { force: true });
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
