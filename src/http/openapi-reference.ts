import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withProblemResponses } from './errors.js';
import type { SwaggerDocument } from './openapi-bodies.js';

// The document and the interactive reference are answers of this server too, so the document lists them: what
// GET /openapi.json returns, the Swagger UI page at /docs and the files it loads. @fastify/swagger-ui hides its
// own routes; documentReferenceRoute() gives the page and its files a schema for the document only (a schema on
// the routes themselves would also validate their requests, which the plugin does not expect).

export const REFERENCE_TAG = 'Reference';
export const DOCS_PREFIX = '/docs';

const text = z.string();

/** GET /openapi.json's answer: kept as an open record, so serializing it never reorders the document's keys. */
export const openApiDocument = z
  .record(z.string(), z.unknown())
  .meta({ description: 'An OpenAPI 3.1 document (this one).' });

const page = {
  tags: [REFERENCE_TAG],
  operationId: 'getReferencePage',
  summary: 'The interactive API reference (Swagger UI)',
  description: 'A page that loads its scripts and styles from /docs/static and this document from /openapi.json.',
  security: [],
  response: withProblemResponses(DOCS_PREFIX, {
    200: { description: 'The page.', content: { 'text/html': { schema: text } } },
  }),
};

/** What @fastify/swagger-ui serves from its folder (swagger-ui-dist's files, its favicons, csp.json). */
const staticTypes = [
  'text/css',
  'application/javascript',
  'text/html',
  'image/png',
  'image/svg+xml',
  'application/json',
];

const staticFile = {
  tags: [REFERENCE_TAG],
  operationId: 'getReferenceFile',
  summary: 'A script, style sheet or picture of the interactive reference',
  description: 'The files /docs loads, with ETag and Last-Modified for revalidation.',
  security: [],
  params: z.object({ file: z.string().meta({ description: 'A file name from the page.', example: 'swagger-ui.css' }) }),
  response: withProblemResponses(`${DOCS_PREFIX}/static/*`, {
    200: { description: 'The file.', content: Object.fromEntries(staticTypes.map((type) => [type, { schema: text }])) },
    304: z.null().meta({ description: 'Not Modified: the copy the client holds is current. No body.' }),
  }),
};

/**
 * @fastify/swagger's `transform`: Swagger UI's page and files get the schemas above; every other route goes through
 * jsonSchemaTransform as it is.
 */
export function documentReferenceRoute(document: SwaggerDocument) {
  // NOTE: @fastify/static declares its files' route for HEAD and GET at once: both are documented.
  const methods = [document.route.method].flat();
  if (methods.includes('GET') && document.url === DOCS_PREFIX) {
    return jsonSchemaTransform({ ...document, schema: page });
  }
  if (methods.includes('GET') && document.url === `${DOCS_PREFIX}/static/*`) {
    return { ...jsonSchemaTransform({ ...document, schema: staticFile }), url: `${DOCS_PREFIX}/static/:file` };
  }
  return jsonSchemaTransform(document);
}
