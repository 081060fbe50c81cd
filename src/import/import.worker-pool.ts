import { Worker } from 'node:worker_threads';
import type { ToWorker } from './import.worker-protocol.js';

// The import workers of the process (import.worker.ts). A worker whose load has answered waits for the next one
// for a while, whichever store sends it (a job names its database file):
// starting one costs ~200 ms (its modules and statements), and its first load runs in a cold heap. Measured on the
// 10,000-article bundle: the JSON parse and the checks took ~500 ms in a new thread against ~340 ms in one that
// had loaded before. A CI job or an editor posting several bundles in a row pays that once; an idle process gives
// the thread and its memory back after IDLE_MS. Loads that run at once (a dry run beside a load) get a thread each.

/** How long a worker waits for another load before it ends. */
const IDLE_MS = 30_000;

let idle: { worker: Worker; timer: NodeJS.Timeout } | undefined;
let started = 0;

/** How many workers this process has started (what the tests watch reuse by). */
export const workersStarted = () => started;

/**
 * A new worker: the compiled file next to this one, or, when running from the TypeScript sources (tsx, vitest),
 * the .ts entry loaded through tsx's loader, which a worker thread does not inherit and so registers itself.
 */
function startWorker(): Worker {
  started += 1;
  const worker = import.meta.url.endsWith('.ts')
    ? startFromSources()
    : new Worker(new URL('./import.worker.js', import.meta.url));
  // A worker that ends while waiting (killed, or it failed a load's checkpoint) is not handed out again.
  worker.once('exit', () => {
    if (idle?.worker !== worker) return;
    clearTimeout(idle.timer);
    idle = undefined;
  });
  return worker;
}

function startFromSources(): Worker {
  const entry = new URL('./import.worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true });
}

/** Asks a worker to exit (it finishes what it is doing first). */
function dismiss(worker: Worker): void {
  worker.postMessage({ type: 'exit' } satisfies ToWorker);
}

/** The waiting worker, or a new one. It keeps the process alive until it is released. */
export function acquireWorker(): Worker {
  if (!idle) return startWorker();
  const { worker, timer } = idle;
  clearTimeout(timer);
  idle = undefined;
  worker.ref();
  return worker;
}

/**
 * A worker whose load has answered: it takes the next load (after the last one's checkpoint), unless another
 * worker already waits. It keeps the process alive until the load has finished (workerDone).
 */
export function releaseWorker(worker: Worker): void {
  if (idle) {
    dismiss(worker);
    return;
  }
  const timer = setTimeout(() => {
    if (idle?.worker !== worker) return;
    idle = undefined;
    dismiss(worker);
  }, IDLE_MS);
  timer.unref();
  idle = { worker, timer };
}

/**
 * A worker has finished a load (its checkpoint done): waiting for the next, it no longer keeps the process alive
 * (a script that has loaded its bundle exits).
 */
export function workerDone(worker: Worker): void {
  if (idle?.worker === worker) worker.unref();
}
