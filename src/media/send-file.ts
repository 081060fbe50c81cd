import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { problems } from '../http/problems.js';
import { noneMatch } from '../shared/etag.js';
import type { MediaObject } from './media.store.js';

export type FileHeaders = { contentType: string; etag: string; cacheControl: string };

type Range = { start: number; end: number } | 'whole' | 'unsatisfiable';

/**
 * One `bytes=` range (RFC 9110 14.1.2). A malformed header or a list of ranges is answered with the whole file,
 * which the RFC allows and every client handles.
 */
export function parseRange(header: string | undefined, size: number): Range {
  if (!header) return 'whole';
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return 'whole';
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return 'whole';
  if (first === '') {
    const suffix = Number(last);
    return suffix === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return 'whole';
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** A file's bytes as read once, with its Last-Modified. */
type CachedFile = { bytes: Buffer; lastModified: string };

export type FileCache = ReturnType<typeof createFileCache>;

/**
 * The bytes of recently served files, least recently used out first, for files that never change under their
 * name (renditions: their name says everything they depend on). A hit is answered from memory: no open, stat,
 * read or close, which cost more than the rest of the request. Files over `maxFileBytes` are not kept.
 */
export function createFileCache(options: { maxBytes: number; maxFileBytes: number }) {
  const entries = new LRUCache<string, CachedFile>({
    maxSize: options.maxBytes,
    maxEntrySize: Math.min(options.maxFileBytes, options.maxBytes),
    // NOTE: lru-cache refuses a size of 0; an empty file still takes a slot.
    sizeCalculation: (entry) => Math.max(1, entry.bytes.length),
  });
  return {
    maxFileBytes: options.maxFileBytes,
    has(key: string): boolean {
      return entries.has(key);
    },
    get(key: string): CachedFile | undefined {
      return entries.get(key);
    },
    set(key: string, entry: CachedFile): void {
      if (entries.has(key)) return;
      entries.set(key, entry);
    },
    /** Forgets the files whose key starts with `prefix` (a picture's renditions, when the picture is removed). */
    forgetUnder(prefix: string): void {
      for (const key of [...entries.keys()]) if (key.startsWith(prefix)) entries.delete(key);
    },
    get size(): { files: number; bytes: number } {
      return { files: entries.size, bytes: entries.calculatedSize };
    },
  };
}

/**
 * Sends a stored file with validators and ranges: ETag and Last-Modified, 304 for a current copy, 206 for a range,
 * HEAD without a body. `open` gives the file opened once (null: a 404), so a file removed meanwhile is a 404, not a
 * broken response. With a `cache`, a file small enough is read whole and kept under `cache.key`, and later
 * requests for it are answered from memory.
 */
export async function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  open: () => Promise<MediaObject | null>,
  headers: FileHeaders,
  cache?: { files: FileCache; key: string },
) {
  const cached = cache?.files.get(cache.key);
  if (cached) return answer(request, reply, headers, cached.lastModified, cached.bytes.length, cached.bytes).reply;
  const file = await open();
  if (!file) throw problems.mediaNotFound();
  try {
    const size = file.size;
    const lastModified = httpDate(Math.floor(file.modifiedAt / 1000) * 1000);
    if (cache && size > 0 && size <= cache.files.maxFileBytes) {
      const bytes = await file.readAll();
      cache.files.set(cache.key, { bytes, lastModified });
      return answer(request, reply, headers, lastModified, bytes.length, bytes).reply;
    }
    const sent = answer(request, reply, headers, lastModified, size, null);
    if (sent.body === 'range') return reply.send(await file.stream({ start: sent.start, end: sent.end }));
    return sent.reply;
  } finally {
    await file.close();
  }
}

/**
 * The answer to a request for a file of `size` bytes: headers, then 304, 416, HEAD, or the bytes (from `bytes`
 * when given; otherwise the range for the caller to stream).
 */
function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  headers: FileHeaders,
  lastModified: string,
  size: number,
  bytes: Buffer | null,
): { body: 'sent' | 'range'; reply: FastifyReply; start: number; end: number } {
  reply
    .header('etag', headers.etag)
    .header('last-modified', lastModified)
    .header('cache-control', headers.cacheControl)
    .header('x-content-type-options', 'nosniff')
    // Pictures are embedded by the frontends' own origins: a stricter policy would break every <img>.
    .header('cross-origin-resource-policy', 'cross-origin')
    .header('accept-ranges', 'bytes');

  const ifNoneMatch = request.headers['if-none-match'];
  const ifModifiedSince = request.headers['if-modified-since'];
  const notModified = ifNoneMatch
    ? noneMatch(ifNoneMatch, headers.etag)
    : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Date.parse(lastModified);
  if (notModified) return { body: 'sent', reply: reply.code(304).send(), start: 0, end: 0 };

  // If-Range: the range applies only to the version the client already holds part of.
  const ifRange = request.headers['if-range'];
  const rangeApplies = ifRange === undefined || ifRange === headers.etag || ifRange === lastModified;
  const range = rangeApplies ? parseRange(request.headers.range, size) : 'whole';
  if (range === 'unsatisfiable') throw problems.rangeNotSatisfiable(size);

  const { start, end } = range === 'whole' ? { start: 0, end: size - 1 } : range;
  reply.type(headers.contentType).header('content-length', String(end - start + 1));
  if (range !== 'whole') reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
  if (request.method === 'HEAD') return { body: 'sent', reply: reply.send(), start, end };
  if (bytes === null) return { body: 'range', reply, start, end };
  const body = start === 0 && end === size - 1 ? bytes : bytes.subarray(start, end + 1);
  return { body: 'sent', reply: reply.send(body), start, end };
}
