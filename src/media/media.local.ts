import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  checkedName,
  checkedRenditionName,
  createRenditionCache,
  createTempFiles,
  hashOf,
  type MediaFiles,
  type MediaObject,
  type RenditionCacheOptions,
  renditionKey,
} from './media.store.js';

export type LocalMediaFiles = MediaFiles & {
  root: string;
  originalPath(fileName: string): string;
  renditionDir(fileName: string): string;
};

/**
 * The files under DATA_DIR/media: originals named by content hash at the top, renditions in
 * `renditions/<hash>/`, and `tmp/` for files being written. Everything is written to tmp/ first and renamed
 * into place (same file system, so the rename is atomic): a reader never sees half a file, and a failed upload
 * leaves nothing behind.
 *
 * put, putRendition and remove do their file work before their first `await`: a caller that checks the database
 * and calls one of them in the same tick knows that no other request ran in between (see images.service.ts and
 * renditions.ts).
 */
export function createLocalMediaFiles(options: {
  dir: string;
  renditionCache?: RenditionCacheOptions;
}): LocalMediaFiles {
  const root = path.resolve(options.dir);
  const temps = createTempFiles(path.join(root, 'tmp'));
  const renditionsRoot = path.join(root, 'renditions');
  fs.mkdirSync(renditionsRoot, { recursive: true });
  // Hot renditions (the sizes every page view asks for) are kept in memory; a file removed through remove() is
  // forgotten with it.
  const renditionCache = createRenditionCache(options.renditionCache);

  const originalPath = (fileName: string) => path.join(root, checkedName(fileName));
  const renditionDir = (fileName: string) => path.join(renditionsRoot, hashOf(fileName));
  const renditionPath = (fileName: string, name: string) =>
    path.join(renditionDir(fileName), checkedRenditionName(name));

  return {
    kind: 'files',
    root,
    renditionCache,
    originalPath,
    renditionDir,
    tempPath: temps.tempPath,
    receive: temps.receive,
    discard: temps.discard,

    async put(fileName, tempPath) {
      fs.renameSync(tempPath, originalPath(fileName));
    },

    open: (fileName) => openFile(originalPath(fileName)),

    async localCopy(fileName) {
      const file = originalPath(fileName);
      return fs.existsSync(file) ? { path: file, release: async () => undefined } : null;
    },

    async remove(fileName) {
      fs.rmSync(originalPath(fileName), { force: true });
      fs.rmSync(renditionDir(fileName), { recursive: true, force: true });
      renditionCache?.forgetUnder(renditionKey(fileName));
    },

    async hasRendition(fileName, name) {
      return fs.existsSync(renditionPath(fileName, name));
    },

    async putRendition(fileName, name, tempPath) {
      const target = renditionPath(fileName, name);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(tempPath, target);
    },

    openRendition: (fileName, name) => openFile(renditionPath(fileName, name)),

    async ping() {
      await fs.promises.access(root, fs.constants.R_OK | fs.constants.W_OK);
    },

    async close() {},
  };
}

/** Opens a file once, so that a file removed meanwhile is a 404, not a broken response. */
async function openFile(filePath: string): Promise<MediaObject | null> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(filePath, 'r');
  } catch {
    return null;
  }
  let stat: fs.Stats;
  try {
    stat = await handle.stat();
  } catch (error) {
    await handle.close();
    throw error;
  }
  let streaming = false;
  return {
    size: stat.size,
    modifiedAt: stat.mtimeMs,
    async stream(range): Promise<Readable> {
      streaming = true;
      return handle.createReadStream({ start: range.start, end: range.end, autoClose: true });
    },
    readAll: () => handle.readFile(),
    async close() {
      if (!streaming) await handle.close();
    },
  };
}
