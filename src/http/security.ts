import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

// Security headers on every response (JSON, problem+json, media files, /docs), and the request id.
// helmet decides WHICH headers and values a policy means; they are computed once per policy at start-up (see
// helmetHeaders) and set by one onRequest hook, instead of @fastify/helmet building helmet's middleware anew on
// every request (it did, at ~5% of a cached article read).
// NOTE: register before auth, rate limiting and the routes: a request refused by an earlier hook (a 401, a 429, a
// 503) would otherwise go out without them. Fastify keeps a reply's headers when an error replaces its body.

/**
 * The API answers JSON and media files, never a page: nothing in a response may load or run anything, and no
 * site may frame it.
 */
const apiPolicy: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  // Frontends and partners on other sites embed the pictures (<img>) and read the public JSON: a same-origin
  // resource policy would block the former, and CORS (CORS_ORIGINS) already governs the latter.
  crossOriginResourcePolicy: { policy: 'cross-origin' },
  // X-Content-Type-Options: nosniff, Strict-Transport-Security, Referrer-Policy: no-referrer and the rest stay
  // at helmet's defaults.
};

/**
 * /docs is Swagger UI: its HTML loads scripts, styles, images and fonts from /docs/static, fetches the OpenAPI
 * document, and "Try it out" calls the API, all on this origin. Nothing inline (the page has no inline script).
 */
const docsPolicy: HelmetOptions = {
  ...apiPolicy,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
    },
  },
};

export const DOCS_PREFIX = '/docs';

/**
 * The headers helmet's middleware sets for `options`, captured by running it once against a recording response.
 * NOTE: valid because every directive above is a fixed string; a per-request value (a CSP nonce function) would
 * need helmet on each request again, so one is refused here rather than frozen.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = String(value);
    },
    // helmet removes X-Powered-By, which neither Node nor Fastify sets.
    removeHeader() {},
  };
  const fail = (error?: unknown) => {
    if (error) throw error;
  };
  const refuse = () => {
    throw new Error('security policies must be fixed: a CSP directive computed per request is not supported');
  };
  helmet(options)(new Proxy({}, { get: refuse }) as IncomingMessage, recorder as unknown as ServerResponse, fail);
  return headers;
}

/** A route serves the docs policy when it is under /docs (Swagger UI's page, its assets and its JSON). */
function isDocsUrl(url: string): boolean {
  return url === DOCS_PREFIX || url.startsWith(`${DOCS_PREFIX}/`);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The fixed response headers of a route's security policy (set by this plugin's onRoute hook). */
    securityHeaders?: Record<string, string>;
  }
}

async function securityPlugin(app: FastifyInstance) {
  const apiHeaders = helmetHeaders(apiPolicy);
  const docsHeaders = helmetHeaders(docsPolicy);

  // Must run before Swagger UI adds its routes: gives them the docs policy.
  app.addHook('onRoute', (route) => {
    if (isDocsUrl(route.url)) route.config = { ...route.config, securityHeaders: docsHeaders } as typeof route.config;
  });

  // One synchronous hook for every answer's fixed headers (404s of unknown URLs included: Fastify runs the root's
  // onRequest hooks for them too).
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.routeOptions.config.securityHeaders ?? apiHeaders);
    reply.header('x-request-id', request.id);
    done();
  });
}

export default fp(securityPlugin, { name: 'security' });
