// Contract: with S3_BUCKET, uploads and renditions live in the bucket and are served exactly as local files are
// (bytes, type, validators, immutable caching, HEAD, ranges, 304s); renditions are stored there after they are
// first made; deleting an image removes its objects and makes its URLs 404; a big upload goes up in parts;
// /ready names the bucket when it does not answer. The bucket is a real S3-protocol server (s3rver) on
// 127.0.0.1, talked to by the same AWS SDK code as production.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, makeApp, type TestContext } from '../helpers/app.js';
import { makePicture, mediaFiles, upload } from '../images/pictures.js';

const BUCKET = 'newsroom-media';
const IMMUTABLE = 'public, max-age=31536000, immutable';

let server: S3rver;
let endpoint: string;
let s3Dir: string;
let client: S3Client;
const ctx = {} as TestContext;
const requests: string[] = [];

beforeAll(async () => {
  s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncms-s3-'));
  server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    directory: s3Dir,
    silent: true,
    configureBuckets: [{ name: BUCKET }],
  });
  // Every request the bucket receives, first in line (s3rver is a Koa app: its middleware is composed on run()).
  (server as unknown as { middleware: unknown[] }).middleware.unshift(
    async (koa: { method: string; querystring: string }, next: () => Promise<void>) => {
      requests.push(`${koa.method} ${koa.querystring}`);
      await next();
    },
  );
  const address = await server.run();
  endpoint = `http://127.0.0.1:${address.port}`;
  const env = {
    S3_BUCKET: BUCKET,
    S3_ENDPOINT: endpoint,
    S3_REGION: 'us-east-1',
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
  };
  Object.assign(ctx, await makeApp(env));
  client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
});

afterAll(async () => {
  await ctx.app?.close();
  client?.destroy();
  await server?.close();
  if (ctx.dataDir) fs.rmSync(ctx.dataDir, { recursive: true, force: true });
  if (s3Dir) fs.rmSync(s3Dir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });
const hashOf = (url: string) => url.slice('/media/'.length, '/media/'.length + 64);

async function uploaded(file: Buffer) {
  const res = await upload(ctx.app, ctx.auth, file, { altText: '' });
  expect(res.statusCode).toBe(201);
  return json(res) as { id: string; url: string };
}

async function keysUnder(prefix: string): Promise<string[]> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (page.Contents ?? []).map((object) => object.Key!).sort();
}

async function allKeys(hash: string): Promise<string[]> {
  return [...(await keysUnder(hash)), ...(await keysUnder(`renditions/${hash}/`))];
}

