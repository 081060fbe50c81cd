import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createSqliteArticlesStore } from '../articles/articles.sqlite.js';
import { wrapDatabase } from '../db/client.js';
import type { PreparedUpload } from '../images/images.service.js';
import { createImagesRepository, createImportUploads } from '../images/images.sqlite.js';
import { createQuotesRepository } from '../quotes/quotes.sqlite.js';
import { parseBundleText } from './bundle-text.js';
import { createImporter, type MediaEffects, type PictureStep } from './import.service.js';
import { BundleTextError } from './import.store.js';
import { type FromWorker, serializeError, type ToWorker, type WorkerJob } from './import.worker-protocol.js';

// Loads, one at a time, in a worker thread, each on a connection of its own to the server's database file: the
// JSON parse, the checks, the plan and the one write transaction run here, so the server's event loop keeps
// answering meanwhile (WAL: its readers see the last commit until this one lands). Pictures are prepared by the
// main thread (it has the request's parts or the bundle's folder): this thread asks for them and waits. The
// thread waits for the next load between loads (import.sqlite.ts ends it when idle). See import.sqlite.ts.

const port = parentPort!;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A message about `job` (the main thread may have sent the next load while this one checkpoints). */
const post = (job: WorkerJob, message: DistributiveOmit<FromWorker, 'job'>) =>
  port.postMessage({ ...message, job: job.id });

/**
 * The page cache of this connection while it loads: a 10,000-article load writes ~100 MB of pages, and with the
 * server's 32 MiB most of them were spilled to the WAL mid-transaction and written again at the commit. The
 * thread exits after the load, and the memory with it.
 */
const LOAD_CACHE_KIB = 256 * 1024;

/** Asks the main thread for the pictures, and records the problems it found into this load's errors. */
const picturesFromMain =
  (job: WorkerJob): PictureStep =>
  async (items, names, errors, prepared) => {
    if (items.length === 0 && !job.askAlways) return;
    const reply = new Promise<Extract<ToWorker, { type: 'prepared' }>>((resolve) => {
      const listener = (message: ToWorker) => {
        if (message.type !== 'prepared') return;
        port.off('message', listener);
        resolve(message);
      };
      port.on('message', listener);
    });
    post(job, { type: 'pictures', items, names: [...names] });
    const answer = await reply;
    for (const [index, upload] of answer.prepared) prepared.set(index, upload as PreparedUpload);
    for (const error of answer.errors) {
      if (error.index === null) errors.top(error.path, error.message);
      else errors.at('images', error.index, error.path, error.message);
    }
  };

async function load(job: WorkerJob): Promise<void> {
  let sqlite: Database.Database | undefined;
  const effects: MediaEffects = { promoted: [], retired: [] };
  let answered = false;
  try {
    sqlite = new Database(job.databaseFile);
    // The server's pragmas (db/client.ts), with a larger page cache for the load. No automatic checkpoint at the
    // commit: it would copy the whole load into the database file before the answer; it runs after it, below.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma(`cache_size = -${LOAD_CACHE_KIB}`);
    sqlite.pragma('mmap_size = 0');
    sqlite.pragma('temp_store = MEMORY');
    sqlite.pragma('wal_autocheckpoint = 0');
    const db = wrapDatabase(sqlite);
    const quotes = createQuotesRepository(db);
    const images = createImagesRepository(db);
    const articles = createSqliteArticlesStore(db, { images, quotes });
    // Pictures are stored by the main thread when it prepares them: this thread writes only their rows.
    const imagesService = createImportUploads(images);
    const importer = createImporter({ sqlite, images, imagesService, quotes, articles });
    const raw = 'json' in job.source ? parseBundleText(job.source.json) : job.source.value;
    const read = await importer.read(raw, picturesFromMain(job), new Map());
    const write = sqlite.transaction(() => importer.write(read, job.options, effects));
    // A dry run only reads: no write lock.
    const result = job.options.dryRun ? write.deferred() : write.immediate();
    post(job, { type: 'done', result, effects });
    answered = true;
    // After the answer: the committed pages go into the database file (PASSIVE: never waits on the server's
    // readers or writers; what it cannot copy now, a later checkpoint does, the server's checkpointer included).
    if (!job.options.dryRun) sqlite.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // The load has answered: a checkpoint that failed is left to the next one.
    if (answered) return;
    // Text given back to the main thread is handed over, not copied.
    const text = error instanceof BundleTextError ? error.text : undefined;
    port.postMessage(
      { type: 'failed', error: serializeError(error), effects, job: job.id } satisfies FromWorker,
      text ? [text.buffer as ArrayBuffer] : [],
    );
  } finally {
    sqlite?.close();
    post(job, { type: 'finished' });
  }
}

// Messages are handled in order: a load's answer is posted before its checkpoint runs, and the next load (or the
// exit) is taken once that is done.
let queue = Promise.resolve();
port.on('message', (message: ToWorker) => {
  if (message.type === 'job') queue = queue.then(() => load(message.job));
  else if (message.type === 'exit') queue = queue.then(() => port.close());
});
