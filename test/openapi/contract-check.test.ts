// Contract: the suite's check (test/helpers/contract.ts, run on every response by test/helpers/contract-setup.ts)
// fails a response the document does not list, naming the operation, the status and the first schema error.
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app.js';
import { type CheckedResponse, ContractMismatch, contractFor, createContract, unlisted } from '../helpers/contract.js';

const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

const document = {
  openapi: '3.1.0',
  paths: {
    '/things/{id}': {
      get: {
        operationId: 'getThing',
        responses: {
          '200': {
            description: 'OK',
            headers: { ETag: { required: true, schema: { type: 'string' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          '304': { description: 'Not Modified' },
          '404': { $ref: '#/components/responses/NotFound' },
        },
      },
      delete: { operationId: 'deleteThing', responses: { '204': { description: 'No Content' } } },
    },
    '/things/feed': {
      get: {
        operationId: 'getFeed',
        responses: {
          '200': {
            description: 'OK',
            content: {
              'application/feed+json': { schema: { type: 'object', required: ['version'] } },
              'application/rss+xml': { schema: { type: 'string' } },
            },
          },
        },
      },
    },
    '/pictures/{file}': {
      get: { operationId: 'getPicture', responses: { '200': { description: 'OK', content: { 'image/*': {} } } } },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        required: ['id', 'at'],
        properties: { id: { type: 'string', minLength: 3 }, at: { type: 'string', format: 'date-time' } },
        additionalProperties: false,
      },
      Problem: { type: 'object', required: ['status'], properties: { status: { type: 'integer' } } },
    },
    responses: { NotFound: { description: 'Not Found', content: problem } },
  },
};

const contract = createContract(document);
const thing = JSON.stringify({ id: 'abc', at: '2024-12-23T07:00:00.000Z' });
const ok = (body: string, headers: CheckedResponse['headers'] = {}): CheckedResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', etag: '"1"', ...headers },
  body,
});
const get = (url: string) => ({ method: 'GET', url });
const mismatch = (run: () => void) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ContractMismatch);
    return (error as Error).message;
  }
  throw new Error('expected a ContractMismatch');
};

