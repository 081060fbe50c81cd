// Contract: every answer carries the same full set of security headers that helmet gives the API's policy (and
// x-request-id), including answers refused by an early hook (401, 429) and problem+json errors; /docs differs
// only in its CSP. The headers are computed from helmet once, so this checks they are helmet's, all of them.
import helmet from 'helmet';
import { describe, expect, it } from 'vitest';
import { helmetHeaders } from '../../src/http/security.js';
import { json, useApp } from '../helpers/app.js';
import { unlisted } from '../helpers/contract.js';

const API_HEADERS = {
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'cross-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

function securityHeadersOf(headers: Record<string, unknown>) {
  return Object.fromEntries(Object.keys(API_HEADERS).map((name) => [name, headers[name]]));
}

describe('helmetHeaders', () => {
  it('captures exactly what helmet middleware sets on a response', () => {
    const options = { contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"] } } };
    const set: Record<string, string> = {};
    helmet(options)(
      {} as never,
      { setHeader: (name: string, value: string) => (set[name.toLowerCase()] = value), removeHeader() {} } as never,
      () => {},
    );
    expect(helmetHeaders(options)).toEqual(set);
    expect(Object.keys(set).length).toBeGreaterThanOrEqual(10);
  });

  it('refuses a policy with a value computed per request (it would be frozen at start-up)', () => {
    const nonce = (req: { url?: string }) => `'nonce-${req.url}'`;
    expect(() =>
      helmetHeaders({
        contentSecurityPolicy: {
          useDefaults: false,
          directives: { defaultSrc: ["'none'"], scriptSrc: [nonce as never] },
        },
      }),
    ).toThrow(/fixed/);
  });
});

describe('security headers on every answer', () => {
  const ctx = useApp();

  it('a public read: the whole helmet set, and a request id', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/v1/articles' });
    expect(res.statusCode).toBe(200);
    expect(securityHeadersOf(res.headers)).toEqual(API_HEADERS);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a bad token refused by the auth hook (401): the whole set, and the request id sent', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/v1/articles',
      headers: { authorization: 'Bearer nope', 'x-request-id': 'trace-401' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(securityHeadersOf(res.headers)).toEqual(API_HEADERS);
    expect(res.headers['x-request-id']).toBe('trace-401');
  });

  it('/docs: the same set but its own CSP', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    const { 'content-security-policy': csp, ...rest } = securityHeadersOf(res.headers);
    const { 'content-security-policy': apiCsp, ...apiRest } = API_HEADERS;
    expect(rest).toEqual(apiRest);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toBe(apiCsp);
  });
});

// Its own app: the rate limit's budget must not depend on how many requests other tests made first.
describe('security headers on answers refused early', () => {
  const ctx = useApp({ RATE_LIMIT: '3' });

  it('an unknown URL (404) and a rate-limited request (429): the whole set', async () => {
    const missing = await ctx.app.inject(unlisted({ method: 'GET', url: '/nowhere' }));
    expect(missing.statusCode).toBe(404);
    expect(securityHeadersOf(missing.headers)).toEqual(API_HEADERS);
    let limited: Awaited<ReturnType<typeof ctx.app.inject>> | undefined;
    for (let i = 0; i < 5 && !limited; i++) {
      const res = await ctx.app.inject({ method: 'GET', url: '/v1/quotes' });
      if (res.statusCode === 429) limited = res;
    }
    expect(limited, 'never rate limited').toBeDefined();
    expect(json(limited!).status).toBe(429);
    expect(securityHeadersOf(limited!.headers)).toEqual(API_HEADERS);
  });
});
