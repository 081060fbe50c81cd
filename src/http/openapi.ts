import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { appVersion } from '../version.js';
import { type ConditionalRead, documentConditionalReads } from './openapi-caching.js';
import { type OpenApiDocument, polishDocument } from './openapi-polish.js';
import { DOCS_PREFIX, documentReferenceRoute, openApiDocument, REFERENCE_TAG } from './openapi-reference.js';

export const API_TITLE = 'Newsroom CMS API';

const description = `A headless CMS for newsrooms: articles, images and the quotes in them, with who said each quote,
in what role, where and when.

* **Auth.** Reading published articles, images and quotes needs no token. Everything else needs
  \`Authorization: Bearer <token>\` (make one with \`npm run token -- create <name>\`). A wrong or revoked token is a
  401 on every \`/v1\` request, public reads included.
* **Errors** are RFC 9457 problem details (\`application/problem+json\`) with a stable \`code\`; validation errors
  list every failing field in \`errors[]\` with its \`path\` (\`body[2].quoteId\`, \`limit\`). Unknown fields and
  query parameters are a 400 that names them; read-only fields are accepted and ignored, so what a GET returns can
  be sent back with PATCH.
* **Lists** answer \`{ data, meta: { total, limit, nextCursor } }\`; pass \`nextCursor\` as \`cursor\` for the next page.
* **Caching.** Single resources carry an \`ETag\`: send it as \`If-None-Match\` for a 304, or as \`If-Match\` on
  PATCH/DELETE to get a 412 instead of overwriting someone else's change. Public reads are
  \`Cache-Control: public\` with a short max-age; reads with a token are \`private, no-cache\`.
* **Times** are ISO 8601; any offset is accepted and UTC with milliseconds is returned.
* **Ids** are ULIDs (26 characters, sorting by creation time). Every response carries \`x-request-id\`.
* **CORS.** Browsers on the origins listed in the server's \`CORS_ORIGINS\` setting may call the API: their
  preflights are answered, and their scripts may read \`ETag\`, \`Location\`, \`X-Request-Id\` and \`Retry-After\`.
  Other origins, and requests without \`Origin\`, get no CORS headers. \`OPTIONS\` on any path answers 204 with
  \`Allow\` listing its methods.
* **Versions.** \`info.version\` is the server's version (semantic versioning; \`/health\` reports it too).`;

async function openapiPlugin(app: FastifyInstance) {
  /** The reads that answer 304, by `method url`: see openapi-caching.ts. */
  const conditionalReads = new Map<string, ConditionalRead>();

  // NOTE: must run before the routes are added: it documents each route's auth from its `scope`.
  app.addHook('onRoute', (route) => {
    const conditional = route.config?.conditional;
    if (conditional) {
      for (const method of [route.method].flat())
        conditionalReads.set(`${method.toLowerCase()} ${route.url}`, conditional);
    }
    if (!route.schema || route.schema.hide) return;
    if (!route.url.startsWith('/v1')) {
      // /health and /ready ignore the Authorization header: no security at all, said explicitly.
      route.schema = { ...route.schema, security: [] };
      return;
    }
    const scope = (route.config as { scope?: string } | undefined)?.scope;
    route.schema = {
      ...route.schema,
      security: scope ? [{ bearerAuth: [] }] : [{}, { bearerAuth: [] }],
    };
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: API_TITLE,
        // One version for the product and its contract: package.json's (see src/version.ts).
        version: appVersion,
        description,
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: '/', description: 'This server' }],
      tags: [
        { name: 'Articles', description: 'Stories: headline, standfirst, body blocks, lead image, publishing.' },
        { name: 'Images', description: 'Pictures with caption, credit and rights.' },
        { name: 'Quotes', description: 'Attributed statements: who said it, in what role, where and when.' },
        {
          name: 'History',
          description:
            'Revisions of an article (list, read, compare, restore), the correction notices shown to readers, and draft preview links.',
        },
        { name: 'Formats', description: "The article in the news ecosystem's formats: feeds and sitemaps." },
        { name: 'Import', description: 'Fixture bundles: load content in bulk, all or nothing.' },
        {
          name: 'Webhooks',
          description:
            'Signed notifications of content changes (Standard Webhooks), retried with backoff, with a delivery log. Needs a token with the `admin` scope. A delivery is `POST url` with `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,` + base64 HMAC-SHA256 over `{id}.{timestamp}.{body}` keyed with the base64-decoded secret after `whsec_`), and the body `{ type, timestamp, data }`.',
        },
        { name: 'Operations', description: 'Health and readiness.' },
        { name: REFERENCE_TAG, description: 'This document and the interactive reference made from it.' },
      ],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'A token made with `npm run token -- create <name>`.',
          },
        },
      },
    },
    transform: documentReferenceRoute,
    transformObject: (input) => {
      const doc = jsonSchemaTransformObject(input) as unknown as OpenApiDocument;
      documentConditionalReads(doc, conditionalReads);
      return polishDocument(doc) as unknown as ReturnType<typeof jsonSchemaTransformObject>;
    },
  });

  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    // validatorUrl null: no badge fetched from swagger.io (blocked by the CSP, and it would leak the spec URL).
    uiConfig: { deepLinking: true, tryItOutEnabled: true, persistAuthorization: true, validatorUrl: null },
    staticCSP: false,
  });

  app.get(
    '/openapi.json',
    {
      schema: {
        tags: [REFERENCE_TAG],
        operationId: 'getOpenApiDocument',
        summary: 'This OpenAPI document',
        description: 'What /docs shows, as JSON; also committed as `openapi/openapi.json`.',
        response: {
          200: { description: 'The document.', content: { 'application/json': { schema: openApiDocument } } },
        },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return app.swagger();
    },
  );
}

export default fp(openapiPlugin, { name: 'openapi' });
