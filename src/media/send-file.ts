import fs from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problems } from '../http/problems.js';
import { noneMatch } from '../shared/etag.js';

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

/**
 * Sends a file with validators and ranges: ETag and Last-Modified, 304 for a current copy, 206 for a range,
 * HEAD without a body. The file is opened once, so a file removed meanwhile is a 404, not a broken response.
 */
export async function sendFile(request: FastifyRequest, reply: FastifyReply, filePath: string, headers: FileHeaders) {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(filePath, 'r');
  } catch {
    throw problems.mediaNotFound();
  }
  let keepOpen = false;
  try {
    const stat = await handle.stat();
    const size = stat.size;
    const lastModified = httpDate(Math.floor(stat.mtimeMs / 1000) * 1000);
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
    if (notModified) return reply.code(304).send();

    // If-Range: the range applies only to the version the client already holds part of.
    const ifRange = request.headers['if-range'];
    const rangeApplies = ifRange === undefined || ifRange === headers.etag || ifRange === lastModified;
    const range = rangeApplies ? parseRange(request.headers.range, size) : 'whole';
    if (range === 'unsatisfiable') throw problems.rangeNotSatisfiable(size);

    const { start, end } = range === 'whole' ? { start: 0, end: size - 1 } : range;
    reply.type(headers.contentType).header('content-length', String(end - start + 1));
    if (range !== 'whole') reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
    if (request.method === 'HEAD') return reply.send();
    keepOpen = true;
    return reply.send(handle.createReadStream({ start, end, autoClose: true }));
  } finally {
    if (!keepOpen) await handle.close();
  }
}
