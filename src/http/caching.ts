import type { FastifyReply, FastifyRequest } from 'fastify';
import { ifMatchFails, noneMatch } from '../shared/etag.js';
import { problems } from './problems.js';

export type Caching = ReturnType<typeof createCaching>;

/**
 * Caching headers for reads. A public read may be kept by browsers and CDNs for `publicMaxAge` seconds and then
 * revalidated with its ETag (a 304 costs one indexed lookup); a read made with a token may show drafts, so it is
 * private to that client and revalidated every time. `Vary: Authorization` keeps a shared cache from handing the
 * public copy to an editor or the reverse.
 */
export function createCaching(options: { publicMaxAge: number }) {
  const publicPolicy = `public, max-age=${options.publicMaxAge}, stale-while-revalidate=${options.publicMaxAge * 5}, stale-if-error=86400`;
  const privatePolicy = 'private, no-cache';

  function headers(request: FastifyRequest, reply: FastifyReply) {
    reply.header('cache-control', request.principal ? privatePolicy : publicPolicy);
    reply.header('vary', 'Authorization, Origin');
  }

  return {
    /** For collections: caching headers only. */
    list(request: FastifyRequest, reply: FastifyReply): void {
      headers(request, reply);
    },
    /**
     * For a single resource: sets ETag and caching headers; returns true when the client's copy is current, after
     * answering 304 (the route must then return the reply).
     */
    single(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
      headers(request, reply);
      reply.header('etag', etag);
      if (noneMatch(request.headers['if-none-match'], etag)) {
        reply.code(304).send();
        return true;
      }
      return false;
    },
  };
}

/** PATCH and DELETE with If-Match: 412 unless the client's ETag is the current one. */
export function assertIfMatch(request: FastifyRequest, currentEtag: string): void {
  const header = request.headers['if-match'];
  if (ifMatchFails(Array.isArray(header) ? header.join(',') : header, currentEtag)) throw problems.preconditionFailed();
}
