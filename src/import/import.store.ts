import type { Readable } from 'node:stream';
import type { UploadSource } from '../media/media.store.js';
import type { ExportQuery, ImportResult } from './import.schemas.js';

// The seam of the fixture bundles: loading one and exporting one, as whole operations that return promises. The
// routes and `npm run seed` know only these interfaces; the SQLite implementation is import.sqlite.ts.

/** Where the pictures a bundle's `file` fields name come from: the bundle's folder (seed) or the request's parts. */
export type BundleFiles = {
  /** The picture named `name`, or undefined when none came with the bundle. */
  open(name: string): UploadSource | undefined;
  /** For messages: where a missing file was looked for ("next to the bundle file"). */
  where: string;
  /** The files sent with the bundle that none of `names` names (a typo, or a stray part): each is reported. */
  unnamed?(names: ReadonlySet<string>): string[];
};

export const NO_FILES: BundleFiles = { open: () => undefined, where: 'with the bundle' };

/**
 * A bundle as it arrives: its JSON text as bytes (checked and parsed by the implementation, off the caller's
 * thread where it can), or a value already parsed.
 */
export type BundleSource = { json: Uint8Array } | { value: unknown };

export type LoadOptions = {
  /** Check and count without writing. */
  dryRun?: boolean;
  /** The name the articles' revisions record (the token's; `cli` by default, for npm run seed). */
  author?: string;
};

/**
 * Bundle text that is not a JSON document to load. `reason`: `utf8` (not UTF-8), `surrogates` (a string or key
 * holding an unpaired surrogate, at `paths`), `json` (not well-formed JSON: `message` is the parser's), `suspect` (a
 * `__proto__` or `constructor` key: the caller parses it with its own rules and loads the value). The caller
 * answers it as it answers any such text (the route as for every JSON body, seed with its own message). `text`:
 * the bytes given back for `json` and `suspect` (the store may have handed them to another thread).
 */
export class BundleTextError extends Error {
  constructor(
    readonly reason: 'utf8' | 'surrogates' | 'json' | 'suspect',
    message: string,
    readonly paths: string[] = [],
    readonly text?: Uint8Array,
  ) {
    super(message);
    this.name = 'BundleTextError';
  }
}

export interface ImportStore {
  /**
   * Loads a bundle all or nothing, idempotently: articles matched by slug, images and quotes by key. A bad bundle
   * rejects with a 400 problem listing every bad item; nothing is written.
   */
  load(source: BundleSource, files: BundleFiles, options?: LoadOptions): Promise<ImportResult>;
  /** Waits for the work of finished loads (housekeeping after a commit) and releases what the store holds. */
  close(): Promise<void>;
}

export interface ExportStore {
  /** The content (or the part `query` selects) as a bundle, streamed from one consistent snapshot. */
  export(query: ExportQuery, options?: { onFile?: (fileName: string) => void }): Promise<Readable>;
}
