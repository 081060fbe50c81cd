// Contract: a rendition served again from memory is answered exactly as one read from disk: the same bytes,
// ETag, Last-Modified, caching headers, 304s, ranges and HEAD; deleting the image makes it a 404, and a
// re-upload of the same picture serves freshly made renditions.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileCache } from '../../src/media/send-file.js';
import { json, useApp } from '../helpers/app.js';
import { makePicture, upload } from '../images/pictures.js';

const HEADERS = [
  'content-type',
  'content-length',
  'etag',
  'last-modified',
  'cache-control',
  'accept-ranges',
  'x-content-type-options',
  'cross-origin-resource-policy',
];

describe('renditions served from memory', () => {
  const ctx = useApp();
  const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });
  const pick = (headers: Record<string, unknown>) => Object.fromEntries(HEADERS.map((name) => [name, headers[name]]));

  async function uploaded(seed: number) {
    const res = await upload(ctx.app, ctx.auth, await makePicture('jpeg', { width: 640, height: 400, seed }), {
      altText: '',
    });
    expect(res.statusCode).toBe(201);
    return json(res) as { id: string; url: string };
  }

  it('answers a repeated rendition with the same bytes and headers, even once the file is gone from disk', async () => {
    const { url } = await uploaded(40);
    const first = await get(`${url}&width=200`);
    expect(first.statusCode).toBe(200);
    const hash = url.slice('/media/'.length, '/media/'.length + 64);
    const file = path.join(ctx.dataDir, 'media', 'renditions', hash, 'w200.jpg');
    expect(fs.readFileSync(file).equals(first.rawPayload)).toBe(true);
    // Proof that the next answers come from memory: the file is no longer there to be read.
    fs.rmSync(file);
    for (let i = 0; i < 3; i++) {
      const again = await get(`${url}&width=200`);
      expect(again.statusCode).toBe(200);
      expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
      expect(pick(again.headers)).toEqual(pick(first.headers));
    }
  });

  it('keeps 304s, ranges, If-Range and HEAD', async () => {
    const { url } = await uploaded(41);
    const rendition = `${url}&width=300`;
    const whole = await get(rendition);
    const size = whole.rawPayload.length;
    const etag = whole.headers.etag as string;
    expect((await get(rendition, { 'if-none-match': etag })).statusCode).toBe(304);
    const since = await get(rendition, { 'if-modified-since': whole.headers['last-modified'] as string });
    expect(since.statusCode).toBe(304);

    const part = await get(rendition, { range: 'bytes=5-14' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 5-14/${size}`);
    expect(part.headers['content-length']).toBe('10');
    expect(part.rawPayload.equals(whole.rawPayload.subarray(5, 15))).toBe(true);
    const suffix = await get(rendition, { range: 'bytes=-7' });
    expect(suffix.rawPayload.equals(whole.rawPayload.subarray(size - 7))).toBe(true);
    expect((await get(rendition, { range: `bytes=${size}-` })).statusCode).toBe(416);
    const stale = await get(rendition, { range: 'bytes=0-3', 'if-range': '"another"' });
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.length).toBe(size);

    const head = await ctx.app.inject({ method: 'HEAD', url: rendition });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(size));
    expect(head.headers.etag).toBe(etag);
    expect(head.payload).toBe('');
  });

  it('is a 404 once the image is deleted, and serves new renditions after the same picture is uploaded again', async () => {
    const image = await uploaded(42);
    const rendition = `${image.url}&width=120`;
    expect((await get(rendition)).statusCode).toBe(200);
    expect((await get(rendition)).statusCode).toBe(200);
    const deleted = await ctx.app.inject({ method: 'DELETE', url: `/v1/images/${image.id}`, headers: ctx.auth });
    expect(deleted.statusCode).toBe(204);
    expect((await get(rendition)).statusCode).toBe(404);

    const again = await uploaded(42);
    expect(again.url.split('?')[0]).toBe(image.url.split('?')[0]);
    const remade = await get(`${again.url}&width=120`);
    expect(remade.statusCode).toBe(200);
    const hash = again.url.slice('/media/'.length, '/media/'.length + 64);
    const file = path.join(ctx.dataDir, 'media', 'renditions', hash, 'w120.jpg');
    expect(fs.existsSync(file)).toBe(true);
  });
});

describe('createFileCache', () => {
  const entry = (size: number) => ({ bytes: Buffer.alloc(size, 1), lastModified: 'x' });

  it('keeps at most maxBytes, dropping the least recently used first, and no file over maxFileBytes', () => {
    const cache = createFileCache({ maxBytes: 100, maxFileBytes: 60 });
    cache.set('/a', entry(40));
    cache.set('/b', entry(40));
    expect(cache.get('/a')).toBeDefined(); // a is now the most recently used
    cache.set('/c', entry(40));
    expect(cache.has('/b')).toBe(false);
    expect(cache.has('/a')).toBe(true);
    expect(cache.has('/c')).toBe(true);
    expect(cache.size).toEqual({ files: 2, bytes: 80 });
    cache.set('/big', entry(61));
    expect(cache.has('/big')).toBe(false);
    cache.forgetUnder('/a');
    expect(cache.size).toEqual({ files: 1, bytes: 40 });
  });
});
