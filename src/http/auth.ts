import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Principal, Scope, TokensRepository } from '../tokens/tokens.repository.js';
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

async function authPlugin(app: FastifyInstance, options: { tokens: Pick<TokensRepository, 'verify'> }) {
  app.decorateRequest('principal', null);

  // NOTE: onRequest runs before Fastify reads the body, so an unauthenticated write is refused before a single
  // byte of a (possibly large) body is parsed. Only /v1 is guarded: /health, /ready, /docs, /openapi.json and
  // media files ignore the header, as the contract says.
  // NOTE: a callback hook, not an async one (no promise per request); an anonymous read of a public route (no
  // header, no scope) costs two string checks.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!request.url.startsWith('/v1/') && request.url !== '/v1') return done();
    try {
      const header = request.headers.authorization;
      if (header !== undefined) {
        const match = BEARER.exec(header);
        if (!match?.[1]) throw problems.malformedAuthorization();
        const principal = options.tokens.verify(match[1]);
        if (!principal) throw problems.badToken();
        request.principal = principal;
      }
      const scope = request.routeOptions.config?.scope;
      if (scope) requireScope(request, scope);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
}

export default fp(authPlugin, { name: 'auth' });
