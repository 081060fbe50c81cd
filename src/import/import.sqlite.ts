import type { Db } from '../db/client.js';
import type { ImagesService, PreparedUpload } from '../images/images.service.js';
import { createImportUploads } from '../images/images.sqlite.js';
import { parseBundleText } from './bundle-text.js';
import { exportStream } from './export.service.js';
import { createImporter, type ImportDependencies, type MediaEffects, picturesFrom } from './import.service.js';
import type { BundleFiles, BundleSource, ExportStore, ImportStore, LoadOptions } from './import.store.js';
import { acquireWorker, releaseWorker, workerDone } from './import.worker-pool.js';
import {
  deserializeError,
  type FromWorker,
  type PictureError,
  type ToWorker,
  type WorkerJob,
} from './import.worker-protocol.js';

export type SqliteImportOptions = Omit<ImportDependencies, 'sqlite' | 'imagesService'> & {
  uploadLimit: number;
  /** Pictures are checked, cleaned and stored on this thread (sharp, the media store), and tidied after a load. */
  imagesService: Pick<ImagesService, 'prepareFile' | 'discardPrepared' | 'removeUnusedFiles'>;
  /** From this size, a load runs in a worker thread (default OFF_THREAD); 0: every load does. */
  offThreadFrom?: { bytes: number; items: number };
};

/**
 * From this much, a load runs in a worker thread: ~256 KB of bundle (~70 articles of the benchmark's) is about
 * 20 ms of work on the event loop, while a worker costs ~100 ms to start (compiled; several times that from the
 * TypeScript sources). A parsed bundle (a multipart form's) is measured in items.
 */
const OFF_THREAD = { bytes: 256 * 1024, items: 200 };

/** How many items a parsed bundle has (its three lists), for the choice of thread. */
function itemCount(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const lists = value as Record<string, unknown>;
  return ['images', 'quotes', 'articles'].reduce(
    (sum, name) => sum + (Array.isArray(lists[name]) ? (lists[name] as unknown[]).length : 0),
    0,
  );
}

/** The id of the last load sent to a worker (the process's). */
let lastJobId = 0;

/**
 * The bytes of the bundle for the worker: handed over without a copy when the Buffer owns its whole memory (a
 * large body does); a small one may sit in Node's shared pool, which must not be detached, so it is copied.
 */
function forWorker(source: BundleSource): { source: WorkerJob['source']; transfer: ArrayBuffer[] } {
  if (!('json' in source)) return { source, transfer: [] };
  const bytes = source.json;
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  if (whole && bytes.buffer instanceof ArrayBuffer) return { source: { json: bytes }, transfer: [bytes.buffer] };
  return { source: { json: new Uint8Array(bytes) }, transfer: [] };
}

/**
 * Large loads run in a worker thread with its own connection (import.worker.ts); while one writes, this connection's
 * writer is held (db/writer.ts): other writes queue instead of waiting on the database lock with the event loop
 * blocked. Readers are not blocked (WAL), and they see the load once it commits (change-watch.ts follows other
 * connections' commits). A worker that fails or dies rolls back (its transaction never committed) and the load
 * rejects, releasing the writer.
 */
