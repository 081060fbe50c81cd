// Contract: a bundle ships its own pictures (`file`): POST /v1/import takes them as multipart/form-data parts named
// by their `file` values, checks and stores them as uploads, and loads them idempotently like the rest.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { json, useApp } from '../helpers/app.js';
import { makePicture, mediaFiles } from '../images/pictures.js';
import { counts, exportBundle, postBundle, postBundleForm } from './bundles.js';

const FILE = 'pictures/kim-meets-soldiers.jpg';

function bundleWithPicture(file = FILE) {
  return {
    images: [{ key: 'kim-photo', file, altText: 'Kim Jong Un greets soldiers', credit: 'Staff', caption: 'Soldiers' }],
    articles: [
      {
        slug: 'picture-story',
        headline: 'A story with its own picture',
        status: 'published',
        publishedAt: '2024-12-27T10:00:00.000Z',
        leadImage: 'kim-photo',
        body: [{ type: 'image', image: 'kim-photo' }],
      },
    ],
  };
}

const originals = (dataDir: string) => mediaFiles(dataDir).filter((name) => /^[0-9a-f]{64}\.\w+$/.test(name));

/**
 * The bundle as a text field (no filename) that declares `Content-Type: application/json`, as Postman's form-data
 * and curl's `-F 'bundle=<file.json;type=application/json'` send it (FormData cannot: it makes such a part a file).
 */
