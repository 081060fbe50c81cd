import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertV2 } from 'openapi-to-postmanv2';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

// What `npm run openapi` writes, as functions the tests reuse: the committed files must be exactly what these
// produce from the document the server serves.

/** The project root: the nearest folder above this file with a package.json (from scripts/lib or dist/scripts/lib). */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above scripts/lib');
    dir = parent;
  }
  return dir;
}

export const OPENAPI_DIR = path.join(projectRoot(), 'openapi');
export const DOCUMENT_FILE = path.join(OPENAPI_DIR, 'openapi.json');
export const POSTMAN_FILE = path.join(OPENAPI_DIR, 'postman-collection.json');
export const TYPES_FILE = path.join(OPENAPI_DIR, 'api-types.d.ts');

const require = createRequire(import.meta.url);

export type Document = OpenAPI3 & Record<string, unknown>;

/** The document exactly as GET /openapi.json serves it, from an app built on a throwaway database. */
export async function servedDocument(): Promise<Document> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncms-openapi-'));
  try {
    const app = await buildApp({ config: loadConfig({ DATA_DIR: dataDir }) });
    try {
      const res = await app.inject({ method: 'GET', url: '/openapi.json' });
      if (res.statusCode !== 200) throw new Error(`GET /openapi.json answered ${res.statusCode}`);
      return JSON.parse(res.payload) as Document;
    } finally {
      await app.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Pretty JSON with a trailing newline. Key order is the document's own, which polishDocument() makes stable. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** TypeScript types for every path and component, for typed clients (openapi-fetch and the like). */
export async function renderTypes(document: Document): Promise<string> {
  const ast = await openapiTS(structuredClone(document));
  return astToString(ast);
}

type PostmanItem = {
  id?: string;
  item?: PostmanItem[];
  request?: { auth?: unknown; url?: unknown };
  response?: PostmanItem[];
};
type PostmanCollection = {
  info: Record<string, unknown>;
  item: PostmanItem[];
  auth?: unknown;
  variable?: { key: string; value: string; type?: string; id?: string }[];
};

/** Drops the random ids the converter gives every item, so that regenerating changes nothing. */
function stripIds(items: PostmanItem[]): void {
  for (const item of items) {
    delete item.id;
    if (item.item) stripIds(item.item);
    if (item.response) stripIds(item.response);
  }
}

/**
 * A Postman collection made from the document: one folder per tag, examples taken from the schemas, and bearer
 * auth set once on the collection (`{{bearerToken}}`) for every request to inherit.
 */
export async function renderPostman(document: Document): Promise<string> {
  const collection = await withSeededRandom(() => convertToPostman(document));
  stripIds(collection.item);
  delete collection.info._postman_id;
  collection.auth = { type: 'bearer', bearer: [{ key: 'token', value: '{{bearerToken}}', type: 'string' }] };
  collection.variable = [
    { key: 'baseUrl', value: 'http://127.0.0.1:3000', type: 'string' },
    { key: 'bearerToken', value: '', type: 'string' },
  ];
  return renderJson(collection);
}

/** mulberry32: a small seeded generator, so that faked example values are the same on every run. */
function seededRandom(seed = 0x2f6b_3a1d): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * NOTE: where a schema has no example, the converter fakes one with its bundled json-schema-faker, which took
 * Math.random as its `random` option when it loaded, and with randexp, which calls Math.random. Both get a fresh
 * seeded generator for the duration of a conversion, so the collection is the same on every run.
 */
async function withSeededRandom<T>(run: () => Promise<T>): Promise<T> {
  const faker = require('openapi-to-postmanv2/assets/json-schema-faker.js') as {
    option: (options: Record<string, unknown>) => void;
  };
  const original = Math.random;
  faker.option({ random: seededRandom() });
  Math.random = seededRandom(0x5eed);
  try {
    return await run();
  } finally {
    Math.random = original;
    faker.option({ random: original });
  }
}

function convertToPostman(document: Document): Promise<PostmanCollection> {
  return new Promise<PostmanCollection>((resolve, reject) => {
    convertV2(
      { type: 'json', data: structuredClone(document) },
      {
        folderStrategy: 'Tags',
        requestNameSource: 'Fallback',
        parametersResolution: 'Example',
        alwaysInheritAuthentication: true,
        enableOptionalParameters: false,
      },
      (error, result: any) => {
        if (error) return reject(new Error(error.message));
        if (!result?.result) return reject(new Error(`openapi-to-postmanv2 failed: ${result?.reason ?? 'unknown'}`));
        resolve(result.output[0].data as PostmanCollection);
      },
    );
  });
}
