// Contract: auth, as openapi/openapi.json's security schemes and the README's walk-through describe it: who needs a token, what a missing, wrong, revoked or malformed one gets (401
// with WWW-Authenticate), that the token is checked before the body is read, and which routes ignore the header.
import { describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';
import { unlisted } from '../helpers/contract.js';

const quote = { text: 'The situation is under control.', speaker: 'Ministry of Defence' };
const WRONG = `Bearer ncms_${'A'.repeat(43)}`;

function expectUnauthorized(res: { statusCode: number; headers: Record<string, unknown>; payload: string }) {
  expect(res.statusCode).toBe(401);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['www-authenticate']).toBe('Bearer realm="newsroom-cms"');
  const body = json(res);
  expect(body).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401, code: 'UNAUTHORIZED' });
  expect(body.detail).toEqual(expect.any(String));
  return body;
}

describe('auth', () => {
  const ctx = useApp({ BODY_LIMIT: '4096' });

  it('reads published content without a token', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/v1/quotes' });
    expect(res.statusCode).toBe(200);
  });

  it('refuses a write without a token: 401 with WWW-Authenticate', async () => {
    for (const [method, url] of [
      ['POST', '/v1/quotes'],
      ['PATCH', '/v1/quotes/01JGB1R6ZQ8K9V3M2N4P5Q6R7S'],
      ['DELETE', '/v1/quotes/01JGB1R6ZQ8K9V3M2N4P5Q6R7S'],
    ] as const) {
      const body = expectUnauthorized(
        await ctx.app.inject({ method, url, payload: method === 'DELETE' ? undefined : quote }),
      );
      expect(body.detail).toMatch(/needs a token/);
    }
  });

  it('accepts a write with a good token', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/quotes', headers: ctx.auth, payload: quote });
    expect(res.statusCode).toBe(201);
  });

  it('refuses a wrong token on a public read too', async () => {
    expectUnauthorized(await ctx.app.inject({ method: 'GET', url: '/v1/quotes', headers: { authorization: WRONG } }));
    expectUnauthorized(
      await ctx.app.inject({ method: 'GET', url: '/v1/quotes', headers: { authorization: 'Bearer not-a-token' } }),
    );
  });

  it('refuses a revoked token at once, on reads and writes', async () => {
    const token = await ctx.makeToken('to-revoke');
    const headers = { authorization: `Bearer ${token}` };
    expect((await ctx.app.inject({ method: 'GET', url: '/v1/quotes', headers })).statusCode).toBe(200);
    await ctx.revokeToken('to-revoke');
    const body = expectUnauthorized(await ctx.app.inject({ method: 'GET', url: '/v1/quotes', headers }));
    expect(body.detail).toMatch(/revoked/);
    expectUnauthorized(await ctx.app.inject({ method: 'POST', url: '/v1/quotes', headers, payload: quote }));
  });

  it.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer '], ['Bearer two words'], ['Token abc'], ['ncms_abc']])(
    'refuses a malformed Authorization header: %j',
    async (authorization) => {
      const body = expectUnauthorized(
        await ctx.app.inject({ method: 'GET', url: '/v1/quotes', headers: { authorization } }),
      );
      expect(body.detail).toMatch(/malformed|not valid/);
    },
  );

  it('takes the scheme in any case ("bearer")', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/v1/quotes',
      headers: { authorization: `bearer ${ctx.token}` },
    });
    expect(res.statusCode).toBe(200);
  });

  it('checks the token before the body: a huge body without a token is 401, not 413', async () => {
    const huge = JSON.stringify({ ...quote, text: 'x'.repeat(64 * 1024) });
    const headers = { 'content-type': 'application/json' };
    expectUnauthorized(await ctx.app.inject({ method: 'POST', url: '/v1/quotes', headers, payload: huge }));
    expectUnauthorized(
      await ctx.app.inject({
        method: 'POST',
        url: '/v1/quotes',
        headers: { ...headers, authorization: WRONG },
        payload: huge,
      }),
    );
    // The same body with a good token reaches the body limit.
    const withToken = await ctx.app.inject({
      method: 'POST',
      url: '/v1/quotes',
      headers: { ...headers, ...ctx.auth },
      payload: huge,
    });
    expect(withToken.statusCode).toBe(413);
  });

  it('checks the token before the body is valid: malformed JSON without a token is 401', async () => {
    expectUnauthorized(
      await ctx.app.inject({
        method: 'POST',
        url: '/v1/quotes',
        headers: { 'content-type': 'application/json' },
        payload: '{"text": ',
      }),
    );
  });

  it.each(['/health', '/ready', '/openapi.json', '/docs', '/docs/'])(
    '%s ignores a bad Authorization header',
    async (url) => {
      for (const authorization of [WRONG, 'garbage', 'Basic Zm9vOmJhcg==']) {
        const res = await ctx.app.inject({ method: 'GET', url, headers: { authorization } });
        expect(res.statusCode, `${url} with ${authorization}`).toBeLessThan(400);
        expect(res.headers['www-authenticate']).toBeUndefined();
      }
    },
  );

  it('a 401 for an unknown route under /v1 still says 401 when the token is wrong (no route probing)', async () => {
    expectUnauthorized(
      await ctx.app.inject(unlisted({ method: 'GET', url: '/v1/nothing-here', headers: { authorization: WRONG } })),
    );
  });
});