describe('the contract check', () => {
  it('passes an answer the document lists: status, type, headers and body, query string and trailing slash aside', () => {
    contract.check(get('/things/abc?x=1'), ok(thing));
    contract.check(get('/things/abc/'), ok(thing));
    contract.check(get('/things/abc'), { status: 304, headers: { etag: '"1"' }, body: '' });
    contract.check(get('/things/nope'), {
      status: 404,
      headers: { 'content-type': 'application/problem+json' },
      body: '{"status":404}',
    });
    contract.check({ method: 'DELETE', url: '/things/abc' }, { status: 204, headers: {}, body: '' });
  });

  it('fails a status the operation does not list, naming the operation and the statuses it lists', () => {
    const message = mismatch(() => contract.check(get('/things/abc'), { ...ok(thing), status: 418 }));
    expect(message).toContain('GET /things/{id} (getThing) answered 418 to GET /things/abc');
    expect(message).toContain('status 418 is not listed (it lists 200, 304, 404)');
  });

  it('fails a content type the status does not list, and a body where none is listed', () => {
    expect(mismatch(() => contract.check(get('/things/abc'), ok(thing, { 'content-type': 'text/html' })))).toContain(
      'Content-Type text/html is not listed for 200 (it lists application/json)',
    );
    expect(
      mismatch(() => contract.check({ method: 'DELETE', url: '/things/abc' }, { status: 204, headers: {}, body: 'x' })),
    ).toContain('lists no body for 204');
  });

  it('fails a body that breaks its schema with the first error: where, what, and the schema rule', () => {
    const message = mismatch(() => contract.check(get('/things/abc'), ok(JSON.stringify({ id: 'ab', at: 'now' }))));
    expect(message).toMatch(/body\.(id|at) must/);
    expect(message).toContain('(schema #/');
    expect(mismatch(() => contract.check(get('/things/abc'), ok('{"id":"abc"')))).toContain('is not JSON');
    expect(mismatch(() => contract.check(get('/things/abc'), ok('{"status":"x"}')))).toContain('must have required');
  });

  it('resolves shared responses: a problem must be a Problem', () => {
    const message = mismatch(() =>
      contract.check(get('/things/nope'), {
        status: 404,
        headers: { 'content-type': 'application/problem+json' },
        body: '{"status":"404"}',
      }),
    );
    expect(message).toContain('body.status must be integer');
  });

  it('fails a missing required header', () => {
    expect(mismatch(() => contract.check(get('/things/abc'), ok(thing, { etag: undefined })))).toContain(
      'the required header ETag is missing',
    );
  });

  it('takes a literal path before a template, and answers HEAD from GET without reading a body', () => {
    contract.check(get('/things/feed'), {
      status: 200,
      headers: { 'content-type': 'application/feed+json' },
      body: '{"version":"https://jsonfeed.org/version/1.1"}',
    });
    expect(
      mismatch(() =>
        contract.check(get('/things/feed'), {
          status: 200,
          headers: { 'content-type': 'application/feed+json' },
          body: '{}',
        }),
      ),
    ).toContain('GET /things/feed (getFeed)');
    // XML is checked for its status and type only.
    contract.check(get('/things/feed'), {
      status: 200,
      headers: { 'content-type': 'application/rss+xml' },
      body: '<rss/>',
    });
    contract.check({ method: 'HEAD', url: '/things/abc' }, ok('', { 'content-length': '40' }));
  });

  it('matches a media range (image/*) and does not read pictures', () => {
    contract.check(get('/pictures/a.png'), { status: 200, headers: { 'content-type': 'image/png' }, body: undefined });
    expect(
      mismatch(() =>
        contract.check(get('/pictures/a.png'), { status: 200, headers: { 'content-type': 'text/plain' }, body: 'x' }),
      ),
    ).toContain('Content-Type text/plain is not listed');
  });

  it('fails an unknown path or method unless the request is marked unlisted, and a marked request the document lists', () => {
    const notFound = { status: 404, headers: { 'content-type': 'application/problem+json' }, body: '{"status":404}' };
    expect(mismatch(() => contract.check(get('/nothing'), notFound))).toContain('the document lists no such path');
    expect(mismatch(() => contract.check({ method: 'PUT', url: '/things/abc' }, notFound))).toContain(
      'has no PUT operation on /things/{id}',
    );
    contract.check(get('/nothing'), notFound, { unlisted: true });
    expect(mismatch(() => contract.check(get('/things/abc'), ok(thing), { unlisted: true }))).toContain(
      'marked unlisted(), but the document lists this operation',
    );
  });
});

describe('the contract check with its validators compiled once and loaded (contractFor)', () => {
  it('finds the same mismatches', () => {
    const cached = contractFor(document);
    expect(contractFor(structuredClone(document))).toBe(cached);
    cached.check(get('/things/abc'), ok(thing));
    const message = mismatch(() => cached.check(get('/things/abc'), ok(JSON.stringify({ id: 'ab', at: 'now' }))));
    expect(message).toMatch(/body\.(id|at) must/);
    expect(mismatch(() => cached.check(get('/things/abc'), ok(JSON.stringify({ id: 'abc', at: 'now' }))))).toContain(
      'body.at must match format "date-time"',
    );
  });
});

describe('every app.inject of the suite is checked against the app’s own document', () => {
  const ctx = useApp();

  it('fails a request to a path the document does not list, unless it is marked unlisted()', async () => {
    await expect(ctx.app.inject({ method: 'GET', url: '/v1/nothing-here' })).rejects.toThrow(
      /GET \/v1\/nothing-here answered 404, but the document lists no such path/,
    );
    const res = await ctx.app.inject(unlisted({ method: 'GET', url: '/v1/nothing-here' }));
    expect(res.statusCode).toBe(404);
    await expect(ctx.app.inject(unlisted({ method: 'GET', url: '/health' }))).rejects.toThrow(ContractMismatch);
  });

  it('refuses the callback and chain forms of inject, which the check could not see', () => {
    expect(() => (ctx.app.inject as unknown as () => unknown)()).toThrow(/await it/);
  });

  it('checks fetch too: an app listening in this process answers against its own document', async () => {
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const health = await fetch(`${address}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    await expect(fetch(`${address}/v1/nothing-here`)).rejects.toThrow(/lists no such path/);
    expect((await fetch(`${address}/v1/nothing-here`, unlisted({}))).status).toBe(404);
  });
});