function postTypedField(ctx: ReturnType<typeof useApp>, text: string) {
  const boundary = 'typed-field-boundary';
  const payload = [
    `--${boundary}`,
    'Content-Disposition: form-data; name="bundle"',
    'Content-Type: application/json',
    '',
    text,
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return ctx.app.inject({
    method: 'POST',
    url: '/v1/import',
    headers: { ...ctx.auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

describe('bundles with pictures', () => {
  const ctx = useApp();

  it('loads a picture sent as a part named by its file value, and serves it', async () => {
    const picture = await makePicture('jpeg', { width: 320, height: 200 });
    const res = await postBundleForm(ctx.app, ctx.auth, bundleWithPicture(), { [FILE]: picture });
    expect(res.statusCode).toBe(200);
    expect(json(res).created).toEqual(counts(1, 1, 0));

    const story = json(await ctx.app.inject({ method: 'GET', url: '/v1/articles/picture-story' }));
    expect(story.leadImage).toMatchObject({ mimeType: 'image/jpeg', width: 320, height: 200, bytes: picture.length });
    expect(story.leadImage.url).toMatch(/^\/media\/[0-9a-f]{64}\.jpg\?v=/);
    expect(story.body[0].imageId).toBe(story.leadImageId);
    const file = await ctx.app.inject({ method: 'GET', url: story.leadImage.url });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(picture)).toBe(true);
    // Stored once, under its content's name (other tests of this file may have stored other pictures).
    const stored = /\/media\/([0-9a-f]{64}\.jpg)/.exec(story.leadImage.url)?.[1];
    expect(originals(ctx.config.dataDir).filter((name) => name === stored)).toHaveLength(1);
  });

  it('is idempotent with pictures, and replaces a changed picture in place', async () => {
    const picture = await makePicture('jpeg', { width: 300, height: 200, seed: 1 });
    const bundle = (file: string) => {
      const b = bundleWithPicture(file);
      b.images[0]!.key = 'replaced-photo';
      b.articles[0]!.slug = 'replaced-picture-story';
      b.articles[0]!.leadImage = 'replaced-photo';
      b.articles[0]!.body = [{ type: 'image', image: 'replaced-photo' }];
      return b;
    };
    expect((await postBundleForm(ctx.app, ctx.auth, bundle(FILE), { [FILE]: picture })).statusCode).toBe(200);
    const before = json(await ctx.app.inject({ method: 'GET', url: '/v1/articles/replaced-picture-story' }));
    const oldFile = before.leadImage.url.split('/')[2].split('?')[0];
    const again = await postBundleForm(ctx.app, ctx.auth, bundle(FILE), { [FILE]: picture }, { bundleAsFile: true });
    expect(again.statusCode).toBe(200);
    expect(json(again).unchanged).toEqual(counts(1, 1, 0));

    const other = await makePicture('png', { width: 100, height: 80, seed: 3 });
    const changed = await postBundleForm(ctx.app, ctx.auth, bundle('pictures/other.png'), {
      'pictures/other.png': other,
    });
    expect(changed.statusCode).toBe(200);
    expect(json(changed)).toEqual({ created: counts(0, 0, 0), updated: counts(0, 1, 0), unchanged: counts(1, 0, 0) });
    const after = json(await ctx.app.inject({ method: 'GET', url: '/v1/articles/replaced-picture-story' }));
    expect(after.leadImageId).toBe(before.leadImageId);
    expect(after.leadImage).toMatchObject({ mimeType: 'image/png', width: 100, height: 80, bytes: other.length });
    const newFile = after.leadImage.url.split('/')[2].split('?')[0];
    // The old picture is used by no image any more: it is gone.
    expect(originals(ctx.config.dataDir)).toContain(newFile);
    expect(originals(ctx.config.dataDir)).not.toContain(oldFile);

    const exported = JSON.parse(await exportBundle(ctx.app, ctx.auth));
    const item = exported.images.find((image: any) => image.key === 'replaced-photo');
    expect(item).toMatchObject({ file: `media/${newFile}`, altText: 'Kim Jong Un greets soldiers' });
    expect(item.sourceUrl).toBeUndefined();
  });

  it('reports a missing, stray or refused picture by its path and stores nothing', async () => {
    const before = originals(ctx.config.dataDir);
    const bundle = bundleWithPicture();
    bundle.images.push({
      key: 'not-a-picture',
      file: 'notes.txt',
      altText: 'x',
      credit: null as any,
      caption: null as any,
    });
    const res = await postBundleForm(ctx.app, ctx.auth, bundle, {
      'notes.txt': Buffer.from('just some text, not a picture'),
      'stray.jpg': await makePicture('jpeg'),
    });
    expect(res.statusCode).toBe(400);
    const errors = json(res).errors;
    expect(errors).toEqual([
      { path: 'stray.jpg', message: 'is a file that no image of the bundle names' },
      { path: 'images[0].file', message: expect.stringMatching(/^names no file among the parts/) },
      { path: 'images[1].file', message: expect.stringMatching(/^is refused: .*not a picture/) },
    ]);
    expect(originals(ctx.config.dataDir)).toEqual(before);
    // No temp file is left behind either.
    expect(mediaFiles(ctx.config.dataDir).filter((name) => name.startsWith('tmp'))).toEqual([]);

    const json400 = await postBundle(ctx.app, ctx.auth, bundleWithPicture());
    expect(json400.statusCode).toBe(400);
    expect(json(json400).errors).toEqual([{ path: 'images[0].file', message: 'names no file with the bundle' }]);
  });

  it('refuses a form without a bundle, with unknown fields, or with a bundle that is not JSON', async () => {
    const picture = await makePicture('jpeg');
    const form = new FormData();
    form.append(FILE, new Blob([picture]), 'kim.jpg');
    const noBundle = await ctx.app.inject({ method: 'POST', url: '/v1/import', headers: ctx.auth, payload: form });
    expect(noBundle.statusCode).toBe(400);
    expect(json(noBundle).errors).toEqual([{ path: 'bundle', message: expect.stringMatching(/^is required/) }]);

    const unknown = await postBundleForm(
      ctx.app,
      ctx.auth,
      bundleWithPicture(),
      { [FILE]: picture },
      { fields: { dryrun: 'true' } },
    );
    expect(unknown.statusCode).toBe(400);
    expect(json(unknown).errors).toEqual([{ path: 'dryrun', message: expect.stringMatching(/^is not a known field/) }]);

    const broken = new FormData();
    broken.append('bundle', '{"images": [');
    const notJson = await ctx.app.inject({ method: 'POST', url: '/v1/import', headers: ctx.auth, payload: broken });
    expect(notJson.statusCode).toBe(400);
    expect(json(notJson).code).toBe('INVALID_JSON');

    const typedNotJson = await postTypedField(ctx, '{"images": [');
    expect(typedNotJson.statusCode).toBe(400);
    expect(json(typedNotJson)).toMatchObject({ code: 'INVALID_JSON', detail: expect.stringMatching(/bundle part/) });

    // Text is stored as sent or refused, as in JSON bodies: no lone surrogate, no invalid UTF-8.
    const lone = await postBundleForm(ctx.app, ctx.auth, { quotes: [{ key: 's', text: '\ud800', speaker: 'X' }] }, {});
    expect(lone.statusCode).toBe(400);
    expect(json(lone).errors).toEqual([
      { path: 'quotes[0].text', message: expect.stringMatching(/not valid Unicode/) },
    ]);
    const latin1 = new FormData();
    latin1.append(
      'bundle',
      new Blob([Buffer.from('{"quotes":[{"key":"q","text":"caf\xe9","speaker":"X"}]}', 'latin1')]),
      'b.json',
    );
    const notUtf8 = await ctx.app.inject({ method: 'POST', url: '/v1/import', headers: ctx.auth, payload: latin1 });
    expect(notUtf8.statusCode).toBe(400);
    expect(json(notUtf8).code).toBe('INVALID_ENCODING');
    // The same bytes as a text field: busboy would make them U+FFFD, which is refused by name.
    const fieldLatin1 = await postTypedField(ctx, '{"quotes":[{"key":"q","text":"caf\uFFFD","speaker":"X"}]}');
    expect(fieldLatin1.statusCode).toBe(400);
    expect(json(fieldLatin1).errors).toEqual([{ path: 'bundle', message: expect.stringMatching(/not valid UTF-8/) }]);
  });

  it('takes the bundle as a text field typed application/json (Postman, curl -F "…;type=application/json")', async () => {
    const bundle = { quotes: [{ key: 'typed', text: 'Déjà vu — 😀', speaker: 'Zelensky' }] };
    const res = await postTypedField(ctx, JSON.stringify(bundle));
    expect(res.statusCode).toBe(200);
    expect(json(res).created).toEqual(counts(0, 0, 1));
    const list = json(await ctx.app.inject({ method: 'GET', url: '/v1/quotes?speaker=zelensky' }));
    expect(list.data.map((q: { text: string }) => q.text)).toEqual(['Déjà vu — 😀']);
  });

  it('checks a multipart dry run without storing its pictures', async () => {
    const before = originals(ctx.config.dataDir);
    const picture = await makePicture('webp', { seed: 9 });
    const bundle = bundleWithPicture('new.webp');
    bundle.images[0]!.key = 'dry-photo';
    bundle.articles[0]!.slug = 'dry-picture-story';
    bundle.articles[0]!.leadImage = 'dry-photo';
    bundle.articles[0]!.body = [];
    const res = await postBundleForm(ctx.app, ctx.auth, bundle, { 'new.webp': picture }, { query: '?dryRun=true' });
    expect(res.statusCode).toBe(200);
    expect(json(res).created).toEqual(counts(1, 1, 0));
    expect(originals(ctx.config.dataDir)).toEqual(before);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/v1/articles/dry-picture-story', headers: ctx.auth })).statusCode,
    ).toBe(404);
  });
});

describe('multipart bundle size limit', () => {
  const ctx = useApp({ IMPORT_LIMIT: '4096' });

  it('answers 413 when the form is over IMPORT_LIMIT', async () => {
    // Noise does not compress: a picture larger than the limit.
    const picture = await sharp({
      create: {
        width: 120,
        height: 120,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    })
      .png()
      .toBuffer();
    expect(picture.length).toBeGreaterThan(4096);
    const res = await postBundleForm(ctx.app, ctx.auth, bundleWithPicture('big.png'), { 'big.png': picture });
    expect(res.statusCode).toBe(413);
    expect(json(res)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(originals(ctx.config.dataDir)).toEqual([]);
  });
});
