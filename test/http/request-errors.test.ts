// Contract: the conventions for every request (openapi/openapi.json): x-request-id on every response (taken from the request when
// sent), problem+json for unknown routes (404), wrong content types (415), bodies past BODY_LIMIT (413) and
// invalid JSON (400), never a stack trace.
import { describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';
import { unlisted } from '../helpers/contract.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; payload: string }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = json(res);
  expect(body).toMatchObject({ type: 'about:blank', status, detail: expect.any(String), code: expect.any(String) });
  expect(res.payload).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  expect(body.requestId).toBe(res.headers['x-request-id']);
  return body;
}

describe('x-request-id', () => {
  const ctx = useApp();

  it('is echoed when the request sends one', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/v1/quotes', headers: { 'x-request-id': 'edit-desk-42' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe('edit-desk-42');
  });

  it('is made when the request sends none, a different one each time', async () => {
    const a = await ctx.app.inject({ method: 'GET', url: '/health' });
    const b = await ctx.app.inject({ method: 'GET', url: '/health' });
    expect(a.headers['x-request-id']).toMatch(UUID);
    expect(b.headers['x-request-id']).toMatch(UUID);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('is replaced when the one sent is not a sane token (too long, spaces, control characters)', async () => {
    for (const id of ['x'.repeat(200), 'two words', 'a<script>']) {
      const res = await ctx.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': id } });
      expect(res.headers['x-request-id']).toMatch(UUID);
    }
  });

  it('is on errors and 404s too, and in the problem body', async () => {
    const notFound = await ctx.app.inject(
      unlisted({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'r-404' } }),
    );
    expect(notFound.headers['x-request-id']).toBe('r-404');
    expect(expectProblem(notFound, 404).requestId).toBe('r-404');

    const unauthorized = await ctx.app.inject({
      method: 'POST',
      url: '/v1/quotes',
      headers: { 'x-request-id': 'r-401' },
      payload: {},
    });
    expect(unauthorized.headers['x-request-id']).toBe('r-401');
    expectProblem(unauthorized, 401);

    const invalid = await ctx.app.inject({
      method: 'POST',
      url: '/v1/quotes',
      headers: { ...ctx.auth, 'x-request-id': 'r-400' },
      payload: { text: '' },
    });
    expect(invalid.headers['x-request-id']).toBe('r-400');
    expectProblem(invalid, 400);

    const made = await ctx.app.inject({ method: 'GET', url: '/v1/quotes/unknown-id' });
    expect(made.headers['x-request-id']).toMatch(UUID);
    expectProblem(made, 404);
  });
});

describe('problem responses for malformed requests', () => {
  const ctx = useApp({ BODY_LIMIT: '2048' });

  it('an unknown route is a 404 problem', async () => {
    for (const [method, url] of [
      ['GET', '/v1/nothing'],
      ['GET', '/v2/quotes'],
      ['PUT', '/v1/quotes'],
      ['GET', '/'],
    ] as const) {
      const body = expectProblem(await ctx.app.inject(unlisted({ method, url })), 404);
      expect(body.code).toBe('ROUTE_NOT_FOUND');
      expect(body.detail).toContain(url);
    }
  });

  it('a path segment past 500 characters is a 414 problem on every route with an id, as the document lists', async () => {
    const long = 'a'.repeat(501);
    for (const [method, url] of [
      ['GET', `/v1/articles/${long}`],
      ['PATCH', `/v1/quotes/${long}`],
      ['DELETE', `/v1/images/${long}`],
      ['GET', `/media/${long}.jpg`],
    ] as const) {
      const body = expectProblem(await ctx.app.inject({ method, url, headers: { authorization: 'Bearer x' } }), 414);
      expect(body.code).toBe('URI_TOO_LONG');
    }
  });

  it('an unknown route does not echo the query string', async () => {
    const body = expectProblem(await ctx.app.inject(unlisted({ method: 'GET', url: '/v1/nothing?secret=1' })), 404);
    expect(body.detail).not.toContain('secret');
  });

  it.each([
    ['text/plain', 'text: hello'],
    ['application/x-www-form-urlencoded', 'text=hello&speaker=me'],
    ['application/xml', '<quote/>'],
  ])('a %s body on a JSON route is a 415', async (type, payload) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/quotes',
      headers: { ...ctx.auth, 'content-type': type },
      payload,
    });
    const body = expectProblem(res, 415);
    expect(body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(body.detail).toContain('application/json');
  });

  it('a body past BODY_LIMIT is a 413 naming the limit', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/quotes',
      headers: { ...ctx.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'x'.repeat(4096), speaker: 'me' }),
    });
    const body = expectProblem(res, 413);
    expect(body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.detail).toContain('2048');
  });

  it('a body just under BODY_LIMIT is read', async () => {
    const payload = JSON.stringify({ text: 'x'.repeat(1900), speaker: 'me' });
    expect(Buffer.byteLength(payload)).toBeLessThan(2048);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/quotes',
      headers: { ...ctx.auth, 'content-type': 'application/json' },
      payload,
    });
    expect(res.statusCode).toBe(201);
  });

  it.each([
    ['truncated', '{"text": "a", '],
    ['not JSON at all', 'hello'],
    ['a trailing comma', '{"text": "a", "speaker": "b",}'],
  ])('invalid JSON (%s) is a 400', async (_what, payload) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/quotes',
      headers: { ...ctx.auth, 'content-type': 'application/json' },
      payload,
    });
    const body = expectProblem(res, 400);
    expect(body.code).toBe('INVALID_JSON');
  });

  it('an empty JSON body is a 400', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/quotes',
      headers: { ...ctx.auth, 'content-type': 'application/json' },
      payload: '',
    });
    expectProblem(res, 400);
  });

  it('JSON that is not an object is a 400 validation problem, not a 500', async () => {
    for (const payload of ['[]', '"text"', 'null', '42']) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/v1/quotes',
        headers: { ...ctx.auth, 'content-type': 'application/json' },
        payload,
      });
      expectProblem(res, 400);
    }
  });

  it('a prototype-pollution attempt is refused, not merged', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/quotes',
      headers: { ...ctx.auth, 'content-type': 'application/json' },
      payload: '{"text":"a","speaker":"b","__proto__":{"admin":true}}',
    });
    expectProblem(res, 400);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
