// Contract: on a real socket, an upload refused part-way (413) is answered, leaves no temp file, and does not
// leave the keep-alive connection stuck: the client's next requests are answered.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, type TestContext } from '../helpers/app.js';
import { makePicture } from './pictures.js';

describe('uploads on a real socket', () => {
  let ctx: TestContext;
  let address: string;
  beforeAll(async () => {
    ctx = await makeApp({ UPLOAD_LIMIT: String(256 * 1024) });
    address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await ctx.app.close();
    fs.rmSync(ctx.dataDir, { recursive: true, force: true });
  });

  const post = (body: FormData | ReadableStream, headers: Record<string, string> = {}) =>
    fetch(`${address}/v1/images`, {
      method: 'POST',
      headers: { ...ctx.auth, ...headers },
      body,
      duplex: 'half',
    } as RequestInit);

  it('answers 413 to an oversized upload, with or without Content-Length, and serves the next requests', async () => {
    const form = new FormData();
    form.append('altText', 'too big');
    form.append('file', new Blob([await makePicture('png'), Buffer.alloc(2 * 1024 * 1024, 1)]), 'big.png');
    const sized = await post(form);
    expect(sized.status).toBe(413);
    expect(((await sized.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');

    const encoder = new TextEncoder();
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(encoder.encode('--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\n'));
        for (let i = 0; i < 16; i++) controller.enqueue(new Uint8Array(64 * 1024));
        controller.enqueue(encoder.encode('\r\n--b--\r\n'));
        controller.close();
      },
    });
    const streamed = await post(chunked, { 'content-type': 'multipart/form-data; boundary=b' });
    expect(streamed.status).toBe(413);
    expect(fs.readdirSync(path.join(ctx.dataDir, 'media', 'tmp'))).toEqual([]);

    // The same client (undici's keep-alive pool) goes on working.
    const ok = new FormData();
    ok.append('file', new Blob([await makePicture('png', { seed: 1 })]), 'ok.png');
    ok.append('altText', 'fits');
    const created = await post(ok);
    expect(created.status).toBe(201);
    const { url } = (await created.json()) as { url: string };
    const rendition = await fetch(`${address}${url}&width=64&format=webp`);
    expect(rendition.status).toBe(200);
    expect(rendition.headers.get('content-type')).toBe('image/webp');
    expect((await rendition.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });
});
