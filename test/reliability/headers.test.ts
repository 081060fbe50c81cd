// Contract: every answer (JSON, problem+json, 401/404/429, media files, /docs) carries the security headers, with
// X-Content-Type-Options: nosniff everywhere; the API's CSP forbids everything, /docs gets one Swagger UI works with.
import { describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';
import { unlisted } from '../helpers/contract.js';

const API_CSP = "default-src 'none';frame-ancestors 'none'";

function expectSecurityHeaders(headers: Record<string, unknown>) {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-frame-options']).toBe('SAMEORIGIN');
  // Pictures and public JSON are embedded and read by frontends on other sites.
  expect(headers['cross-origin-resource-policy']).toBe('cross-origin');
  expect(headers['x-powered-by']).toBeUndefined();
}

describe('security headers', () => {
  const ctx = useApp({ RATE_LIMIT: '1000' });

  it.each([
    ['a public list', 'GET', '/v1/articles', 200],
    ['a token-less write (401)', 'POST', '/v1/quotes', 401],
    ['an unknown route (404)', 'GET', '/v1/nothing-here', 404, 'unlisted'],
    ['a missing resource (404)', 'GET', '/v1/quotes/01JGB1R6ZQ8K9V3M2N4P5Q6R7S', 404],
    ['a bad query (400)', 'GET', '/v1/articles?limit=0', 400],
    ['health', 'GET', '/health', 200],
    ['the OpenAPI document', 'GET', '/openapi.json', 200],
    ['a media file that does not exist', 'GET', '/media/nothing.jpg', 404],
  ] as const)('%s: nosniff and the strict API CSP', async (_what, method, url, status, outside?: 'unlisted') => {
    const res = await ctx.app.inject(outside ? unlisted({ method, url }) : { method, url });
    expect(res.statusCode).toBe(status);
    expectSecurityHeaders(res.headers);
    expect(res.headers['content-security-policy']).toBe(API_CSP);
  });

  it('a malformed URL (answered before any hook) still says nosniff and is problem+json', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/v1/quotes/%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(json(res)).toMatchObject({ status: 400, code: 'BAD_URL' });
  });

  it('/docs gets a CSP that lets Swagger UI load its own scripts, styles and the document, and nothing else', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expectSecurityHeaders(page.headers);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');

    // The page loads only same-origin scripts and styles, with no inline script the CSP would block…
    const scripts = [...page.payload.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(attributes).toMatch(/src="[^"]+"/);
      expect(attributes).not.toMatch(/src="(https?:)?\/\//);
      expect(inline?.trim()).toBe('');
    }
    // …and every one of them is served, under the same policy.
    const assets = [...page.payload.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      const url = asset.startsWith('/') ? asset : `/docs/${asset.replace(/^\.\//, '')}`;
      const res = await ctx.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe(csp);
    }
  });

  it('media files are nosniff with the strict CSP (a picture is never run as a page)', async () => {
    // A 1×1 PNG uploaded through the API, when uploads exist.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const boundary = '----reliability-boundary';
    const form = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="altText"\r\n\r\nA dot\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="dot.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/v1/images',
      headers: { ...ctx.auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: form,
    });
    expect(created.statusCode, created.payload).toBe(201);
    const { url } = json<{ url: string }>(created);
    const file = await ctx.app.inject({ method: 'GET', url });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expectSecurityHeaders(file.headers);
    expect(file.headers['content-security-policy']).toBe(API_CSP);
    const rendition = await ctx.app.inject({ method: 'GET', url: `${url}?format=webp` });
    expect(rendition.statusCode).toBe(200);
    expect(rendition.headers['x-content-type-options']).toBe('nosniff');
  });
});