describe('media in an S3 bucket', () => {
  it('stores an upload in the bucket, not under DATA_DIR, and serves it as local files are served', async () => {
    const file = await makePicture('jpeg', { seed: 70 });
    const { url } = await uploaded(file);
    const fileName = url.slice('/media/'.length).split('?')[0]!;
    expect(await keysUnder(hashOf(url))).toEqual([fileName]);
    expect(mediaFiles(ctx.dataDir)).toEqual([]);

    const res = await get(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['content-length']).toBe(String(file.length));
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(new Date(res.headers['last-modified'] as string).getTime()).toBeGreaterThan(0);
    expect(res.rawPayload.equals(file)).toBe(true);

    expect((await get(url, { 'if-none-match': res.headers.etag as string })).statusCode).toBe(304);
    expect((await get(url, { 'if-modified-since': res.headers['last-modified'] as string })).statusCode).toBe(304);

    const part = await get(url, { range: 'bytes=10-19' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 10-19/${file.length}`);
    expect(part.rawPayload.equals(file.subarray(10, 20))).toBe(true);
    const suffix = await get(url, { range: 'bytes=-5' });
    expect(suffix.rawPayload.equals(file.subarray(file.length - 5))).toBe(true);
    expect((await get(url, { range: `bytes=${file.length}-` })).statusCode).toBe(416);

    const head = await ctx.app.inject({ method: 'HEAD', url });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(file.length));
    expect(head.payload).toBe('');
  });

  it('makes a rendition once, stores it in the bucket, and serves it again with the same bytes and headers', async () => {
    const { url } = await uploaded(await makePicture('png', { width: 300, height: 200, seed: 71 }));
    const hash = hashOf(url);
    const first = await get(`${url}&width=120&format=webp`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('image/webp');
    expect(first.headers['cache-control']).toBe(IMMUTABLE);
    expect(first.headers.etag).toBe(`"${hash.slice(0, 16)}-w120.webp"`);
    expect((await sharp(first.rawPayload).metadata()).width).toBe(120);
    expect(await keysUnder(`renditions/${hash}/`)).toEqual([`renditions/${hash}/w120.webp`]);

    const again = await get(`${url}&width=120&format=webp`);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    for (const name of ['content-type', 'content-length', 'etag', 'last-modified', 'cache-control']) {
      expect(again.headers[name]).toBe(first.headers[name]);
    }
    const part = await get(`${url}&width=120&format=webp`, { range: 'bytes=0-9' });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.equals(first.rawPayload.subarray(0, 10))).toBe(true);
    expect(fs.readdirSync(path.join(ctx.dataDir, 'media', 'tmp'))).toEqual([]);
  });

  it('removes the object and its renditions on delete; the url and renditions are 404 afterwards', async () => {
    const image = await uploaded(await makePicture('webp', { seed: 72 }));
    const hash = hashOf(image.url);
    expect((await get(`${image.url}&width=64`)).statusCode).toBe(200);
    expect(await allKeys(hash)).toHaveLength(2);

    const res = await ctx.app.inject({ method: 'DELETE', url: `/v1/images/${image.id}`, headers: ctx.auth });
    expect(res.statusCode).toBe(204);
    expect(await allKeys(hash)).toEqual([]);
    expect((await get(image.url)).statusCode).toBe(404);
    expect((await get(`${image.url}&width=64`)).statusCode).toBe(404);
    expect((await get(`${image.url}&width=80`)).statusCode).toBe(404);
  });

  it('keeps an object shared by two images until the last of them is deleted', async () => {
    const file = await makePicture('png', { seed: 73 });
    const first = await uploaded(file);
    const second = await uploaded(file);
    const hash = hashOf(first.url);
    await ctx.app.inject({ method: 'DELETE', url: `/v1/images/${first.id}`, headers: ctx.auth });
    expect((await get(second.url)).statusCode).toBe(200);
    expect(await allKeys(hash)).toHaveLength(1);
    await ctx.app.inject({ method: 'DELETE', url: `/v1/images/${second.id}`, headers: ctx.auth });
    expect((await get(second.url)).statusCode).toBe(404);
    expect(await allKeys(hash)).toEqual([]);
  });

  it('sends a big upload as a multipart upload and serves it whole and in ranges', async () => {
    // Random pixels do not compress: an uncompressed PNG of ~9.6 MB, past the 8 MiB part size.
    const width = 2000;
    const height = 1600;
    const pixels = Buffer.alloc(width * height * 3);
    for (let i = 0; i < pixels.length; i += 4) pixels.writeUInt32LE((Math.random() * 0xffffffff) >>> 0, i);
    const file = await sharp(pixels, { raw: { width, height, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(file.length).toBeGreaterThan(8 * 1024 ** 2);

    requests.length = 0;
    const { url } = await uploaded(file);
    const fileName = url.slice('/media/'.length).split('?')[0]!;
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: fileName }));
    expect(head.ContentLength).toBe(file.length);
    // Created, two parts sent, completed: lib-storage's multipart upload, not one PUT.
    expect(requests.filter((request) => request.startsWith('POST uploads'))).toHaveLength(1);
    expect(requests.filter((request) => /^PUT .*partNumber=/.test(request))).toHaveLength(2);
    expect(requests.filter((request) => /^POST uploadId=/.test(request))).toHaveLength(1);

    const res = await get(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe(String(file.length));
    expect(res.rawPayload.equals(file)).toBe(true);
    const start = 8 * 1024 ** 2 - 5;
    const part = await get(url, { range: `bytes=${start}-${start + 9}` });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.equals(file.subarray(start, start + 10))).toBe(true);
  }, 60_000);

  it('is ready while the bucket answers, and /ready names the bucket once it does not', async () => {
    expect((await get('/ready')).statusCode).toBe(200);
    const gone = await makeApp({
      S3_BUCKET: 'no-such-bucket',
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    });
    try {
      const ready = await gone.app.inject({ method: 'GET', url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(json(ready).detail).toMatch(/bucket \(S3_BUCKET\)/);
    } finally {
      await gone.app.close();
      fs.rmSync(gone.dataDir, { recursive: true, force: true });
    }
  });
});
