import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Caching } from '../http/caching.js';
import { makeEtag } from '../shared/etag.js';

// What the feed and sitemap routes share: a rendered document kept until the database changes (or a scheduled
// article comes due), its ETag, and how it is sent.

/**
 * A rendered feed or sitemap. `json` is the document whatever its format (the name the response caches,
 * db/change-watch.ts, count bytes by), kept encoded: a feed of 50 is ~250 KB, and encoding it to UTF-8 again for
 * every request doubled the cost of a cached one (measured with npm run bench: 610 µs of CPU a request).
 */
export type CachedDocument = { json: Buffer; etag: string; validUntil: number };

export type DocumentCache = {
  get(key: string): CachedDocument | undefined;
  /** See db/change-watch.ts createResponseCache: `since` is epoch() right after the `get` that missed. */
  epoch(): number;
  set(key: string, value: CachedDocument, since: number): void;
};

/**
 * A document's ETag: a digest of its text. NOTE: unlike an article's (made from versions, shared/etag.ts), a feed
 * or sitemap shows many articles and images and the site's settings; a digest of what was sent is the one value
 * that moves exactly when the document does, and it is computed once per rendering, which is kept.
 */
export function documentEtag(text: string): string {
  return makeEtag('d', createHash('sha256').update(text).digest('base64url').slice(0, 27));
}

type Rendering = { text: string; validUntil: number } | null;

/**
 * Renders documents through `cache`: the cached one for a key, or a new rendering, kept. A rendering says how long
 * it stays true without any write (until the next scheduled article comes due, or the news sitemap's oldest entry
 * leaves its window). Requests for a key whose rendering is under way wait for that one rather than start another:
 * a sitemap page takes seconds, and crawlers ask in parallel.
 */
export function createDocumentRenderer(cache: DocumentCache) {
  const pending = new Map<string, Promise<CachedDocument | null>>();
  return async (key: string, now: number, render: () => Rendering | Promise<Rendering>) => {
    const hit = cache.get(key);
    const since = cache.epoch();
    if (hit && now < hit.validUntil) return hit;
    const running = pending.get(key);
    if (running) return running;
    const rendering = (async () => {
      try {
        const rendered = await render();
        if (rendered === null) return null;
        const document = {
          json: Buffer.from(rendered.text),
          etag: documentEtag(rendered.text),
          validUntil: rendered.validUntil,
        };
        cache.set(key, document, since);
        return document;
      } finally {
        pending.delete(key);
      }
    })();
    pending.set(key, rendering);
    return rendering;
  };
}

/** Caching headers and the ETag of a public read; a 304 when the client's copy is current, else the document. */
export function sendDocument(
  request: FastifyRequest,
  reply: FastifyReply,
  caching: Caching,
  document: CachedDocument,
  contentType: string,
) {
  if (caching.single(request, reply, document.etag)) return reply;
  return reply.type(contentType).send(document.json);
}

/** OpenAPI: a 200 of `mediaType` (a text document, or the JSON `schema` given) and a 304. */
export function documentResponses(mediaType: string, description: string, schema: z.ZodType = z.string()) {
  return {
    200: { description, content: { [mediaType]: { schema } } },
    304: z.null().meta({ description: 'The copy the client holds (If-None-Match) is current.' }),
  };
}
