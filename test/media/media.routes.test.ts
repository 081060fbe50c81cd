// Contract: an upload is served at its `url` with its type, validators, immutable caching, HEAD and ranges;
// renditions (width, format, focal-point crops) are made once, without EXIF; path tricks and deleted images are 404.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';
import { unlisted } from '../helpers/contract.js';
import { makePicture, mediaFiles, upload } from '../images/pictures.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

describe('media files', () => {
  const ctx = useApp();

  async function uploaded(file: Buffer, fields: Record<string, string> = { altText: '' }) {
    const res = await upload(ctx.app, ctx.auth, file, fields);
    expect(res.statusCode).toBe(201);
    return json(res) as { id: string; url: string; width: number; height: number };
  }
  const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers });
  const withQuery = (url: string, query: string) => `${url}&${query}`;

  it('serves the original with type, length, ETag, Last-Modified, immutable caching and nosniff', async () => {
    const file = await makePicture('jpeg', { seed: 10 });
    const { url } = await uploaded(file);
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

    const again = await get(url, { 'if-none-match': res.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.payload).toBe('');
    const since = await get(url, { 'if-modified-since': res.headers['last-modified'] as string });
    expect(since.statusCode).toBe(304);
  });

  it('answers HEAD with the headers and no body', async () => {
    const file = await makePicture('png', { seed: 11 });
    const { url } = await uploaded(file);
    const res = await ctx.app.inject({ method: 'HEAD', url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-length']).toBe(String(file.length));
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.payload).toBe('');
  });

  it('serves byte ranges (206), suffix ranges, and 416 outside the file', async () => {
    const file = await makePicture('png', { seed: 12 });
    const { url } = await uploaded(file);
    const part = await get(url, { range: 'bytes=10-19' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 10-19/${file.length}`);
    expect(part.headers['content-length']).toBe('10');
    expect(part.rawPayload.equals(file.subarray(10, 20))).toBe(true);

    const tail = await get(url, { range: 'bytes=-5' });
    expect(tail.statusCode).toBe(206);
    expect(tail.rawPayload.equals(file.subarray(file.length - 5))).toBe(true);

    const open = await get(url, { range: `bytes=${file.length - 3}-` });
    expect(open.rawPayload.equals(file.subarray(file.length - 3))).toBe(true);

    const outside = await get(url, { range: `bytes=${file.length}-` });
    expect(outside.statusCode).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${file.length}`);
    expect(outside.headers['content-type']).toMatch(/^application\/problem\+json/);

    // A stale If-Range gets the whole (current) file.
    const stale = await get(url, { range: 'bytes=0-9', 'if-range': '"other"' });
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.length).toBe(file.length);
  });

  it('ignores the Authorization header (even a bad one)', async () => {
    const { url } = await uploaded(await makePicture('png', { seed: 13 }));
    expect((await get(url, { authorization: 'Bearer revoked-or-wrong' })).statusCode).toBe(200);
    expect((await get(url, { authorization: 'garbage' })).statusCode).toBe(200);
  });

  it.each([
    '/media/0000000000000000000000000000000000000000000000000000000000000000.jpg',
    '/media/..%2f..%2fcms.sqlite',
    '/media/%2e%2e%2fcms.sqlite',
    '/media/..%2fmedia%2ftmp',
    '/media/renditions',
    '/media/tmp',
    '/media/cms.sqlite',
    '/media/%00.jpg',
  ])('answers %s with a 404 problem, never a file', async (url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(res).status).toBe(404);
  });

  // Outside /media/{file}: no route takes them, the not-found handler answers.
  it.each(['/media/../cms.sqlite', '/media/'])('answers %s with a 404 problem, never a file', async (url) => {
    const res = await ctx.app.inject(unlisted({ method: 'GET', url }));
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(res).status).toBe(404);
  });

  it('answers a stored hash with another extension with a 404', async () => {
    const { url } = await uploaded(await makePicture('png', { seed: 14 }));
    const asJpeg = url.replace('.png?', '.jpg?');
    expect((await get(asJpeg)).statusCode).toBe(404);
  });

  describe('renditions', () => {
    it('resizes to the asked width in the original format, keeps the shape, drops EXIF', async () => {
      const file = await makePicture('jpeg', { width: 400, height: 200, gps: true, seed: 20 });
      const { url } = await uploaded(file);
      const res = await get(withQuery(url, 'width=100'));
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['cache-control']).toBe(IMMUTABLE);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers.etag).toBeTruthy();
      const meta = await sharp(res.rawPayload).metadata();
      expect(meta).toMatchObject({ format: 'jpeg', width: 100, height: 50 });
      expect(meta.exif).toBeUndefined();
      expect((await get(withQuery(url, 'width=100'), { 'if-none-match': res.headers.etag as string })).statusCode).toBe(
        304,
      );
    });

    it('never upscales: a larger width gives the original width', async () => {
      const { url } = await uploaded(await makePicture('png', { width: 120, height: 60, seed: 21 }));
      const res = await get(withQuery(url, 'width=4096'));
      expect(res.statusCode).toBe(200);
      expect(await sharp(res.rawPayload).metadata()).toMatchObject({ width: 120, height: 60 });
    });

    it.each([
      ['webp', 'image/webp'],
      ['avif', 'image/avif'],
      ['jpeg', 'image/jpeg'],
      ['png', 'image/png'],
    ])('converts to %s, with or without width', async (format, mime) => {
      const { url } = await uploaded(await makePicture('gif', { width: 200, height: 100, seed: 22 }));
      const converted = await get(withQuery(url, `format=${format}`));
      expect(converted.statusCode).toBe(200);
      expect(converted.headers['content-type']).toBe(mime);
      const meta = await sharp(converted.rawPayload).metadata();
      expect(meta.format === 'heif' ? 'avif' : meta.format).toBe(format);
      expect(meta.width).toBe(200);
      const resized = await get(withQuery(url, `width=50&format=${format}`));
      expect(resized.headers['content-type']).toBe(mime);
      expect((await sharp(resized.rawPayload).metadata()).width).toBe(50);
    });

    it('applies EXIF orientation to renditions', async () => {
      const { url } = await uploaded(await makePicture('jpeg', { width: 300, height: 100, orientation: 6, seed: 23 }));
      const res = await get(withQuery(url, 'width=50'));
      const meta = await sharp(res.rawPayload).metadata();
      expect(meta).toMatchObject({ width: 50, height: 150 });
      expect(meta.orientation).toBeUndefined();
    });

    it('crops to width×height around the centre when there is no focal point', async () => {
      // Left half red, right half blue: a centred square crop straddles both.
      const { url } = await uploaded(await makePicture('png', { width: 400, height: 100, seed: 24 }));
      const res = await get(withQuery(url, 'width=100&height=100'));
      expect(res.statusCode).toBe(200);
      const { data, info } = await sharp(res.rawPayload).raw().toBuffer({ resolveWithObject: true });
      expect(info).toMatchObject({ width: 100, height: 100 });
      const pixel = (x: number) => data[(50 * info.width + x) * info.channels]!;
      expect(pixel(10)).toBeGreaterThan(150); // red on the left of the crop
      expect(pixel(90)).toBeLessThan(100); // blue on the right
    });

    it('crops around the focal point, and a new focal point gives a new url and another crop', async () => {
      const file = await makePicture('png', { width: 400, height: 100, seed: 25 });
      const image = await uploaded(file, { altText: '', focalPoint: '{"x":0.1,"y":0.5}' });
      const red = await get(withQuery(image.url, 'width=100&height=100'));
      expect(red.headers['cache-control']).toBe(IMMUTABLE);
      const redPixels = await sharp(red.rawPayload).raw().toBuffer();
      expect(redPixels[0]).toBeGreaterThan(150);
      expect(redPixels[(100 * 100 - 1) * 3]).toBeGreaterThan(150); // all red: the crop kept the left edge

      const patched = await ctx.app.inject({
        method: 'PATCH',
        url: `/v1/images/${image.id}`,
        headers: ctx.auth,
        payload: { focalPoint: { x: 0.9, y: 0.5 } },
      });
      const moved = json(patched).url as string;
      expect(moved).not.toBe(image.url);
      expect(moved.split('?')[0]).toBe(image.url.split('?')[0]);
      const blue = await sharp((await get(withQuery(moved, 'width=100&height=100'))).rawPayload)
        .raw()
        .toBuffer();
      expect(blue[0]).toBeLessThan(100);
      expect(blue[2]).toBeGreaterThan(150);

      // A caption edit keeps the url (and what caches hold).
      const captioned = await ctx.app.inject({
        method: 'PATCH',
        url: `/v1/images/${image.id}`,
        headers: ctx.auth,
        payload: { caption: 'Only words changed' },
      });
      expect(json(captioned).url).toBe(moved);
    });

    it('never upscales a crop: a box larger than the picture keeps its shape at the largest size that fits', async () => {
      const { url } = await uploaded(await makePicture('png', { width: 200, height: 100, seed: 26 }));
      const res = await get(withQuery(url, 'width=1000&height=1000'));
      expect(await sharp(res.rawPayload).metadata()).toMatchObject({ width: 100, height: 100 });
    });

    it.each([
      ['width=15', 'width'],
      ['width=4097', 'width'],
      ['width=abc', 'width'],
      ['width=100.5', 'width'],
      ['width=-100', 'width'],
      ['width=100&height=0', 'height'],
      ['height=100', 'height'],
      ['format=tiff', 'format'],
      ['format=gif', 'format'],
      ['quality=10', 'quality'],
    ])('refuses %s with a 400 naming %s', async (query, name) => {
      const { url } = await uploaded(await makePicture('png', { seed: 27 }));
      const res = await get(withQuery(url, query));
      expect(res.statusCode).toBe(400);
      expect(json(res).errors.map((e: { path: string }) => e.path)).toContain(name);
    });

    it('makes a rendition once for concurrent requests, and keeps it on disk', async () => {
      const { url } = await uploaded(await makePicture('png', { width: 800, height: 600, seed: 28 }));
      const hash = url.slice('/media/'.length, '/media/'.length + 64);
      const responses = await Promise.all(
        Array.from({ length: 8 }, () => get(withQuery(url, 'width=333&format=webp'))),
      );
      for (const res of responses) {
        expect(res.statusCode).toBe(200);
        expect(res.rawPayload.equals(responses[0]!.rawPayload)).toBe(true);
      }
      const dir = path.join(ctx.dataDir, 'media', 'renditions', hash);
      expect(fs.readdirSync(dir)).toEqual(['w333.webp']);
      expect(fs.readdirSync(path.join(ctx.dataDir, 'media', 'tmp'))).toEqual([]);
    });
  });

  describe('deleting', () => {
    it('removes the file and its renditions; the url and renditions are 404 afterwards', async () => {
      const image = await uploaded(await makePicture('webp', { seed: 30 }));
      const hash = image.url.slice('/media/'.length, '/media/'.length + 64);
      expect((await get(withQuery(image.url, 'width=64'))).statusCode).toBe(200);
      expect(mediaFiles(ctx.dataDir).filter((name) => name.includes(hash))).toHaveLength(2);

      const res = await ctx.app.inject({ method: 'DELETE', url: `/v1/images/${image.id}`, headers: ctx.auth });
      expect(res.statusCode).toBe(204);
      expect(mediaFiles(ctx.dataDir).filter((name) => name.includes(hash))).toEqual([]);
      expect((await get(image.url)).statusCode).toBe(404);
      expect((await get(withQuery(image.url, 'width=64'))).statusCode).toBe(404);
      expect((await get(withQuery(image.url, 'width=80'))).statusCode).toBe(404);
    });

    it('keeps a file shared by two images until the last of them is deleted', async () => {
      const file = await makePicture('png', { seed: 31 });
      const first = await uploaded(file, { altText: 'first' });
      const second = await uploaded(file, { altText: 'second' });
      const hash = first.url.slice('/media/'.length, '/media/'.length + 64);
      await ctx.app.inject({ method: 'DELETE', url: `/v1/images/${first.id}`, headers: ctx.auth });
      expect((await get(second.url)).statusCode).toBe(200);
      expect(mediaFiles(ctx.dataDir).some((name) => name.startsWith(hash))).toBe(true);
      await ctx.app.inject({ method: 'DELETE', url: `/v1/images/${second.id}`, headers: ctx.auth });
      expect((await get(second.url)).statusCode).toBe(404);
      expect(mediaFiles(ctx.dataDir).some((name) => name.includes(hash))).toBe(false);
    });

    it('does not delete an image an article uses, nor its file', async () => {
      const image = await uploaded(await makePicture('png', { seed: 32 }));
      const article = await ctx.app.inject({
        method: 'POST',
        url: '/v1/articles',
        headers: ctx.auth,
        payload: { headline: 'Uses a picture', leadImageId: image.id },
      });
      expect(article.statusCode).toBe(201);
      const res = await ctx.app.inject({ method: 'DELETE', url: `/v1/images/${image.id}`, headers: ctx.auth });
      expect(res.statusCode).toBe(409);
      expect((await get(image.url)).statusCode).toBe(200);
    });
  });
});
