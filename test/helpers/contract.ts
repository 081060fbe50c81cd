import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _, Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import formats from 'ajv-formats';

// The check test/setup/contract.ts runs on every response a test receives: the status is listed for the
// operation, the content type for the status, and a JSON body validates against its schema (JSON Schema 2020-12,
// the dialect of an OpenAPI 3.1 document). One Contract per distinct document, its validators compiled on first
// use and kept, so 600 tests pay for each schema once.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export type OpenApiDocument = { paths?: object; components?: object };

export type CheckedRequest = { method: string; url: string };
export type CheckedResponse = {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  /** The body as text; undefined when it was not read (a picture, a stream). */
  body: string | undefined;
};

export class ContractMismatch extends Error {
  override name = 'ContractMismatch';
}

const DOCUMENT_ID = 'https://contract.test/openapi.json';

/** Requests a test sends on purpose where the document lists nothing (unknown paths): see unlisted(). */
const unlistedRequests = new WeakSet<object>();

/**
 * Marks a request's options (inject's options, fetch's init) as deliberately outside the document: an unknown
 * path, or a method no operation of a known path has. The check then only makes sure the document indeed lists no
 * such operation, so the mark cannot hide a real mismatch. Keep it rare.
 */
export function unlisted<T extends object>(options: T): T {
  unlistedRequests.add(options);
  return options;
}

export function isUnlisted(options: unknown): boolean {
  return typeof options === 'object' && options !== null && unlistedRequests.has(options);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const pointerToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaTypeOf(header: unknown): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return value.split(';')[0]!.trim().toLowerCase();
}

const isJsonMediaType = (type: string) => type === 'application/json' || type.endsWith('+json');

type Template = { path: string; pattern: RegExp; params: number; literal: number };

function compileTemplate(path: string): Template {
  const parts = path.split(/(\{[^}]+\})/);
  let source = '';
  let params = 0;
  let literal = 0;
  for (const part of parts) {
    if (part.startsWith('{') && part.endsWith('}')) {
      source += '[^/]+';
      params += 1;
    } else {
      source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      literal += part.length;
    }
  }
  return { path, pattern: new RegExp(`^${source}$`), params, literal };
}

/**
 * Each test file runs in its own process and would compile what it meets afresh: compiling fast matters more than
 * the validators' speed (a few hundred responses a file). Referenced schemas are compiled once each rather than
 * inlined, and without Ajv's optimising pass; with `source`, the code can be saved (see compiledValidators()).
 */
function newAjv(document: OpenApiDocument, source: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: false,
    validateFormats: true,
    inlineRefs: false,
    code: source
      ? { optimize: false, source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` }
      : { optimize: false },
  });
  // NOTE: ajv-formats is CommonJS with `exports.default`: TypeScript (NodeNext) types the import as the module.
  (formats as unknown as { default: typeof formats.default }).default(ajv);
  // The whole document is one schema resource, so `#/components/schemas/X` in any response resolves in place.
  ajv.addSchema({ ...(structuredClone(document) as object), $id: DOCUMENT_ID }, undefined, undefined, false);
  return ajv;
}

function resolveResponse(
  document: OpenApiDocument,
  pointer: string,
  value: unknown,
): { pointer: string; response: JsonObject } | undefined {
  let current = value;
  let where = pointer;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 8; hops += 1) {
    where = current.$ref;
    current = where
      .slice(2)
      .split('/')
      .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, token) => (isObject(node) ? node[token] : undefined), document);
  }
  return isObject(current) ? { pointer: where, response: current } : undefined;
}

/** Where a response's schema is validated from: one component's, when that is all it names (every Problem). */
function schemaKey(pointer: string, schema: JsonObject): string {
  const keys = Object.keys(schema);
  return keys.length === 1 && typeof schema.$ref === 'string' ? schema.$ref : pointer;
}

/** The schema keys of every JSON body the document lists. */
function jsonSchemaKeys(document: OpenApiDocument): string[] {
  const keys = new Set<string>();
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, JsonObject>)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!isObject(operation) || !isObject(operation.responses)) continue;
      for (const [status, value] of Object.entries(operation.responses)) {
        const base = `#/paths/${pointerToken(path)}/${method}/responses/${status}`;
        const resolved = resolveResponse(document, base, value);
        const content = resolved && isObject(resolved.response.content) ? resolved.response.content : {};
        for (const [type, media] of Object.entries(content)) {
          if (!isJsonMediaType(type.toLowerCase()) || !isObject(media) || !isObject(media.schema)) continue;
          keys.add(schemaKey(`${resolved!.pointer}/content/${pointerToken(type)}/schema`, media.schema));
        }
      }
    }
  }
  return [...keys];
}

