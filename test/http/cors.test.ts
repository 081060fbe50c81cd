// Contract: CORS headers go only where CORS applies (a request whose Origin is listed in CORS_ORIGINS); a preflight
// from a listed origin is answered with what the browser needs; any other OPTIONS request is answered as HTTP
// answers OPTIONS (204 with Allow), or a 404 problem for a path with no route, never a text/plain error.
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';
import { unlisted } from '../helpers/contract.js';

const ALLOWED = 'https://www.example.com';
const OTHER = 'https://evil.example';

/** The names of the access-control-* headers of a response. */
function corsHeaders(res: LightMyRequestResponse): string[] {
  return Object.keys(res.headers).filter((name) => name.startsWith('access-control-'));
}

function expectPlainOptionsAnswer(res: LightMyRequestResponse, allow: string) {
  expect(res.statusCode).toBe(204);
  expect(res.headers.allow).toBe(allow);
  expect(res.headers['content-type']).toBeUndefined();
  expect(res.payload).toBe('');
}

describe('CORS with CORS_ORIGINS set', () => {
  const ctx = useApp({ CORS_ORIGINS: `${ALLOWED},http://localhost:5173` });

  it('sends no CORS headers to a request without Origin, but says the answer varies by Origin', async () => {
    for (const url of ['/v1/quotes', '/health', '/v1/nothing-here']) {
      const options = { method: 'GET' as const, url };
      const res = await ctx.app.inject(url === '/v1/nothing-here' ? unlisted(options) : options);
      expect(corsHeaders(res), url).toEqual([]);
      expect(String(res.headers.vary), url).toMatch(/Origin/);
    }
  });

  it('sends no CORS headers to an origin that is not listed', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/v1/quotes', headers: { origin: OTHER } });
    expect(res.statusCode).toBe(200);
    expect(corsHeaders(res)).toEqual([]);
    expect(String(res.headers.vary)).toMatch(/Origin/);
  });

  it('gives a listed origin its own name and the headers it may read, on answers and on problems', async () => {
    for (const [url, status] of [
      ['/v1/quotes', 200],
      ['/v1/quotes/01ARZ3NDEKTSV4RRFFQ69G5FAV', 404],
    ] as const) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: { origin: ALLOWED } });
      expect(res.statusCode).toBe(status);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(res.headers['access-control-expose-headers']).toBe('ETag, Location, X-Request-Id, Retry-After');
      expect(res.headers['access-control-allow-methods']).toBeUndefined();
    }
  });

  it('answers a preflight from a listed origin with 204 and the methods and headers it allows', async () => {
    const res = await ctx.app.inject(
      unlisted({
        method: 'OPTIONS',
        url: '/v1/images',
        headers: {
          origin: ALLOWED,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      }),
    );
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers['access-control-allow-methods']).toBe('GET, HEAD, POST, PATCH, DELETE, OPTIONS');
    expect(res.headers['access-control-allow-headers']).toBe(
      'Authorization, Content-Type, If-Match, If-None-Match, X-Request-Id',
    );
    expect(res.headers['access-control-max-age']).toBe('600');
    expect(String(res.headers.vary)).toMatch(/Origin/);
  });

  it('gives a preflight from an origin that is not listed no CORS headers (the browser then refuses)', async () => {
    const res = await ctx.app.inject(
      unlisted({
        method: 'OPTIONS',
        url: '/v1/images',
        headers: { origin: OTHER, 'access-control-request-method': 'POST' },
      }),
    );
    expect(corsHeaders(res)).toEqual([]);
    expectPlainOptionsAnswer(res, 'GET, HEAD, POST, OPTIONS');
  });

  it('answers an OPTIONS without Origin or without Access-Control-Request-Method with 204 and Allow', async () => {
    const plain = await ctx.app.inject(unlisted({ method: 'OPTIONS', url: '/v1/images' }));
    expectPlainOptionsAnswer(plain, 'GET, HEAD, POST, OPTIONS');
    expect(corsHeaders(plain)).toEqual([]);

    const noMethod = await ctx.app.inject(
      unlisted({ method: 'OPTIONS', url: '/v1/images', headers: { origin: ALLOWED } }),
    );
    expectPlainOptionsAnswer(noMethod, 'GET, HEAD, POST, OPTIONS');
    // A cross-origin OPTIONS request (not a preflight) from a listed origin may read the answer.
    expect(noMethod.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(noMethod.headers['access-control-allow-methods']).toBeUndefined();

    const noOrigin = await ctx.app.inject(
      unlisted({
        method: 'OPTIONS',
        url: '/v1/images',
        headers: { 'access-control-request-method': 'POST' },
      }),
    );
    expectPlainOptionsAnswer(noOrigin, 'GET, HEAD, POST, OPTIONS');
    expect(corsHeaders(noOrigin)).toEqual([]);
  });

  it('lists the methods of the path asked about, query string and trailing slash aside', async () => {
    expectPlainOptionsAnswer(
      await ctx.app.inject(unlisted({ method: 'OPTIONS', url: '/v1/images/01ARZ3NDEKTSV4RRFFQ69G5FAV?x=1' })),
      'GET, HEAD, PATCH, DELETE, OPTIONS',
    );
    expectPlainOptionsAnswer(
      await ctx.app.inject(unlisted({ method: 'OPTIONS', url: '/v1/quotes/' })),
      'GET, HEAD, POST, OPTIONS',
    );
    expectPlainOptionsAnswer(
      await ctx.app.inject(unlisted({ method: 'OPTIONS', url: '/health' })),
      'GET, HEAD, OPTIONS',
    );
  });

  it('answers an OPTIONS to a path with no route with a 404 problem', async () => {
    const res = await ctx.app.inject(unlisted({ method: 'OPTIONS', url: '/v1/nothing-here' }));
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(res)).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
  });
});

describe('CORS with CORS_ORIGINS=*', () => {
  const ctx = useApp({ CORS_ORIGINS: '*' });

  it('answers any origin with its own name, and a request without Origin with no CORS headers', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/v1/quotes', headers: { origin: OTHER } });
    expect(res.headers['access-control-allow-origin']).toBe(OTHER);
    expect(res.headers['access-control-expose-headers']).toBe('ETag, Location, X-Request-Id, Retry-After');
    expect(corsHeaders(await ctx.app.inject({ method: 'GET', url: '/v1/quotes' }))).toEqual([]);
  });
});

describe('CORS without CORS_ORIGINS', () => {
  const ctx = useApp();

  it('sends no CORS headers, with or without Origin', async () => {
    for (const headers of [{}, { origin: ALLOWED }]) {
      const res = await ctx.app.inject({ method: 'GET', url: '/v1/quotes', headers });
      expect(res.statusCode).toBe(200);
      expect(corsHeaders(res)).toEqual([]);
    }
  });

  it('answers a preflight and a plain OPTIONS with 204 and Allow and no CORS headers', async () => {
    for (const headers of [{}, { origin: ALLOWED, 'access-control-request-method': 'DELETE' }]) {
      const res = await ctx.app.inject(unlisted({ method: 'OPTIONS', url: '/v1/articles/some-slug', headers }));
      expectPlainOptionsAnswer(res, 'GET, HEAD, PATCH, DELETE, OPTIONS');
      expect(corsHeaders(res)).toEqual([]);
    }
  });

  it('answers an OPTIONS to a path with no route with a 404 problem', async () => {
    const res = await ctx.app.inject(unlisted({ method: 'OPTIONS', url: '/v1/nothing-here' }));
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
