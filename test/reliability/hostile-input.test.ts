// Contract: no input makes the API fail: thousands of generated requests (random and mutated bodies, query strings,
// path params, headers, damaged bytes, multipart forms) to every route never get a 5xx, every error is a
// problem+json, a refused write changes no stored row and leaves no media file, and accepted text reads back equal.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';
import { listsOperation, unlisted } from '../helpers/contract.js';
import {
  byteDamage,
  damage,
  headerValue,
  hostileKey,
  hostileString,
  mutate,
  mutation,
  nestedText,
  toJsonText,
  urlPart,
} from './arbitraries.js';
import { expectProblemShape, openStoredRows, type StoredRows, UNKNOWN_TOKEN } from './helpers.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

type BodyKind = 'quote' | 'article' | 'image' | 'import' | 'none';
type Route = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; body: BodyKind };

const ROUTES: Route[] = [
  { method: 'GET', path: '/v1/articles', body: 'none' },
  { method: 'GET', path: '/v1/articles/{id}', body: 'none' },
  { method: 'POST', path: '/v1/articles', body: 'article' },
  { method: 'PATCH', path: '/v1/articles/{id}', body: 'article' },
  { method: 'DELETE', path: '/v1/articles/{id}', body: 'none' },
  { method: 'GET', path: '/v1/quotes', body: 'none' },
  { method: 'GET', path: '/v1/quotes/{id}', body: 'none' },
  { method: 'POST', path: '/v1/quotes', body: 'quote' },
  { method: 'PATCH', path: '/v1/quotes/{id}', body: 'quote' },
  { method: 'DELETE', path: '/v1/quotes/{id}', body: 'none' },
  { method: 'GET', path: '/v1/images', body: 'none' },
  { method: 'GET', path: '/v1/images/{id}', body: 'none' },
  { method: 'POST', path: '/v1/images', body: 'image' },
  { method: 'PATCH', path: '/v1/images/{id}', body: 'image' },
  { method: 'DELETE', path: '/v1/images/{id}', body: 'none' },
  { method: 'POST', path: '/v1/import', body: 'import' },
  { method: 'GET', path: '/media/{file}', body: 'none' },
  { method: 'GET', path: '/health', body: 'none' },
  { method: 'GET', path: '/ready', body: 'none' },
  { method: 'GET', path: '/openapi.json', body: 'none' },
];

const QUERY_KEYS = [
  'limit',
  'cursor',
  'status',
  'section',
  'tag',
  'q',
  'sort',
  'include',
  'speaker',
  'articleId',
  'credit',
  'dryRun',
  'width',
  'height',
  'format',
  'v',
];

/** Text fields that must be stored and read back exactly as sent. */
const TEXT_FIELDS = [
  'headline',
  'standfirst',
  'section',
  'byline',
  'text',
  'speaker',
  'speakerRole',
  'organisation',
  'channel',
  'altText',
  'caption',
  'credit',
  'creator',
  'copyrightNotice',
];

const isWrite = (method: string) => method !== 'GET';

/** Every file under DATA_DIR/media (originals, renditions, temp files), to prove a refused upload left none. */
function mediaFiles(dataDir: string): string {
  const root = path.join(dataDir, 'media');
  if (!fs.existsSync(root)) return '';
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((name) => fs.statSync(path.join(root, name)).isFile())
    .sort()
    .join('\n');
}