const CACHE_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'node_modules',
  '.cache',
  'contract',
);
const require = createRequire(import.meta.url);
/** Change it when newAjv()'s options change, so code generated with the old ones is not loaded. */
const GENERATION = 1;

/**
 * Every JSON body validator of a document, compiled once and kept as Ajv standalone code under
 * node_modules/.cache/contract/: the next test file (each runs in its own process), and the next run,
 * load it in milliseconds instead of compiling again.
 */
function compiledValidators(document: OpenApiDocument, hash: string): Map<string, ValidateFunction> {
  // The generated code depends on the document, on Ajv's version and on the options of newAjv() (GENERATION).
  const ajvVersion = (require('ajv/package.json') as { version: string }).version;
  const file = path.join(CACHE_DIR, `${hash}-ajv${ajvVersion}-${GENERATION}.cjs`);
  if (!fs.existsSync(file)) {
    const ajv = newAjv(document, true);
    const names: Record<string, string> = {};
    const keys = jsonSchemaKeys(document);
    keys.forEach((key, index) => {
      ajv.addSchema({ $id: `urn:contract:${index}`, $ref: `${DOCUMENT_ID}${key}` });
      names[`v${index}`] = `urn:contract:${index}`;
    });
    // NOTE: CommonJS with `exports.default`, as ajv-formats above.
    const generate = (standaloneCode as unknown as { default: typeof standaloneCode.default }).default;
    const code = `${generate(ajv, names)}\nexports.keys = ${JSON.stringify(keys)};\n`;
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Documents change as the code does: files not written for a week are dropped.
    for (const name of fs.readdirSync(CACHE_DIR)) {
      const old = path.join(CACHE_DIR, name);
      const written = fs.statSync(old, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - written > 7 * 24 * 3600_000) {
        fs.rmSync(old, { force: true });
      }
    }
    // Written aside and renamed: test files in other processes may be reading or writing the same file.
    const partial = `${file}.${process.pid}`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, file);
  }
  const module = require(file) as { keys: string[] } & Record<string, ValidateFunction>;
  return new Map(module.keys.map((key, index) => [key, module[`v${index}`]!]));
}

export type Contract = ReturnType<typeof createContract>;

