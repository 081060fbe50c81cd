import { HttpProblem } from '../http/problems.js';
import type { PreparedUpload } from '../images/images.service.js';
import type { ImportResult } from './import.schemas.js';
import type { MediaEffects, PictureItem } from './import.service.js';
import { BundleTextError, type LoadOptions } from './import.store.js';

// The messages between the import store (import.sqlite.ts, main thread) and its worker (import.worker.ts), which
// stays up between loads for a while (see import.sqlite.ts).

/** What the worker is given: the database, where pictures go, and the load. */
export type WorkerJob = {
  /** Which load the worker's messages are about (a worker may be sent the next while it checkpoints the last). */
  id: number;
  databaseFile: string;
  uploadLimit: number;
  source: { json: Uint8Array } | { value: unknown };
  options: LoadOptions;
  /** Ask for pictures even when no image names one (the files sent must still be checked for strays). */
  askAlways: boolean;
};

/** A picture problem found by the main thread: on an image (`index`, path suffix) or on the bundle (index null). */
export type PictureError = { index: number | null; path: string; message: string };

export type ToWorker =
  /** A load to run (one at a time: the next is sent once this one has answered). */
  | { type: 'job'; job: WorkerJob }
  /** The pictures the worker asked for, prepared. */
  | { type: 'prepared'; prepared: Array<[number, PreparedUpload]>; errors: PictureError[] }
  /** Exit (after what it is doing). */
  | { type: 'exit' };

export type SerializedError =
  | {
      kind: 'problem';
      status: number;
      code: string;
      detail: string;
      extras: HttpProblem['extras'];
      headers: Record<string, string>;
    }
  | { kind: 'text'; reason: BundleTextError['reason']; message: string; paths: string[]; text?: Uint8Array }
  | { kind: 'error'; name: string; message: string; stack?: string; code?: string };

export type FromWorker = { job: number } & (
  | { type: 'pictures'; items: PictureItem[]; names: string[] }
  | { type: 'done'; result: ImportResult; effects: MediaEffects }
  | { type: 'failed'; error: SerializedError; effects: MediaEffects }
  /** After the answer: the load's checkpoint is done and its connection closed. */
  | { type: 'finished' }
);

/**
 * An error as it crosses to the main thread: a problem stays the same problem, and a driver error keeps its
 * name, message and `code` (what db/errors.ts translates it by).
 */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof HttpProblem) {
    const { status, code, detail, extras, headers } = error;
    return { kind: 'problem', status, code, detail, extras, headers };
  }
  if (error instanceof BundleTextError) {
    return { kind: 'text', reason: error.reason, message: error.message, paths: error.paths, text: error.text };
  }
  const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
  const code = (error as { code?: unknown } | null)?.code;
  return { kind: 'error', name, message, stack, code: typeof code === 'string' ? code : undefined };
}

export function deserializeError(error: SerializedError): Error {
  if (error.kind === 'problem') {
    return new HttpProblem(error.status, error.code, error.detail, error.extras, error.headers);
  }
  if (error.kind === 'text') return new BundleTextError(error.reason, error.message, error.paths, error.text);
  const copy = new Error(error.message) as Error & { code?: string };
  copy.name = error.name;
  if (error.stack !== undefined) copy.stack = error.stack;
  if (error.code !== undefined) copy.code = error.code;
  return copy;
}