export function createSqliteImportStore(db: Db, options: SqliteImportOptions): ImportStore {
  const { imagesService } = options;
  const databaseFile = db.$client.name;
  const offThreadFrom = options.offThreadFrom ?? OFF_THREAD;
  const importer = createImporter({
    ...options,
    sqlite: db.$client,
    imagesService: createImportUploads(options.images),
  });

  /** A small load, on this connection: parse, pictures, then one transaction through the writer. */
  async function runHere(source: BundleSource, files: BundleFiles, loadOptions: LoadOptions) {
    const prepared = new Map<number, PreparedUpload>();
    const effects: MediaEffects = { promoted: [], retired: [] };
    try {
      const raw = 'json' in source ? parseBundleText(source.json) : source.value;
      const read = await importer.read(raw, picturesFrom(files, imagesService), prepared);
      const write = () => importer.write(read, loadOptions, effects);
      // A dry run only reads: no write lock, nothing to queue behind.
      const result = loadOptions.dryRun ? db.$client.transaction(write).deferred() : await db.writer.run(write);
      if (effects.retired.length > 0) await imagesService.removeUnusedFiles(effects.retired);
      return result;
    } catch (error) {
      if (effects.promoted.length > 0) await imagesService.removeUnusedFiles(effects.promoted);
      throw error;
    } finally {
      for (const upload of prepared.values()) await imagesService.discardPrepared(upload);
    }
  }

  function offThread(source: BundleSource): boolean {
    return 'json' in source
      ? source.json.byteLength >= offThreadFrom.bytes
      : itemCount(source.value) >= offThreadFrom.items;
  }
  /** Loads whose worker has not finished with them yet (answered, then checkpointing): close() waits for them. */
  const finishing = new Set<Promise<void>>();

  function runWorker(source: BundleSource, files: BundleFiles, loadOptions: LoadOptions) {
    const prepared = new Map<number, PreparedUpload>();
    const { source: payload, transfer } = forWorker(source);
    const job: WorkerJob = {
      id: ++lastJobId,
      databaseFile,
      uploadLimit: options.uploadLimit,
      source: payload,
      options: loadOptions,
      askAlways: files.unnamed !== undefined,
    };
    const worker = acquireWorker();
    // This load's listeners, removed once its worker has finished with it. The worker goes back to the pool when
    // the load has answered: a load sent to it meanwhile waits behind this one's checkpoint (a few hundred ms at
    // most) rather than start a thread; each load's messages carry its id.
    let onMessage: (message: FromWorker) => void = () => {};
    let onError: (error: Error) => void = () => {};
    let onExit: (code: number) => void = () => {};
    const unlisten = () => worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    let finished: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      finished = resolve;
    });
    finishing.add(done);
    void done.then(() => finishing.delete(done));

    const outcome = new Promise<FromWorker & { type: 'done' | 'failed' }>((resolve, reject) => {
      onMessage = (message: FromWorker) => {
        if (message.job !== job.id) return;
        if (message.type === 'finished') {
          unlisten();
          workerDone(worker);
          finished();
          return;
        }
        if (message.type !== 'pictures') {
          resolve(message);
          releaseWorker(worker);
          return;
        }
        const errors: PictureError[] = [];
        const recorder = {
          at: (_section: string, index: number, path: string, message: string) => errors.push({ index, path, message }),
          top: (path: string, message: string) => errors.push({ index: null, path, message }),
        };
        picturesFrom(files, imagesService)(message.items, new Set(message.names), recorder, prepared).then(
          () => worker.postMessage({ type: 'prepared', prepared: [...prepared], errors } satisfies ToWorker),
          (error: unknown) => {
            reject(error);
            void worker.terminate();
          },
        );
      };
      // An exception the worker did not catch, or an exit before it answered (killed, out of memory): its
      // transaction never committed, so nothing was written.
      onError = (error) => {
        reject(error);
        finished();
      };
      onExit = (code) => {
        reject(new Error(`The import worker stopped (exit code ${code}) before answering.`));
        finished();
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
    worker.postMessage({ type: 'job', job } satisfies ToWorker, transfer);

    const tidy = async () => {
      for (const upload of prepared.values()) await imagesService.discardPrepared(upload);
    };
    return outcome.then(
      async (message) => {
        if (message.type === 'done') {
          if (message.effects.retired.length > 0) await imagesService.removeUnusedFiles(message.effects.retired);
          await tidy();
          return message.result;
        }
        // Pictures stored for a load that rolled back are removed again (unless an image uses them).
        if (message.effects.promoted.length > 0) await imagesService.removeUnusedFiles(message.effects.promoted);
        await tidy();
        throw deserializeError(message.error);
      },
      async (error: unknown) => {
        unlisten();
        void worker.terminate();
        finished();
        // The worker died before answering: every prepared picture no image uses goes.
        await imagesService.removeUnusedFiles([...prepared.values()].map((upload) => upload.fileName));
        await tidy();
        throw error;
      },
    );
  }

  return {
    load(source, files, loadOptions = {}) {
      if (!offThread(source)) return runHere(source, files, loadOptions);
      const run = () => runWorker(source, files, loadOptions);
      // A dry run only reads (on the worker's own snapshot): no write of this connection needs to wait for it.
      return loadOptions.dryRun ? run() : db.writer.hold(run);
    },
    async close() {
      // A load in progress is answered first; then its worker finishes its checkpoint.
      await Promise.all(finishing);
    },
  };
}

/** Exports read on a connection of their own, from one snapshot (export.service.ts). */
export function createSqliteExportStore(databaseFile: string): ExportStore {
  return {
    async export(query, exportOptions = {}) {
      return exportStream(databaseFile, query, exportOptions.onFile);
    },
  };
}
