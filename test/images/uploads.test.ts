// Contract: uploads are checked by content (JPEG, PNG, WebP, GIF, AVIF only), sized from the file, stored once by
// content hash, stripped of GPS, and every refusal (400, 413, 415) leaves no row and no file behind.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';
import { FORMATS, GPS_MARKER, MIME, makePicture, mediaFiles, upload } from './pictures.js';

describe('uploads', () => {
  const ctx = useApp({ UPLOAD_LIMIT: String(512 * 1024) });

  const imageCount = async () =>
    json(await ctx.app.inject({ method: 'GET', url: '/v1/images?limit=1' })).meta.total as number;

  /** Asserts a refusal stored nothing: same row count, same files, nothing in tmp/. */
  async function expectNothingStored(before: { rows: number; files: string[] }) {
    expect(await imageCount()).toBe(before.rows);
    expect(mediaFiles(ctx.dataDir)).toEqual(before.files);
    expect(mediaFiles(ctx.dataDir).filter((name) => name.startsWith('tmp'))).toEqual([]);
  }
  const snapshot = async () => ({ rows: await imageCount(), files: mediaFiles(ctx.dataDir) });

  it.each(FORMATS)('takes a %s upload: 201, dimensions, type and size from the file', async (format) => {
    const file = await makePicture(format, { width: 300 + FORMATS.indexOf(format), height: 170 });
    const res = await upload(ctx.app, ctx.auth, file, {
      altText: `A ${format} picture`,
      credit: 'AP',
      focalPoint: '{"x":0.25,"y":0.75}',
    });
    expect(res.statusCode).toBe(201);
    const body = json(res);
    expect(res.headers.location).toBe(`/v1/images/${body.id}`);
    expect(res.headers.etag).toBeTruthy();
    expect(body).toMatchObject({
      altText: `A ${format} picture`,
      credit: 'AP',
      sourceUrl: null,
      focalPoint: { x: 0.25, y: 0.75 },
      width: 300 + FORMATS.indexOf(format),
      height: 170,
      mimeType: MIME[format],
      bytes: file.length,
    });
    expect(body.url).toMatch(/^\/media\/[0-9a-f]{64}\.(jpg|png|webp|gif|avif)\?v=[\w-]+$/);
    const served = await ctx.app.inject({ method: 'GET', url: body.url });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe(MIME[format]);
    expect(served.rawPayload.equals(file)).toBe(true);
  });

  it('takes the file part before or after the fields, and fields it ignores (read-only)', async () => {
    const file = await makePicture('png', { seed: 1 });
    const res = await upload(
      ctx.app,
      ctx.auth,
      file,
      { altText: '', caption: 'Soldiers', width: '9999', id: 'x', url: '/elsewhere', mimeType: 'text/html' },
      { fileFirst: true, fileName: 'evil.svg', type: 'image/svg+xml' },
    );
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ altText: '', caption: 'Soldiers', width: 320, mimeType: 'image/png' });
  });

  it('reports the width and height as displayed (EXIF orientation applied)', async () => {
    const file = await makePicture('jpeg', { width: 300, height: 100, orientation: 6 });
    const res = await upload(ctx.app, ctx.auth, file);
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ width: 100, height: 300 });
  });

  it('takes an upload read with GET back with PATCH; the file facts stay those of the file', async () => {
    const created = json(await upload(ctx.app, ctx.auth, await makePicture('png', { seed: 8 })));
    const read = json(await ctx.app.inject({ method: 'GET', url: `/v1/images/${created.id}` }));
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/v1/images/${created.id}`,
      headers: ctx.auth,
      payload: { ...read, caption: 'Edited', width: 1, bytes: 2, mimeType: 'text/html', url: '/elsewhere' },
    });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({
      caption: 'Edited',
      url: created.url,
      width: created.width,
      bytes: created.bytes,
      mimeType: 'image/png',
      sourceUrl: null,
    });
  });

  it('stores the same picture once, whoever uploads it', async () => {
    const file = await makePicture('webp', { seed: 2 });
    const first = json(await upload(ctx.app, ctx.auth, file, { altText: 'one' }));
    const before = mediaFiles(ctx.dataDir);
    const second = json(await upload(ctx.app, ctx.auth, file, { altText: 'two' }));
    expect(second.id).not.toBe(first.id);
    expect(second.url.split('?')[0]).toBe(first.url.split('?')[0]);
    expect(mediaFiles(ctx.dataDir)).toEqual(before);
  });

  const refusals: Array<[string, () => Promise<Buffer>]> = [
    ['SVG', async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['text', async () => Buffer.from('just some text, not a picture at all')],
    [
      'a PNG signature glued on a script',
      async () => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('#!/bin/sh\nrm -rf /\n')]),
    ],
    [
      'a valid PNG header glued on PHP',
      async () => {
        const png = await makePicture('png', { width: 16, height: 16 });
        return Buffer.concat([png.subarray(0, 33), Buffer.from('<?php system($_GET["c"]); ?>'.repeat(8))]);
      },
    ],
    [
      'TIFF (a picture, but not one of ours)',
      async () =>
        sharp(await makePicture('png'))
          .tiff()
          .toBuffer(),
    ],
    [
      'a truncated JPEG',
      async () => {
        const jpeg = await makePicture('jpeg', { width: 400, height: 300 });
        return jpeg.subarray(0, jpeg.length - 400);
      },
    ],
  ];

  it.each(refusals)('refuses %s with 415 and stores nothing', async (_name, make) => {
    const before = await snapshot();
    const res = await upload(ctx.app, ctx.auth, await make(), { altText: 'x' }, { type: 'image/png' });
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(res)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    await expectNothingStored(before);
  });

  it('refuses an upload over UPLOAD_LIMIT with 413 and leaves no partial file', async () => {
    const before = await snapshot();
    const big = Buffer.concat([await makePicture('png'), Buffer.alloc(600 * 1024, 7)]);
    const res = await upload(ctx.app, ctx.auth, big);
    expect(res.statusCode).toBe(413);
    expect(json(res)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    await expectNothingStored(before);
  });

  it('refuses a request whose declared length cannot fit, before reading it', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/images',
      headers: {
        ...ctx.auth,
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(100 * 1024 * 1024),
      },
      payload: '--x--',
    });
    expect(res.statusCode).toBe(413);
  });

  it('refuses a decompression bomb (pixel count from the header) with 413', async () => {
    const before = await snapshot();
    // A real 16×16 PNG whose header claims 40000×40000 pixels (CRC fixed): tiny file, 1.6 gigapixels.
    const png = Buffer.from(await makePicture('png', { width: 16, height: 16 }));
    png.writeUInt32BE(40_000, 16);
    png.writeUInt32BE(40_000, 20);
    const { crc32 } = await import('node:zlib');
    png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
    const res = await upload(ctx.app, ctx.auth, png);
    expect(res.statusCode).toBe(413);
    expect(json(res)).toMatchObject({ code: 'TOO_MANY_PIXELS' });
    await expectNothingStored(before);
  });

  it('lists every bad field at once: unknown ones, bad focal point, empty sourceUrl, missing alt text', async () => {
    const before = await snapshot();
    const res = await upload(ctx.app, ctx.auth, await makePicture('png', { seed: 3 }), {
      captoin: 'typo',
      focalPoint: '{"x": 2, "y": 0.5}',
      sourceUrl: '',
      credit: 'AP',
    });
    expect(res.statusCode).toBe(400);
    const paths = json(res)
      .errors.map((e: { path: string }) => e.path)
      .sort();
    expect(paths).toEqual(['altText', 'captoin', 'focalPoint.x', 'sourceUrl']);
    await expectNothingStored(before);
  });

  it('refuses focalPoint that is not JSON, a missing file, a file in another field, two files', async () => {
    const file = await makePicture('png', { seed: 4 });
    const notJson = await upload(ctx.app, ctx.auth, file, { altText: '', focalPoint: 'x=0.3' });
    expect(notJson.statusCode).toBe(400);
    expect(json(notJson).errors).toEqual([{ path: 'focalPoint', message: expect.stringContaining('JSON') }]);

    const noFile = await upload(ctx.app, ctx.auth, null, { altText: '' });
    expect(noFile.statusCode).toBe(400);
    expect(json(noFile).errors).toEqual([{ path: 'file', message: expect.any(String) }]);

    const otherField = await upload(ctx.app, ctx.auth, file, { altText: '' }, { fileField: 'image' });
    expect(otherField.statusCode).toBe(400);
    expect(json(otherField).errors[0].path).toBe('image');

    const form = new FormData();
    form.append('altText', '');
    form.append('file', new Blob([file]), 'a.png');
    form.append('file', new Blob([file]), 'b.png');
    const before = await snapshot();
    const two = await ctx.app.inject({ method: 'POST', url: '/v1/images', headers: ctx.auth, payload: form });
    expect(two.statusCode).toBe(400);
    await expectNothingStored(before);
  });

  it('keeps UTF-8 fields as sent and refuses bytes of another encoding by field name, storing nothing', async () => {
    const file = await makePicture('png', { seed: 7 });
    const good = await upload(ctx.app, ctx.auth, file, { altText: 'Zürich — 東京 😀', caption: 'مرحبا' });
    expect(good.statusCode).toBe(201);
    expect(json(good)).toMatchObject({ altText: 'Zürich — 東京 😀', caption: 'مرحبا' });

    const before = await snapshot();
    const boundary = 'latin1-boundary';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="altText"\r\n\r\n`),
      Buffer.from('Caf\xe9 in Z\xfcrich', 'latin1'),
      Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="caption"\r\n\r\nfine`),
      Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n`),
      Buffer.from('Content-Type: image/png\r\n\r\n'),
      await makePicture('png', { seed: 8 }),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/images',
      headers: { ...ctx.auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(res).errors).toEqual([{ path: 'altText', message: expect.stringMatching(/not valid UTF-8/) }]);
    await expectNothingStored(before);
  });

  it('takes focalPoint null and a duplicate field is a 400', async () => {
    const file = await makePicture('png', { seed: 5 });
    const ok = await upload(ctx.app, ctx.auth, file, { altText: '', focalPoint: 'null' });
    expect(ok.statusCode).toBe(201);
    expect(json(ok).focalPoint).toBeNull();
    const form = new FormData();
    form.append('altText', 'a');
    form.append('altText', 'b');
    form.append('file', new Blob([file]), 'a.png');
    const dup = await ctx.app.inject({ method: 'POST', url: '/v1/images', headers: ctx.auth, payload: form });
    expect(dup.statusCode).toBe(400);
    expect(json(dup).errors).toEqual([{ path: 'altText', message: 'was sent more than once' }]);
  });

  it.each([
    ['no boundary', 'multipart/form-data', '--x\r\n'],
    ['garbage', 'multipart/form-data; boundary=x', 'garbage'],
    [
      'a file cut short',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc',
    ],
    [
      'a part without a name',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data\r\n\r\nabc\r\n--x--\r\n',
    ],
    [
      'a forbidden field name',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="constructor"\r\n\r\na\r\n--x--\r\n',
    ],
    [
      'a JSON field that is not JSON',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="focalPoint"\r\nContent-Type: application/json\r\n\r\n{bad\r\n--x--\r\n',
    ],
  ])('answers a malformed form (%s) with a 400 problem, not a 500', async (_name, type, payload) => {
    const before = await snapshot();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/images',
      headers: { ...ctx.auth, 'content-type': type },
      payload,
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(res).detail).not.toMatch(/undefined/);
    await expectNothingStored(before);
  });

  it('needs a token, checked before the body is read', async () => {
    const res = await upload(ctx.app, {}, await makePicture('png'));
    expect(res.statusCode).toBe(401);
  });

  it('answers 415 to a body that is neither JSON nor multipart', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/images',
      headers: { ...ctx.auth, 'content-type': 'image/png' },
      payload: await makePicture('png'),
    });
    expect(res.statusCode).toBe(415);
  });

  describe('location metadata', () => {
    it.each(['jpeg', 'png', 'webp', 'avif'] as const)(
      'removes EXIF GPS from a %s and keeps the rest of the file',
      async (format) => {
        const file = await makePicture(format, { gps: true, seed: 6 });
        expect(file.includes(GPS_MARKER)).toBe(true);
        const res = await upload(ctx.app, ctx.auth, file);
        expect(res.statusCode).toBe(201);
        const stored = (await ctx.app.inject({ method: 'GET', url: json(res).url })).rawPayload;
        expect(stored.includes(GPS_MARKER)).toBe(false);
        expect(stored.length).toBe(file.length);
        expect(json(res).bytes).toBe(file.length);
        // The rest of the EXIF (the copyright) stays; the pixels are untouched.
        expect(stored.includes('Newsroom test')).toBe(true);
        const [before, after] = await Promise.all([sharp(file).raw().toBuffer(), sharp(stored).raw().toBuffer()]);
        expect(after.equals(before)).toBe(true);
        const { exif } = await sharp(stored).metadata();
        const { exifHasGps } = await import('../../src/media/location-metadata.js');
        expect(exifHasGps(exif)).toBe(false);
      },
    );

    it('keeps a picture without GPS byte for byte, EXIF and all', async () => {
      const file = await makePicture('jpeg', { exif: true, seed: 7 });
      const res = await upload(ctx.app, ctx.auth, file);
      expect(res.statusCode).toBe(201);
      const stored = (await ctx.app.inject({ method: 'GET', url: json(res).url })).rawPayload;
      expect(stored.equals(file)).toBe(true);
      const name = json(res).url.split('?')[0].split('/').pop();
      expect(fs.readFileSync(path.join(ctx.dataDir, 'media', name)).equals(file)).toBe(true);
    });
  });
});