export function createContract(document: OpenApiDocument, compiled?: ReadonlyMap<string, ValidateFunction>) {
  const paths = (document.paths ?? {}) as Record<string, JsonObject>;
  // A literal segment wins over a parameter (`/v1/articles/feed` before `/v1/articles/{id}`), as in the router.
  const templates = Object.keys(paths)
    .map(compileTemplate)
    .sort((a, b) => a.params - b.params || b.literal - a.literal);

  let ajv: Ajv2020 | undefined;
  const validators = new Map<string, ValidateFunction>(compiled);

  function validatorAt(pointer: string, schema: JsonObject): ValidateFunction {
    const key = schemaKey(pointer, schema);
    let validate = validators.get(key);
    if (!validate) {
      ajv ??= newAjv(document, false);
      validate = ajv.compile({ $ref: `${DOCUMENT_ID}${key}` });
      validators.set(key, validate);
    }
    return validate;
  }

  function findOperation(method: string, url: string) {
    let pathname = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '').split(/[?#]/)[0]!;
    // The app ignores a trailing slash (routerOptions.ignoreTrailingSlash in src/app.ts).
    if (pathname.length > 1 && pathname.endsWith('/')) pathname = pathname.slice(0, -1);
    const lower = method.toLowerCase();
    const matches = templates.filter((template) => template.pattern.test(pathname));
    for (const template of matches) {
      const item = paths[template.path]!;
      // HEAD is GET without the body (RFC 9110, 9.3.2): Fastify answers it for every GET route.
      const found = isObject(item[lower]) ? lower : lower === 'head' && isObject(item.get) ? 'get' : undefined;
      if (found) return { path: template.path, method: found, operation: item[found] as JsonObject };
    }
    return { path: matches[0]?.path, method: undefined, operation: undefined };
  }

  /** Throws a ContractMismatch naming the operation, the status and the first problem found. */
  function check(request: CheckedRequest, response: CheckedResponse, options: { unlisted?: boolean } = {}): void {
    const method = request.method.toUpperCase();
    const found = findOperation(method, request.url);
    if (!found.operation) {
      if (options.unlisted) return;
      throw new ContractMismatch(
        found.path
          ? `${method} ${request.url} answered ${response.status}, but the document has no ${method} operation on ${found.path}`
          : `${method} ${request.url} answered ${response.status}, but the document lists no such path`,
      );
    }
    const operationId = typeof found.operation.operationId === 'string' ? ` (${found.operation.operationId})` : '';
    const where = `${found.method.toUpperCase()} ${found.path}${operationId}`;
    const fail = (message: string): never => {
      throw new ContractMismatch(`${where} answered ${response.status} to ${method} ${request.url}: ${message}`);
    };
    if (options.unlisted) fail('the request is marked unlisted(), but the document lists this operation');

    const responses = isObject(found.operation.responses) ? found.operation.responses : {};
    const status = String(response.status);
    const key = [status, `${status[0]}XX`, 'default'].find((candidate) => responses[candidate] !== undefined);
    if (!key) fail(`status ${status} is not listed (it lists ${Object.keys(responses).join(', ')})`);
    const basePointer = `#/paths/${pointerToken(found.path)}/${found.method}/responses/${key}`;
    const resolved = resolveResponse(document, basePointer, responses[key!]);
    if (!resolved) throw new ContractMismatch(`${where}: the response for ${key} cannot be resolved in the document`);

    const headers = isObject(resolved.response.headers) ? resolved.response.headers : {};
    for (const [name, header] of Object.entries(headers)) {
      if (isObject(header) && header.required === true && response.headers[name.toLowerCase()] === undefined) {
        fail(`the required header ${name} is missing`);
      }
    }

    const isHead = method === 'HEAD';
    const type = mediaTypeOf(response.headers['content-type']);
    const length = Number(response.headers['content-length'] ?? Number.NaN);
    const hasBody =
      !isHead &&
      (response.body !== undefined
        ? response.body.length > 0
        : length > 0 || response.headers['transfer-encoding'] !== undefined);
    const content = isObject(resolved.response.content) ? resolved.response.content : {};
    const listed = Object.keys(content);
    if (listed.length === 0) {
      if (hasBody) fail(`the document lists no body for ${key}, but the answer has one (${type ?? 'no Content-Type'})`);
      return;
    }
    if (type === undefined) {
      if (hasBody) fail(`the answer has a body without a Content-Type (the document lists ${listed.join(', ')})`);
      if (!isHead && response.body !== undefined)
        fail(`the answer is empty, but the document lists ${listed.join(', ')}`);
      return;
    }
    const [family] = type.split('/');
    const mediaKey =
      listed.find((candidate) => candidate.toLowerCase() === type) ??
      listed.find((candidate) => candidate.toLowerCase() === `${family}/*`) ??
      listed.find((candidate) => candidate === '*/*');
    if (!mediaKey) fail(`Content-Type ${type} is not listed for ${key} (it lists ${listed.join(', ')})`);
    const media = content[mediaKey!];
    if (!isJsonMediaType(type) || !isObject(media) || !isObject(media.schema)) return;
    if (isHead || response.body === undefined) return;
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      fail(`the ${type} body is not JSON: ${JSON.stringify(response.body.slice(0, 80))}`);
    }
    const validate = validatorAt(`${resolved.pointer}/content/${pointerToken(mediaKey!)}/schema`, media.schema);
    if (!validate(body)) {
      const [error] = validate.errors ?? [];
      const at = error?.instancePath ? `body${error.instancePath.replace(/\//g, '.')}` : 'the body';
      const params = error?.params ? ` ${JSON.stringify(error.params)}` : '';
      fail(
        `${at} ${error?.message ?? 'is invalid'}${params} (schema ${(error?.schemaPath ?? '?').replace(DOCUMENT_ID, '')}, ${type})`,
      );
    }
  }

  return { check, findOperation };
}

const contracts = new Map<string, Contract>();
const byObject = new WeakMap<object, Contract>();

/** The Contract of a document, shared by every app in this test file that serves the same document. */
export function contractFor(document: OpenApiDocument): Contract {
  let contract = byObject.get(document);
  if (contract) return contract;
  const hash = createHash('sha256').update(JSON.stringify(document)).digest('hex');
  contract = contracts.get(hash);
  if (!contract) {
    contract = createContract(document, compiledValidators(document, hash));
    contracts.set(hash, contract);
  }
  byObject.set(document, contract);
  return contract;
}

/**
 * Whether the document lists an operation for this method and URL. For tests that make URLs up (fuzzing): one
 * that leaves every path template (an empty id makes `/media/`) is sent unlisted() rather than not sent.
 */
export function listsOperation(document: OpenApiDocument, method: string, url: string): boolean {
  return contractFor(document).findOperation(method, url).operation !== undefined;
}

let reference: Promise<Contract> | undefined;

/**
 * The Contract of the document an app built from this source serves: what a child server process
 * (test/server/child-server.ts) answers against. Built once per test file that needs it.
 */
export function referenceContract(): Promise<Contract> {
  reference ??= (async () => {
    const [{ buildApp }, { loadConfig }] = await Promise.all([
      import('../../src/app.js'),
      import('../../src/config.js'),
    ]);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncms-contract-'));
    const app = await buildApp({ config: loadConfig({ DATA_DIR: dataDir }) });
    try {
      await app.ready();
      return contractFor(app.swagger());
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  })();
  return reference;
}
