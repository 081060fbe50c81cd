// Contract: GET /openapi.json is a valid, lint-clean OpenAPI 3.1 document with every path written in full, every
// /v1 operation named, tagged, summarised and documenting its problem responses; openapi/ holds exactly that.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_FILE,
  type Document,
  POSTMAN_FILE,
  renderJson,
  renderTypes,
  TYPES_FILE,
} from '../../scripts/lib/openapi-artifacts.js';
import { json, useApp } from '../helpers/app.js';
import { ROOT } from '../server/child-server.js';

const STALE = 'is out of date: run npm run openapi and commit openapi/';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

type Operation = {
  operationId?: string;
  tags?: string[];
  summary?: string;
  responses?: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
};

function operations(doc: Document): { path: string; method: string; operation: Operation }[] {
  return Object.entries(doc.paths ?? {}).flatMap(([p, item]) =>
    Object.entries(item as Record<string, Operation>)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ path: p, method, operation })),
  );
}

describe('the OpenAPI document', () => {
  const ctx = useApp();
  const served = async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    return json<Document>(res);
  };

  it('openapi/openapi.json is what the server serves', async () => {
    const committed = fs.readFileSync(DOCUMENT_FILE, 'utf8');
    expect(committed, `openapi/openapi.json ${STALE}`).toBe(renderJson(await served()));
  });

  it('validates against the OpenAPI 3.1 schema', async () => {
    const doc = await served();
    expect(doc.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("passes Redocly's lint (redocly.yaml)", async () => {
    const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
    const run = promisify(execFile);
    const result = await run(process.execPath, [cli, 'lint', DOCUMENT_FILE, '--format=stylish'], {
      cwd: ROOT,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    }).catch((error: { stdout: string; stderr: string; code: number }) => error);
    const output = `${result.stdout}\n${result.stderr}`;
    expect('code' in result ? result.code : 0, output).toBe(0);
    expect(output).toContain('valid');
  });

  it('openapi-typescript makes client types from it, and openapi/api-types.d.ts is up to date', async () => {
    const types = await renderTypes(await served());
    expect(types).toContain('"/v1/quotes": {');
    expect(types).toMatch(/Problem: \{/);
    expect(fs.readFileSync(TYPES_FILE, 'utf8'), `openapi/api-types.d.ts ${STALE}`).toBe(types);
  });

  it('`npx openapi-typescript openapi/openapi.json -o client.d.ts` works in the project root', async () => {
    // What a user types to make a typed client: it must not trip over the project's redocly.yaml.
    const cli = path.join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ncms-client-'));
    try {
      const result = await promisify(execFile)(
        process.execPath,
        [cli, 'openapi/openapi.json', '-o', path.join(out, 'client.d.ts')],
        { cwd: ROOT, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
      ).catch((error: { stdout: string; stderr: string; code: number }) => error);
      const output = `${result.stdout}\n${result.stderr}`;
      expect('code' in result ? result.code : 0, output).toBe(0);
      expect(output).not.toMatch(/warn|error/i);
      const client = fs.readFileSync(path.join(out, 'client.d.ts'), 'utf8');
      // The same types as the committed openapi/api-types.d.ts, under the CLI's "auto-generated" banner.
      expect(client.endsWith(fs.readFileSync(TYPES_FILE, 'utf8'))).toBe(true);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('writes every path in full, under /v1 except the operations routes, media files and the reference', async () => {
    const paths = Object.keys((await served()).paths ?? {});
    for (const resource of ['articles', 'images', 'quotes']) {
      expect(paths).toContain(`/v1/${resource}`);
      expect(paths).toContain(`/v1/${resource}/{id}`);
    }
    for (const p of paths) {
      const outside = ['/health', '/ready', '/openapi.json', '/docs'].includes(p) || p.startsWith('/docs/static/');
      expect(outside || p.startsWith('/v1/') || p.startsWith('/media/'), p).toBe(true);
    }
  });

  it('names, tags and summarises every /v1 operation and documents its problem responses', async () => {
    const doc = await served();
    const shared = (doc.components?.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>;
    const ids = new Set<string>();
    const v1 = operations(doc).filter((o) => o.path.startsWith('/v1/'));
    expect(v1.length).toBeGreaterThanOrEqual(5);
    for (const { path: p, method, operation } of v1) {
      const where = `${method.toUpperCase()} ${p}`;
      expect(operation.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      expect(ids.has(operation.operationId!), `${where}: duplicate operationId`).toBe(false);
      ids.add(operation.operationId!);
      expect(operation.tags?.length, where).toBeGreaterThan(0);
      expect(operation.summary, where).toBeTruthy();
      const statuses = Object.keys(operation.responses ?? {});
      for (const status of ['400', '401']) expect(statuses, where).toContain(status);
      for (const status of statuses.filter((s) => s.startsWith('4'))) {
        let response = operation.responses![status]!;
        if (response.$ref) response = shared[response.$ref.replace('#/components/responses/', '')]!;
        expect(Object.keys(response?.content ?? {}), `${where} ${status}`).toEqual(['application/problem+json']);
      }
    }
  });

  it('has no duplicated *Input schemas, no unused schemas and no ±2^53 integer bounds', async () => {
    const doc = await served();
    const text = JSON.stringify(doc);
    const schemas = Object.keys(doc.components?.schemas ?? {});
    for (const name of schemas) {
      expect(text.includes(`"#/components/schemas/${name}"`), `${name} is never referenced`).toBe(true);
      if (name.endsWith('Input')) expect(schemas, `${name} duplicates a schema`).not.toContain(name.slice(0, -5));
    }
    expect(text).not.toContain('9007199254740991');
  });

  it('gives every list its limit as an integer 1-100 defaulting to 20, for client generators', async () => {
    const doc = await served();
    const text = JSON.stringify(doc);
    expect(text).not.toContain('x-input-default');
    for (const list of ['/v1/articles', '/v1/images', '/v1/quotes']) {
      const parameters = (doc.paths as Record<string, any>)[list].get.parameters as { name: string; schema: object }[];
      expect(parameters.find((p) => p.name === 'limit')?.schema, list).toEqual({
        type: 'integer',
        minimum: 1,
        maximum: 100,
        default: 20,
      });
    }
  });

  it('says /health and /ready need no token, and public reads take one optionally', async () => {
    const doc = await served();
    const paths = doc.paths as Record<string, any>;
    expect(paths['/health'].get.security).toEqual([]);
    expect(paths['/ready'].get.security).toEqual([]);
    for (const [p, item] of Object.entries(paths).filter(([p]) => p.startsWith('/media/'))) {
      expect(item.get.security, p).toEqual([]);
    }
    expect(paths['/v1/quotes'].get.security).toEqual([{}, { bearerAuth: [] }]);
    expect(paths['/v1/quotes'].post.security).toEqual([{ bearerAuth: [] }]);
  });

  it('documents the 304 of every conditional read, with the headers it keeps, and the request headers it takes', async () => {
    const paths = (await served()).paths as Record<string, any>;
    const reads = {
      '/v1/articles/{id}': ['ETag', 'Cache-Control', 'Vary'],
      '/v1/images/{id}': ['ETag', 'Cache-Control', 'Vary'],
      '/v1/quotes/{id}': ['ETag', 'Cache-Control', 'Vary'],
      '/media/{file}': ['ETag', 'Last-Modified', 'Cache-Control'],
    };
    for (const [p, headers] of Object.entries(reads)) {
      const { responses, parameters } = paths[p].get;
      expect(responses['304']?.content, p).toBeUndefined();
      for (const status of ['200', '304']) {
        for (const header of headers)
          expect(responses[status].headers?.[header]?.required, `${p} ${status} ${header}`).toBe(true);
      }
      expect(
        parameters
          .filter((parameter: { in: string }) => parameter.in === 'header')
          .map((h: { name: string }) => h.name),
        p,
      ).toContain('If-None-Match');
    }
    expect(paths['/media/{file}'].get.responses['206'].headers['Content-Range'].required).toBe(true);
  });

  it('ships a Postman collection with bearer auth on the collection and every operation', async () => {
    const collection = JSON.parse(fs.readFileSync(POSTMAN_FILE, 'utf8'));
    expect(collection.auth).toEqual({
      type: 'bearer',
      bearer: [{ key: 'token', value: '{{bearerToken}}', type: 'string' }],
    });
    const names = new Set<string>();
    const walk = (items: { name: string; item?: unknown[] }[]) => {
      for (const item of items) {
        names.add(item.name);
        if (item.item) walk(item.item as typeof items);
      }
    };
    walk(collection.item);
    for (const { method, path: p, operation } of operations(await served())) {
      expect(names.has(operation.summary!), `${method} ${p} missing: ${STALE}`).toBe(true);
    }
  });
});

it('the generator writes into openapi/ at the project root', () => {
  expect(path.dirname(DOCUMENT_FILE)).toBe(path.join(ROOT, 'openapi'));
});
