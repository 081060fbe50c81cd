// Contract: the upload pipeline is callable without HTTP (bulk import): createFromFile takes a path or bytes, a
// refused file leaves nothing behind, and a rolled-back transaction's files can be cleaned up.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../src/db/client.js';
import { openPostgres } from '../../src/db/pg-client.js';
import { pgWrite } from '../../src/db/pg-tx.js';
import { toImage } from '../../src/images/images.mapper.js';
import { createPgImagesRepository, createPgImagesStore, createPgImportUploads } from '../../src/images/images.pg.js';
import type { ImageUploadMetadata } from '../../src/images/images.schemas.js';
import { createImagesService, type PreparedUpload } from '../../src/images/images.service.js';
import {
  createImagesRepository,
  createImportUploads,
  createSqliteImagesStore,
} from '../../src/images/images.sqlite.js';
import { createLocalMediaFiles } from '../../src/media/media.local.js';
import { inspectPicture } from '../../src/media/picture-inspect.js';
import { TEST_ENGINE, tempDataDir } from '../helpers/app.js';
import { makePicture, mediaFiles } from './pictures.js';

const dirs: string[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * The images of a fresh database on the engine under test (TEST_ENGINE), as the import uses them: by bundle key,
 * and an upload's row written in a transaction that then fails.
 */
async function openImages(dataDir: string) {
  if (TEST_ENGINE === 'postgres') {
    const { createTestDatabase, dropTestDatabase, pgUrl } = await import('../helpers/pg.js');
    const name = await createTestDatabase();
    const db = await openPostgres(pgUrl(name), { max: 2 });
    closers.push(async () => {
      await db.close();
      await dropTestDatabase(name);
    });
    const repository = createPgImagesRepository(db);
    const uploads = createPgImportUploads(repository);
    return {
      store: createPgImagesStore(db, repository),
      findByKey: (key: string) => repository.findByKey(db.orm, key),
      commitThenFail: (prepared: PreparedUpload, metadata: ImageUploadMetadata, key: string) =>
        pgWrite(db, async (tx) => {
          await uploads.commitPrepared(tx, prepared, metadata, { key });
          throw new Error('another item of the bundle failed');
        }),
    };
  }
  const db = openDatabase({ dataDir });
  closers.push(async () => closeDatabase(db));
  const repository = createImagesRepository(db);
  const uploads = createImportUploads(repository);
  return {
    store: createSqliteImagesStore(db, repository),
    findByKey: async (key: string) => repository.findByKey(key),
    commitThenFail: async (prepared: PreparedUpload, metadata: ImageUploadMetadata, key: string) =>
      db.$client.transaction(() => {
        uploads.commitPrepared(prepared, metadata, { key });
        throw new Error('another item of the bundle failed');
      })(),
  };
}

async function setup(options: { uploadLimit?: number; maxPixels?: number } = {}) {
  const dataDir = tempDataDir();
  dirs.push(dataDir);
  const images = await openImages(dataDir);
  const media = createLocalMediaFiles({ dir: path.join(dataDir, 'media') });
  const service = createImagesService({
    images: images.store,
    media,
    uploadLimit: options.uploadLimit ?? 1024 * 1024,
    maxPixels: options.maxPixels,
  });
  return { dataDir, images, media, service };
}

describe('images service', () => {
  it('creates an image from a file path and from bytes, with a bundle key', async () => {
    const { dataDir, service, images } = await setup();
    const file = await makePicture('jpeg', { gps: true });
    const filePath = path.join(dataDir, 'incoming.jpg');
    fs.writeFileSync(filePath, file);
    const fromPath = await service.createFromFile({ path: filePath }, { altText: 'From disk' }, { key: 'photo-1' });
    expect((await images.findByKey('photo-1'))?.id).toBe(fromPath.id);
    expect(toImage(fromPath)).toMatchObject({ altText: 'From disk', width: 320, height: 200, mimeType: 'image/jpeg' });
    const stored = fs.readFileSync(path.join(dataDir, 'media', fromPath.fileName!));
    expect(stored.includes('SECRET-NEWSROOM-SOURCE')).toBe(false);
    expect(fs.readFileSync(filePath).equals(file)).toBe(true); // the source file is left as it was

    const fromBytes = await service.createFromFile(file, { altText: 'From memory', credit: 'AP' });
    expect(fromBytes.fileName).toBe(fromPath.fileName);
    expect(mediaFiles(dataDir).filter((name) => !name.startsWith('tmp'))).toEqual([fromPath.fileName]);
  });

  it('refuses a bad file or one over the limit and leaves no temp file', async () => {
    const { dataDir, service, images } = await setup({ uploadLimit: 2048 });
    await expect(service.createFromFile(Buffer.from('not a picture'), { altText: '' })).rejects.toMatchObject({
      status: 415,
    });
    await expect(service.createFromFile(Buffer.alloc(4096), { altText: '' })).rejects.toMatchObject({ status: 413 });
    expect(mediaFiles(dataDir)).toEqual([]);
    expect((await images.store.list({ limit: 10, sort: '-createdAt' })).total).toBe(0);
  });

  it('refuses a real decompression bomb by its pixel count before decoding it', async () => {
    const { dataDir, service } = await setup({ maxPixels: 100_000 });
    // 1000×1000 of one colour: a few kilobytes of PNG, a million pixels.
    const bomb = await sharp({ create: { width: 1000, height: 1000, channels: 3, background: '#000' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(20_000);
    await expect(service.createFromFile(bomb, { altText: '' })).rejects.toMatchObject({
      status: 413,
      code: 'TOO_MANY_PIXELS',
    });
    expect(mediaFiles(dataDir)).toEqual([]);
  });

  it('cleans up files committed in a transaction that rolled back (removeUnusedFiles)', async () => {
    const { dataDir, images, service } = await setup();
    const prepared = await service.prepareFile(await makePicture('png', { seed: 3 }));
    await expect(images.commitThenFail(prepared, { altText: 'rolled back' }, 'k')).rejects.toThrow('another item');
    expect(await images.findByKey('k')).toBeUndefined();
    expect(fs.existsSync(path.join(dataDir, 'media', prepared.fileName))).toBe(true);
    // What the import does after a rollback: the files it wrote, then (finally) every prepared upload.
    await service.removeUnusedFiles([prepared.fileName]);
    await service.discardPrepared(prepared);
    expect(mediaFiles(dataDir)).toEqual([]);
  });

  it('keeps a prepared picture stored while another image using it is deleted, until its own row is written', async () => {
    const { dataDir, service } = await setup();
    const file = await makePicture('png', { seed: 4 });
    const first = await service.createFromFile(file, { altText: 'first' });
    const stored = path.join(dataDir, 'media', first.fileName!);
    // The same picture uploaded again, stored and waiting for its row, while the first image is deleted.
    const prepared = await service.prepareFile(file);
    await service.delete(first.id);
    expect(fs.existsSync(stored)).toBe(true);
    const second = await service.commitPrepared(prepared, { altText: 'second' });
    await service.discardPrepared(prepared);
    expect(second.fileName).toBe(first.fileName);
    expect(fs.existsSync(stored)).toBe(true);
    // Deleting the last image that uses it removes it.
    await service.delete(second.id);
    expect(mediaFiles(dataDir)).toEqual([]);
  });

  it('removes a prepared picture that is discarded without a row', async () => {
    const { dataDir, service } = await setup();
    const prepared = await service.prepareFile(await makePicture('png', { seed: 5 }));
    expect(mediaFiles(dataDir)).toEqual([prepared.fileName]);
    await service.discardPrepared(prepared);
    expect(mediaFiles(dataDir)).toEqual([]);
  });

  it('counts every frame of an animation against the pixel limit and reports page size', async () => {
    const frame = (colour: string) =>
      sharp({ create: { width: 100, height: 50, channels: 3, background: colour } })
        .png()
        .toBuffer();
    const gif = await sharp([await frame('#f00'), await frame('#00f'), await frame('#0f0')], {
      join: { animated: true },
    })
      .gif()
      .toBuffer();
    expect(await inspectPicture(gif)).toMatchObject({ format: 'gif', width: 100, height: 50, pages: 3 });
    await expect(inspectPicture(gif, { maxPixels: 14_000 })).rejects.toMatchObject({ status: 413 });
    expect((await inspectPicture(gif, { maxPixels: 15_000 })).pages).toBe(3);
  });
});
