import { isDeepStrictEqual } from 'node:util';
import { INPUT_DEFAULT } from '../shared/schemas.js';
import { statusTitles } from './problems.js';

// The document @fastify/swagger and fastify-type-provider-zod v7 generate is correct but noisy: every named schema
// comes twice (`Quote` for responses and `QuoteInput` for requests) whether or not the two differ, components that
// no operation uses are kept, `z.number().int()` carries bounds of ±(2^53 − 1), and every operation repeats the
// same eight problem responses. polishDocument() turns it into the document a client author wants to read; it is
// deterministic, so the committed openapi/openapi.json can be compared with what the server serves.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
export type OpenApiDocument = JsonObject & {
  paths: Record<string, Record<string, JsonObject>>;
  components: JsonObject & { schemas?: Record<string, JsonObject>; responses?: Record<string, JsonObject> };
};

const SCHEMA_REF = '#/components/schemas/';
const INPUT_SUFFIX = 'Input';
const METHOD_ORDER = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options', 'trace'];
const SUCCESS_TITLES: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'No Content',
  '304': 'Not Modified',
};

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Calls visit on every object in the tree (parents before children). */
function walk(value: Json, visit: (node: JsonObject) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (isObject(value)) {
    visit(value);
    for (const child of Object.values(value)) walk(child, visit);
  }
}

function schemaRefName(node: JsonObject): string | undefined {
  const ref = node.$ref;
  return typeof ref === 'string' && ref.startsWith(SCHEMA_REF) ? ref.slice(SCHEMA_REF.length) : undefined;
}

function renameSchemaRefs(value: Json, rename: (name: string) => string): void {
  walk(value, (node) => {
    const name = schemaRefName(node);
    if (name !== undefined) node.$ref = SCHEMA_REF + rename(name);
  });
}

/** A deep copy in which every schema reference has gone through `rename`, for comparisons. */
function withRenamedRefs(value: Json, rename: (name: string) => string): Json {
  const copy = structuredClone(value);
  renameSchemaRefs(copy, rename);
  return copy;
}

/**
 * Merges each `XInput` into `X` when the two are the same schema. The comparison treats a reference to `YInput`
 * as one to `Y` for every pair still assumed equal, and drops pairs that differ until nothing changes (the
 * largest set of pairs consistent with each other), so `ProblemInput` merges even though it names
 * `FieldErrorInput` where `Problem` names `FieldError`.
 */
function mergeInputDuplicates(schemas: Record<string, JsonObject>): Map<string, string> {
  const pairs = new Set(
    Object.keys(schemas).filter(
      (name) => name.endsWith(INPUT_SUFFIX) && schemas[name.slice(0, -INPUT_SUFFIX.length)] !== undefined,
    ),
  );
  const base = (name: string) => (pairs.has(name) ? name.slice(0, -INPUT_SUFFIX.length) : name);
  for (let changed = true; changed; ) {
    changed = false;
    for (const input of pairs) {
      const output = input.slice(0, -INPUT_SUFFIX.length);
      if (!isDeepStrictEqual(withRenamedRefs(schemas[input]!, base), withRenamedRefs(schemas[output]!, base))) {
        pairs.delete(input);
        changed = true;
      }
    }
  }
  return new Map([...pairs].map((input) => [input, base(input)]));
}

/** Names of the schemas reachable from the paths (and from the shared responses they use). */
function reachableSchemas(doc: OpenApiDocument): Set<string> {
  const schemas = doc.components.schemas ?? {};
  const seen = new Set<string>();
  const queue: string[] = [];
  const collect = (value: Json) =>
    walk(value, (node) => {
      const name = schemaRefName(node);
      if (name !== undefined && !seen.has(name)) {
        seen.add(name);
        queue.push(name);
      }
    });
  collect(doc.paths as Json);
  collect((doc.components.responses ?? {}) as Json);
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    const schema = schemas[name];
    if (schema) collect(schema);
  }
  return seen;
}

/** zod writes `z.number().int()` as ±Number.MAX_SAFE_INTEGER bounds: true of every JSON number, so only noise. */
function dropSafeIntegerBounds(doc: OpenApiDocument): void {
  walk(doc as Json, (node) => {
    if (node.minimum === Number.MIN_SAFE_INTEGER) delete node.minimum;
    if (node.maximum === Number.MAX_SAFE_INTEGER) delete node.maximum;
  });
}

function responseName(status: string): string {
  return (statusTitles[Number(status)] ?? `Status${status}`).replace(/[^A-Za-z]/g, '');
}

/**
 * Problem responses that carry only the status's title are shared through components.responses, so each
 * operation lists its statuses in one line each instead of repeating the same object eight times.
 */
function shareProblemResponses(doc: OpenApiDocument): void {
  const shared: Record<string, JsonObject> = { ...(doc.components.responses ?? {}) };
  for (const operations of Object.values(doc.paths)) {
    for (const operation of Object.values(operations)) {
      const responses = operation.responses;
      if (!isObject(responses)) continue;
      for (const [status, response] of Object.entries(responses)) {
        if (!isObject(response) || response.description !== statusTitles[Number(status)]) continue;
        const content = response.content;
        if (!isObject(content) || Object.keys(content).join() !== 'application/problem+json') continue;
        const name = responseName(status);
        const existing = shared[name];
        if (existing && !isDeepStrictEqual(existing, response)) continue;
        shared[name] = response;
        responses[status] = { $ref: `#/components/responses/${name}` };
      }
    }
  }
  if (Object.keys(shared).length > 0) doc.components.responses = shared;
}

