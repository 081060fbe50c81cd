import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

// Security headers on every response (JSON, problem+json, media files, /docs), by @fastify/helmet.
// NOTE: register before auth, rate limiting and the routes: helmet sets its headers in an onRequest hook, and a
// request refused by an earlier hook (a 401, a 429) would otherwise go out without them.

/**
 * The API answers JSON and media files, never a page: nothing in a response may load or run anything, and no
 * site may frame it.
 */
const apiPolicy = {
  useDefaults: false,
  directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
};

/**
 * /docs is Swagger UI: its HTML loads scripts, styles, images and fonts from /docs/static, fetches the OpenAPI
 * document, and "Try it out" calls the API, all on this origin. Nothing inline (the page has no inline script).
 */
const docsPolicy = {
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
};

export const DOCS_PREFIX = '/docs';

async function securityPlugin(app: FastifyInstance) {
  // Must run before Swagger UI adds its routes: gives them the docs policy (helmet reads a route's `helmet` config).
  app.addHook('onRoute', (route) => {
    if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)) {
      route.config = { ...route.config, helmet: { contentSecurityPolicy: docsPolicy } } as typeof route.config;
    }
  });

  await app.register(helmet, {
    contentSecurityPolicy: apiPolicy,
    // Frontends and partners on other sites embed the pictures (<img>) and read the public JSON: a same-origin
    // resource policy would block the former, and CORS (CORS_ORIGINS) already governs the latter.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    // X-Content-Type-Options: nosniff, Strict-Transport-Security, Referrer-Policy: no-referrer and the rest stay
    // at helmet's defaults.
  });
}

export default fp(securityPlugin, { name: 'security' });