describe('hostile input', () => {
  const ctx = useApp();
  let stored: StoredRows;
  let readOnly: string;
  const seed = { quoteId: '', imageId: '', uploadId: '', mediaFile: '', articleId: '', slug: '', draftId: '' };

  beforeAll(async () => {
    stored = await openStoredRows(ctx);
    readOnly = await ctx.makeToken('fuzz-reader', ['read']);
    const post = async (url: string, payload: object) => {
      const res = await ctx.app.inject({ method: 'POST', url, headers: ctx.auth, payload });
      expect(res.statusCode, res.payload).toBe(201);
      return json(res);
    };
    seed.quoteId = (await post('/v1/quotes', { text: 'We will respond.', speaker: 'Ministry' })).id;
    seed.imageId = (await post('/v1/images', { sourceUrl: 'https://example.org/a.jpg', altText: 'A' })).id;
    const boundary = 'seed-boundary';
    const upload = await ctx.app.inject({
      method: 'POST',
      url: '/v1/images',
      headers: { ...ctx.auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: multipartBody(boundary, [
        { name: 'altText', value: 'A dot' },
        { name: 'file', filename: 'dot.png', type: 'image/png', value: PNG },
      ]),
    });
    expect(upload.statusCode, upload.payload).toBe(201);
    seed.uploadId = json(upload).id;
    seed.mediaFile = new URL(json(upload).url, 'http://x').pathname.split('/').pop()!;
    const article = await post('/v1/articles', {
      headline: 'Seed story',
      status: 'published',
      leadImageId: seed.imageId,
      tags: ['news'],
      body: [
        { type: 'paragraph', text: 'First.' },
        { type: 'quote', quoteId: seed.quoteId },
        { type: 'image', imageId: seed.uploadId },
      ],
    });
    seed.articleId = article.id;
    seed.slug = article.slug;
    seed.draftId = (await post('/v1/articles', { headline: 'Seed draft' })).id;
  });
  afterAll(() => stored?.close());

  const templates = () => ({
    quote: {
      text: 'We will respond to any provocation.',
      speaker: 'National Intelligence Service',
      speakerRole: 'Spy agency',
      organisation: 'South Korea',
      channel: 'statement',
      sourceUrl: 'https://example.org/statement',
      saidAt: '2025-01-10T09:30:00+02:00',
    },
    article: {
      headline: 'Ukraine captures North Korean soldiers',
      standfirst: 'Two soldiers were taken in Kursk.',
      section: 'news',
      tags: ['ukraine', 'north-korea'],
      byline: 'Desk',
      status: 'draft',
      publishedAt: null,
      leadImageId: seed.imageId,
      body: [
        { type: 'heading', text: 'What happened' },
        { type: 'paragraph', text: 'Zelensky wrote on Telegram.' },
        { type: 'quote', quoteId: seed.quoteId },
        { type: 'image', imageId: seed.uploadId },
      ],
    },
    image: {
      sourceUrl: 'https://example.org/photo.jpg',
      altText: 'Soldiers',
      caption: 'In Kursk',
      credit: 'AP',
      creator: 'A photographer',
      copyrightNotice: '© 2024 AP',
      focalPoint: { x: 0.3, y: 0.4 },
    },
    import: {
      images: [{ key: 'img', sourceUrl: 'https://example.org/b.jpg', altText: 'B' }],
      quotes: [{ key: 'q', text: 'Said.', speaker: 'Someone' }],
      articles: [
        {
          slug: 'fuzz-bundle-story',
          headline: 'Bundle story',
          leadImage: 'img',
          body: [{ type: 'quote', quote: 'q' }],
        },
      ],
    },
    none: undefined,
  });

  /** Sends one request and checks the promises every answer keeps; returns the answer. */
  async function send(request: {
    method: Route['method'];
    url: string;
    headers: Record<string, string>;
    payload?: string | Buffer;
  }) {
    const write = isWrite(request.method);
    const before = write ? await stored.snapshot() : '';
    const filesBefore = write ? mediaFiles(ctx.dataDir) : '';
    // A made-up id can leave the route's template (an empty one makes `/media/`): still sent, marked unlisted.
    const outside = !listsOperation(ctx.app.swagger(), request.method, request.url);
    const res = await ctx.app.inject(outside ? unlisted(request) : request);
    const what = `${request.method} ${request.url.slice(0, 200)} → ${res.statusCode} ${res.payload.slice(0, 300)}`;
    expect(res.statusCode, what).toBeLessThan(500);
    expect(res.headers['x-request-id'], what).toBeTruthy();
    if (res.statusCode >= 400) {
      expectProblemShape(res);
      if (write) {
        expect((await stored.snapshot()) === before, `a refused write changed stored rows: ${what}`).toBe(true);
        expect(mediaFiles(ctx.dataDir), `a refused write changed media files: ${what}`).toBe(filesBefore);
      }
    }
    return res;
  }

  /** After an accepted create or update, the text fields sent read back exactly as sent. */
  async function expectStoredVerbatim(route: Route, sent: unknown, res: { statusCode: number; payload: string }) {
    if (res.statusCode !== 200 && res.statusCode !== 201) return;
    if (!sent || typeof sent !== 'object' || Array.isArray(sent) || route.body === 'import') return;
    const created = json(res);
    const read = await ctx.app.inject({
      method: 'GET',
      url: `${route.path.replace('{id}', '').replace(/\/$/, '')}/${created.id}`,
      headers: ctx.auth,
    });
    expect(read.statusCode).toBe(200);
    const stored = json(read);
    for (const field of TEXT_FIELDS) {
      const value = (sent as Record<string, unknown>)[field];
      if (typeof value === 'string') {
        expect(created[field], field).toBe(value);
        expect(stored[field], field).toBe(value);
      }
    }
    const body = (sent as { body?: unknown }).body;
    if (Array.isArray(body)) {
      const texts = body.filter((b) => b.type === 'paragraph' || b.type === 'heading').map((b) => b.text);
      expect(
        stored.body.filter((b: { text?: string }) => b.text !== undefined).map((b: { text: string }) => b.text),
      ).toEqual(texts);
    }
  }

  function urlFor(route: Route, id: string, query: Array<[string, string]>) {
    const pathPart = route.path.replace('{id}', id).replace('{file}', id);
    const queryPart = query.map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join('&');
    return queryPart ? `${pathPart}?${queryPart}` : pathPart;
  }

  const authArb = () =>
    fc.oneof(
      { arbitrary: fc.constant(`Bearer ${ctx.token}`), weight: 8 },
      { arbitrary: fc.constant(`Bearer ${readOnly}`), weight: 1 },
      { arbitrary: fc.constant(`Bearer ${UNKNOWN_TOKEN}`), weight: 1 },
      { arbitrary: fc.constant(undefined), weight: 2 },
      { arbitrary: headerValue, weight: 1 },
    );

  const idArb = (route: Route) =>
    route.path.includes('{file}')
      ? fc.oneof(fc.constant(seed.mediaFile), urlPart)
      : route.method === 'DELETE'
        ? // Seeds are not deleted, so that later runs still find them; a random id still walks every check.
          fc.oneof(urlPart, fc.constant('01JGB1R6ZQ8K9V3M2N4P5Q6R7S'))
        : fc.oneof(
            {
              arbitrary: fc.constantFrom(
                seed.quoteId,
                seed.imageId,
                seed.uploadId,
                seed.articleId,
                seed.slug,
                seed.draftId,
              ),
              weight: 4,
            },
            { arbitrary: urlPart, weight: 2 },
            { arbitrary: fc.integer({ min: 201, max: 2_000 }).map((n) => 'a'.repeat(n)), weight: 1 },
          );

  const queryArb = fc.array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...QUERY_KEYS), urlPart),
      fc.oneof(urlPart, fc.constantFrom('1', '20', '100', 'body', 'any', 'webp', '-createdAt', 'true')),
    ),
    { maxLength: 4 },
  );

  const contentTypeArb = fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 10 },
    {
      arbitrary: fc.constantFrom(
        'application/json; charset=utf-8',
        'application/json; charset=latin1',
        'application/json; charset="UTF-8"',
        'APPLICATION/JSON',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'multipart/form-data',
        'application/problem+json',
        'application/octet-stream',
        'image/png',
      ),
      weight: 3,
    },
    { arbitrary: headerValue, weight: 1 },
  );

  it('random requests to every route: never a 5xx, errors are problems, refusals change nothing', async () => {
    const bodyArb = (route: Route) => {
      const template = templates()[route.body];
      return fc.oneof(
        {
          arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }).map((m) => toJsonText(mutate(template, m))),
          weight: 6,
        },
        { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), weight: 2 },
        { arbitrary: fc.constant(JSON.stringify(template ?? {})), weight: 2 },
        { arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)), weight: 1 },
        { arbitrary: fc.constant(undefined), weight: 1 },
      );
    };
    const requestArb = fc.constantFrom(...ROUTES).chain((route) =>
      fc.record({
        route: fc.constant(route),
        id: idArb(route),
        query: queryArb,
        authorization: authArb(),
        contentType: contentTypeArb,
        ifMatch: fc.option(headerValue, { freq: 8 }),
        ifNoneMatch: fc.option(headerValue, { freq: 8 }),
        requestId: fc.option(headerValue, { freq: 5 }),
        accept: fc.option(headerValue, { freq: 8 }),
        body: route.method === 'GET' || route.method === 'DELETE' ? fc.constant(undefined) : bodyArb(route),
      }),
    );

    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        const headers: Record<string, string> = {};
        if (r.authorization !== undefined) headers.authorization = r.authorization;
        if (r.ifMatch !== null) headers['if-match'] = r.ifMatch;
        if (r.ifNoneMatch !== null) headers['if-none-match'] = r.ifNoneMatch;
        if (r.requestId !== null) headers['x-request-id'] = r.requestId;
        if (r.accept !== null) headers.accept = r.accept;
        if (r.body !== undefined) headers['content-type'] = r.contentType;
        const res = await send({
          method: r.route.method,
          url: urlFor(r.route, r.id, r.query),
          headers,
          payload: r.body,
        });
        if (typeof r.body === 'string' && headers['content-type'] === 'application/json') {
          await expectStoredVerbatim(r.route, JSON.parse(r.body), res);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('valid bodies with one to three fields broken, or with damaged bytes: 2xx or a 4xx problem, never a partial write', async () => {
    const writeRoutes = ROUTES.filter((route) => route.body !== 'none');
    const arb = fc.record({
      route: fc.constantFrom(...writeRoutes),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
      damage: fc.option(byteDamage, { freq: 3 }),
      dryRun: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(arb, async (r) => {
        const sent = mutate(templates()[r.route.body], r.mutations);
        let payload: string | Buffer = toJsonText(sent);
        if (r.damage) payload = damage(Buffer.from(payload), r.damage);
        const id = r.route.body === 'article' ? seed.articleId : r.route.body === 'quote' ? seed.quoteId : seed.imageId;
        const query: Array<[string, string]> = r.route.body === 'import' && r.dryRun ? [['dryRun', 'true']] : [];
        const res = await send({
          method: r.route.method,
          url: urlFor(r.route, id, query),
          headers: { ...ctx.auth, 'content-type': 'application/json' },
          payload,
        });
        if (!r.damage) await expectStoredVerbatim(r.route, sent, res);
      }),
      { numRuns: 500 },
    );
  });

  it('multipart uploads with random parts: 201 or a 4xx problem, and no row or file left by a refusal', async () => {
    const part = fc.oneof(
      fc.record({
        name: fc.oneof(
          fc.constantFrom('altText', 'caption', 'credit', 'creator', 'copyrightNotice', 'sourceUrl', 'focalPoint'),
          hostileKey,
        ),
        value: fc.oneof(hostileString, fc.constantFrom('{"x":0.3,"y":0.4}', '{"x":2}', '[]', '{')),
      }),
      fc.record({
        name: fc.constantFrom('file', 'file', 'other'),
        filename: fc.oneof(fc.constantFrom('a.png', '../../x.png', 'a.exe', ''), hostileString),
        type: fc.constantFrom('image/png', 'image/jpeg', 'text/html', 'application/octet-stream'),
        value: fc.oneof(
          fc.constant(PNG),
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
          fc.nat().map((n) => PNG.subarray(0, n % PNG.length)),
          fc.constant(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')),
        ),
      }),
    );
    const arb = fc.record({
      parts: fc.array(part, { maxLength: 6 }),
      boundary: fc.constantFrom('b0undary', 'x'),
      truncate: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(arb, async (r) => {
        let payload = multipartBody(r.boundary, r.parts);
        if (r.truncate) payload = payload.subarray(0, Math.floor(payload.length / 2));
        await send({
          method: 'POST',
          url: '/v1/images',
          headers: { ...ctx.auth, 'content-type': `multipart/form-data; boundary=${r.boundary}` },
          payload,
        });
      }),
      { numRuns: 200 },
    );
  });

  it('deeply nested JSON (100 000 levels) is refused with a 400, in every body and field', async () => {
    const deep = nestedText(100_000);
    const deepObjects = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    for (const route of ROUTES.filter((r) => r.body !== 'none')) {
      const id = route.body === 'article' ? seed.articleId : route.body === 'quote' ? seed.quoteId : seed.imageId;
      const url = urlFor(route, id, []);
      const headers = { ...ctx.auth, 'content-type': 'application/json' };
      const payloads = [deep, `{"body":${deep},"images":${deep}}`, `{"hedline":${deepObjects}}`];
      for (const payload of payloads) {
        const res = await send({ method: route.method, url, headers, payload });
        expect(res.statusCode, `${route.method} ${url}`).toBe(400);
      }
    }
  });
});

type Part = { name: string; value: string | Buffer; filename?: string; type?: string };

function multipartBody(boundary: string, parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition =
      part.filename === undefined
        ? `form-data; name="${part.name.replace(/["\r\n]/g, '_')}"`
        : `form-data; name="${part.name}"; filename="${part.filename.replace(/["\r\n]/g, '_')}"`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`;
    chunks.push(
      Buffer.from(head),
      Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