function describeSuccesses(doc: OpenApiDocument): void {
  for (const operations of Object.values(doc.paths)) {
    for (const operation of Object.values(operations)) {
      if (!isObject(operation.responses)) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (isObject(response) && response.description === 'Default Response') {
          response.description = SUCCESS_TITLES[status] ?? statusTitles[Number(status)] ?? 'Response';
        }
      }
    }
  }
}

function sortKeys<T extends Record<string, unknown>>(object: T, compare?: (a: string, b: string) => number): T {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => (compare ? compare(a, b) : a < b ? -1 : 1))) as T;
}

/**
 * A route declared for several methods (`GET` and `HEAD` of a media file) gives each the same operationId, which
 * OpenAPI forbids; the later ones are renamed after their method (`getMediaFile` → `headMediaFile`).
 */
function uniqueOperationIds(doc: OpenApiDocument): void {
  const seen = new Set<string>();
  for (const operations of Object.values(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const id = operation.operationId;
      if (typeof id !== 'string') continue;
      if (seen.has(id)) {
        const renamed = /^get[A-Z]/.test(id)
          ? `${method}${id.slice(3)}`
          : `${id}${method.charAt(0).toUpperCase()}${method.slice(1)}`;
        // NOTE: @fastify/swagger gives the methods of one route the same operation object: copy before renaming.
        operations[method] = { ...operation, operationId: renamed };
        seen.add(renamed);
      } else {
        seen.add(id);
      }
    }
  }
}

/** Tags that no operation uses would show as empty sections in the reference. */
function pruneUnusedTags(doc: OpenApiDocument): void {
  if (!Array.isArray(doc.tags)) return;
  const used = new Set<string>();
  for (const operations of Object.values(doc.paths)) {
    for (const operation of Object.values(operations)) {
      if (Array.isArray(operation.tags)) for (const tag of operation.tags) used.add(String(tag));
    }
  }
  doc.tags = doc.tags.filter((tag) => isObject(tag) && used.has(String(tag.name)));
}

/** See INPUT_DEFAULT: the request-side default of a transforming parameter becomes a plain `default`. */
function applyInputDefaults(doc: OpenApiDocument): void {
  walk(doc as Json, (node) => {
    if (!(INPUT_DEFAULT in node)) return;
    node.default = node[INPUT_DEFAULT]!;
    delete node[INPUT_DEFAULT];
  });
}

/**
 * Route schema key for a body that may be left out (the route then takes `{}`): @fastify/swagger marks every
 * request body required, so an operation carrying this key gets `requestBody.required: false` instead.
 */
export const OPTIONAL_BODY = 'x-optional-body';

function applyOptionalBodies(doc: OpenApiDocument): void {
  for (const operations of Object.values(doc.paths)) {
    for (const operation of Object.values(operations)) {
      if (!isObject(operation) || operation[OPTIONAL_BODY] === undefined) continue;
      delete operation[OPTIONAL_BODY];
      if (isObject(operation.requestBody)) operation.requestBody.required = false;
    }
  }
}

export function polishDocument<T extends object>(input: T): T {
  const doc = structuredClone(input) as unknown as OpenApiDocument;
  doc.paths ??= {};
  doc.components ??= {};
  const schemas = doc.components.schemas ?? {};

  const merged = mergeInputDuplicates(schemas);
  renameSchemaRefs(doc as Json, (name) => merged.get(name) ?? name);
  for (const input of merged.keys()) delete schemas[input];

  describeSuccesses(doc);
  shareProblemResponses(doc);

  const reachable = reachableSchemas(doc);
  for (const name of Object.keys(schemas)) if (!reachable.has(name)) delete schemas[name];

  // What is left as `XInput` differs from `X`; when `X` itself is unused (a request body whose output form no
  // route returns, such as QuoteCreate), the request schema takes the plain name.
  const renames = new Map<string, string>();
  for (const name of Object.keys(schemas)) {
    const plain = name.slice(0, -INPUT_SUFFIX.length);
    if (name.endsWith(INPUT_SUFFIX) && schemas[plain] === undefined) renames.set(name, plain);
  }
  for (const [from, to] of renames) {
    schemas[to] = schemas[from]!;
    delete schemas[from];
  }
  renameSchemaRefs(doc as Json, (name) => renames.get(name) ?? name);

  dropSafeIntegerBounds(doc);
  applyInputDefaults(doc);
  applyOptionalBodies(doc);
  pruneUnusedTags(doc);

  // Stable order: maps sorted by key, a path's methods in the conventional order, responses by status.
  doc.paths = sortKeys(doc.paths);
  for (const [path, operations] of Object.entries(doc.paths)) {
    doc.paths[path] = sortKeys(operations, (a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b));
    for (const operation of Object.values(doc.paths[path]!)) {
      if (isObject(operation.responses)) operation.responses = sortKeys(operation.responses);
    }
  }
  uniqueOperationIds(doc);
  doc.components.schemas = sortKeys(schemas);
  if (doc.components.responses) doc.components.responses = sortKeys(doc.components.responses);
  return doc as unknown as T;
}
