import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** The methods an OPTIONS answer may list in `Allow`, in the order it lists them (OPTIONS itself always last). */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** What a listed origin may do: the methods and headers of the contract, and the headers its scripts may read. */
const crossOrigin = {
  origin: true, // reflect the request's Origin (it is checked before these options are chosen)
  methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
  allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'X-Request-Id'],
  exposedHeaders: ['ETag', 'Location', 'X-Request-Id', 'Retry-After'],
  maxAge: 600,
} satisfies FastifyCorsOptions;

const preflight: FastifyCorsOptions = { ...crossOrigin, preflight: true };
const crossOriginRequest: FastifyCorsOptions = { ...crossOrigin, preflight: false };
/**
 * A request without Origin or from an origin not listed: no CORS header at all. NOTE: @fastify/cors still adds
 * `Vary: Origin` for an origin option that is not a fixed string (this empty list), which shared caches need: the
 * same URL is answered with CORS headers for a listed origin and without them here.
 */
const sameOrigin: FastifyCorsOptions = { origin: [], preflight: false };

/**
 * CORS for the origins in CORS_ORIGINS (`*`: any), and OPTIONS answered as HTTP answers it.
 *
 * A preflight (OPTIONS with Origin and Access-Control-Request-Method) from a listed origin is answered by
 * @fastify/cors before auth runs. Every other OPTIONS request (no Origin, no requested method, or an origin not
 * listed) is a plain OPTIONS: 204 with `Allow` naming the path's methods, or the 404 problem of a path with no route.
 * NOTE: with its default strictPreflight, @fastify/cors answered those with a text/plain 400, the one error of the
 * API that was not problem+json.
 */
async function corsPlugin(app: FastifyInstance, { origins }: { origins: string[] }) {
  if (origins.length > 0) {
    const anyOrigin = origins.includes('*');
    const listed = new Set(origins);
    await app.register(fastifyCors, {
      delegator: (request: FastifyRequest, callback) => {
        const origin = request.headers.origin;
        if (origin === undefined || !(anyOrigin || listed.has(origin))) return callback(null, sameOrigin);
        const isPreflight =
          request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
        callback(null, isPreflight ? preflight : crossOriginRequest);
      },
    });
  }

  // NOTE: a callback hook, not an async one: it runs on every request and only acts on OPTIONS.
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done) => {
    if (request.method !== 'OPTIONS') return done();
    const allow = allowedMethods(app, request.url);
    if (allow === null) return done(); // no route: the not-found handler answers its 404 problem
    reply.code(204).header('allow', allow).send();
  });
}

/** The `Allow` header for a request URL: the methods some route answers there, or null when none does. */
export function allowedMethods(app: FastifyInstance, url: string): string | null {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const methods = METHODS.filter((method) => app.findRoute({ method, url: path }) !== null);
  return methods.length === 0 ? null : [...methods, 'OPTIONS'].join(', ');
}

export default fp(corsPlugin, { name: 'cors' });
