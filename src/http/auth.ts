import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Principal, Scope, TokensStore } from '../tokens/tokens.store.js';
import { problems } from './problems.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The token's owner, when a valid token was sent; null for an anonymous request. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The scope a route needs; routes without it are public (a token, when sent, must still be valid). */
    scope?: Scope;
  }
}

/** Throws the contract's 401/403 unless the request carries a token with `scope`. */
export function requireScope(request: FastifyRequest, scope: Scope): Principal {
  const principal = request.principal;
  if (!principal) throw problems.missingToken();
  if (!principal.scopes.has(scope)) throw problems.forbidden(scope);
  return principal;
}

/** Who made a write, for the revisions it records: the name of the token (write routes always have one). */
export function authorOf(request: FastifyRequest): string {
  return requireScope(request, 'write').name;
}

const BEARER = /^Bearer +([^\s]+) *$/i;

async function authPlugin(app: FastifyInstance, options: { tokens: Pick<TokensStore, 'verify'> }) {
  app.decorateRequest('principal', null);

  // NOTE: onRequest runs before Fastify reads the body, so an unauthenticated write is refused before a single
  // byte of a (possibly large) body is parsed. Only /v1 is guarded: /health, /ready, /docs, /openapi.json and
  // media files ignore the header, as the contract says.
  // NOTE: a callback hook, not an async one: an anonymous read of a public route (no header, no scope) costs two
  // string checks and no promise; only a request that carries a token waits for the store's verify().
  app.addHook('onRequest', (request, _reply, done) => {
    if (!request.url.startsWith('/v1/') && request.url !== '/v1') return done();
    const header = request.headers.authorization;
    if (header === undefined) return checkScope(request, done);
    const match = BEARER.exec(header);
    if (!match?.[1]) return done(problems.malformedAuthorization());
    options.tokens.verify(match[1]).then(
      (principal) => {
        if (!principal) return done(problems.badToken());
        request.principal = principal;
        checkScope(request, done);
      },
      (error: Error) => done(error),
    );
  });
}

/** Refuses a route that needs a scope the request's principal (or its absence) does not give. */
function checkScope(request: FastifyRequest, done: (error?: Error) => void): void {
  const scope = request.routeOptions.config?.scope;
  let refused: Error | undefined;
  try {
    if (scope) requireScope(request, scope);
  } catch (error) {
    refused = error as Error;
  }
  done(refused);
}

export default fp(authPlugin, { name: 'auth' });
