import os from 'node:os';
import path from 'node:path';
import { problems } from '../http/problems.js';
import { loadSharp } from './lazy-modules.js';
import { PICTURE_FORMATS, type PictureFormat, type RenditionFormat } from './media.formats.js';
import { type MediaFiles, renditionKey } from './media.store.js';

/** What a rendition URL asks for: `?width=`, `&height=` (a crop, only with width) and `&format=`. */
export type RenditionSpec = { width?: number; height?: number; format?: RenditionFormat };
export type FocalPoint = { x: number; y: number } | null;

export type RenditionJob = {
  input: string;
  output: string;
  spec: RenditionSpec;
  format: PictureFormat;
  focal: FocalPoint;
};

/** Rounded so that focal points that crop alike share a file, and a file name never carries a float's noise. */
function focalKey(focal: FocalPoint): string {
  const x = focal?.x ?? 0.5;
  const y = focal?.y ?? 0.5;
  return `${Math.round(x * 10_000)}_${Math.round(y * 10_000)}`;
}

/** The rendition's file name in the original's renditions folder, e.g. `w640-h360-f3000_4000.webp`. */
export function renditionFileName(spec: RenditionSpec, format: PictureFormat, focal: FocalPoint): string {
  const parts: string[] = [];
  if (spec.width !== undefined) parts.push(`w${spec.width}`);
  if (spec.height !== undefined) parts.push(`h${spec.height}`, `f${focalKey(focal)}`);
  return `${parts.length ? parts.join('-') : 'full'}.${PICTURE_FORMATS[format].ext}`;
}

/**
 * The crop of `?width=W&height=H`: the picture is scaled to cover W×H and cut around the focal point (the centre
 * when there is none). Never upscaled: when the picture is smaller than W×H, the largest W:H box it holds is
 * returned instead, so the shape asked for is kept.
 */
export function cropGeometry(
  original: { width: number; height: number },
  box: { width: number; height: number },
  focal: FocalPoint,
) {
  const fit = Math.min(1, original.width / box.width, original.height / box.height);
  const width = Math.max(1, Math.round(box.width * fit));
  const height = Math.max(1, Math.round(box.height * fit));
  const scale = Math.max(width / original.width, height / original.height);
  const resizeWidth = Math.max(width, Math.round(original.width * scale));
  const resizeHeight = Math.max(height, Math.round(original.height * scale));
  const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), max);
  const left = clamp(Math.round((focal?.x ?? 0.5) * resizeWidth - width / 2), resizeWidth - width);
  const top = clamp(Math.round((focal?.y ?? 0.5) * resizeHeight - height / 2), resizeHeight - height);
  return { resizeWidth, resizeHeight, left, top, width, height };
}

/** Makes one rendition file with sharp: EXIF orientation applied, no metadata kept (sharp's default). */
export async function renderWithSharp(job: RenditionJob): Promise<void> {
  const sharp = await loadSharp();
  const metadata = await sharp(job.input).metadata();
  const pages = metadata.pages ?? 1;
  // Animation survives only into formats that have it; other conversions take the first frame.
  const animated = pages > 1 && (job.format === 'gif' || job.format === 'webp');
  const original = {
    width: metadata.autoOrient?.width ?? metadata.width ?? 1,
    height: pages > 1 ? (metadata.pageHeight ?? metadata.height ?? 1) : (metadata.autoOrient?.height ?? 1),
  };
  let image = sharp(job.input, { animated, failOn: 'none' }).timeout({ seconds: 60 }).autoOrient();
  const { width, height } = job.spec;
  if (width !== undefined && height !== undefined) {
    const crop = cropGeometry(original, { width, height }, job.focal);
    image = image
      .resize(crop.resizeWidth, crop.resizeHeight, { fit: 'fill' })
      .extract({ left: crop.left, top: crop.top, width: crop.width, height: crop.height });
  } else if (width !== undefined) {
    image = image.resize({ width: Math.min(width, original.width) });
  }
  switch (job.format) {
    case 'jpeg':
      // JPEG has no transparency: a transparent PNG or WebP is laid on white rather than black.
      image = image.flatten({ background: '#ffffff' }).jpeg({ quality: 82, progressive: true, mozjpeg: true });
      break;
    case 'png':
      image = image.png();
      break;
    case 'webp':
      image = image.webp({ quality: 80 });
      break;
    case 'avif':
      // Effort 2, not sharp's default 4: measured ~1 s instead of ~3 s for a 1280 px rendition of a 24 MP photo
      // (5 s instead of 28 s at 4096 px), for files a few percent larger.
      image = image.avif({ quality: 55, effort: 2 });
      break;
    case 'gif':
      image = image.gif();
      break;
  }
  await image.toFile(job.output);
}

/** A tiny counting semaphore: renditions are CPU- and memory-heavy, so only a few are made at a time. */
function limiter(max: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

export type Renditions = ReturnType<typeof createRenditions>;

/**
 * Renditions are made on first request and kept in the store for good (their URLs are immutable). Concurrent
 * requests for the same rendition share one generation (single flight, in process).
 */
export function createRenditions(options: {
  store: MediaFiles;
  /** Whether an image still uses the original; checked just before the rendition is stored. */
  isFileUsed: (fileName: string) => boolean | Promise<boolean>;
  render?: (job: RenditionJob) => Promise<void>;
  maxConcurrent?: number;
}) {
  const { store, isFileUsed } = options;
  const render = options.render ?? renderWithSharp;
  const run = limiter(options.maxConcurrent ?? Math.max(1, os.availableParallelism()));
  const inFlight = new Map<string, Promise<void>>();

  async function generate(fileName: string, name: string, job: Omit<RenditionJob, 'input' | 'output'>) {
    await run(async () => {
      // A row whose file is gone (removed by hand, a restore without media): a 404, not a decoder error.
      const original = await store.localCopy(fileName);
      if (!original) throw problems.mediaNotFound();
      const temp = store.tempPath(path.extname(name));
      try {
        await render({ ...job, input: original.path, output: temp });
        // NOTE: nothing is awaited between the check and putRendition's start, and the local store renames the
        // file before its first await: a delete of the image cannot run in between and leave a rendition of a
        // deleted picture behind. (A bucket's upload takes longer; what a delete meanwhile leaves there is never
        // served, since the media route asks the database first, and holds the very bytes the name promises.)
        // (On PostgreSQL the check is a query, and other instances delete too: see src/db/README.md.)
        const used = isFileUsed(fileName);
        if (!(typeof used === 'boolean' ? used : await used)) throw problems.mediaNotFound();
        await store.putRendition(fileName, name, temp);
      } finally {
        await Promise.all([store.discard(temp), original.release()]);
      }
    });
  }

  return {
    /** The name of the rendition in the store, made now unless it is stored or being made. */
    async get(
      fileName: string,
      original: PictureFormat,
      spec: RenditionSpec,
      focal: FocalPoint,
    ): Promise<{ name: string; key: string; format: PictureFormat }> {
      const format = spec.format ?? original;
      const name = renditionFileName(spec, format, focal);
      const key = renditionKey(fileName, name);
      // A rendition served from memory exists: no need to ask the store.
      if (!store.renditionCache?.has(key) && !(await store.hasRendition(fileName, name))) {
        let job = inFlight.get(key);
        if (!job) {
          job = generate(fileName, name, { spec, format, focal }).finally(() => inFlight.delete(key));
          inFlight.set(key, job);
        }
        await job;
      }
      return { name, key, format };
    },

    /** Renditions being made right now (for tests and diagnostics). */
    get inFlight(): number {
      return inFlight.size;
    },
  };
}
