// Contract: a rendition is generated once however many requests ask for it at the same time, is never left behind
// for a deleted picture, and a focal-point crop keeps the asked shape without upscaling.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalMediaFiles } from '../../src/media/media.local.js';
import { createRenditions, cropGeometry, type RenditionJob, renderWithSharp } from '../../src/media/renditions.js';
import { makePicture } from '../images/pictures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function setup(options: { used?: () => boolean } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncms-renditions-'));
  dirs.push(dir);
  const store = createLocalMediaFiles({ dir });
  const file = await makePicture('png', { width: 200, height: 100 });
  const fileName = `${'a'.repeat(64)}.png`;
  fs.writeFileSync(store.originalPath(fileName), file);
  const jobs: RenditionJob[] = [];
  const renditions = createRenditions({
    store,
    isFileUsed: options.used ?? (() => true),
    render: async (job) => {
      jobs.push(job);
      // Yield a few times so that concurrent callers really overlap the generation.
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      await renderWithSharp(job);
    },
  });
  return { store, fileName, renditions, jobs };
}

describe('renditions', () => {
  it('generates a rendition once for concurrent requests (single flight), then serves it from disk', async () => {
    const { renditions, fileName, jobs, store } = await setup();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => renditions.get(fileName, 'png', { width: 50, format: 'webp' }, null)),
    );
    expect(jobs).toHaveLength(1);
    expect(new Set(results.map((r) => r.name)).size).toBe(1);
    expect(fs.existsSync(path.join(store.renditionDir(fileName), results[0]!.name))).toBe(true);
    expect(renditions.inFlight).toBe(0);
    await renditions.get(fileName, 'png', { width: 50, format: 'webp' }, null);
    expect(jobs).toHaveLength(1);
    // Another width is another job.
    await renditions.get(fileName, 'png', { width: 60 }, null);
    expect(jobs).toHaveLength(2);
    expect(fs.readdirSync(store.renditionDir(fileName)).sort()).toEqual(['w50.webp', 'w60.png']);
  });

  it('keeps no rendition of a picture deleted while it was being made (404 instead)', async () => {
    let used = true;
    const { renditions, fileName, store } = await setup({ used: () => used });
    const pending = renditions.get(fileName, 'png', { width: 40 }, null);
    used = false;
    await expect(pending).rejects.toMatchObject({ status: 404 });
    expect(fs.existsSync(store.renditionDir(fileName))).toBe(false);
    expect(fs.readdirSync(path.join(store.root, 'tmp'))).toEqual([]);
  });

  it('names crops by focal point, so two focal points never share a cached file', async () => {
    const { renditions, fileName } = await setup();
    const a = await renditions.get(fileName, 'png', { width: 50, height: 50 }, { x: 0.1, y: 0.5 });
    const b = await renditions.get(fileName, 'png', { width: 50, height: 50 }, { x: 0.9, y: 0.5 });
    const centre = await renditions.get(fileName, 'png', { width: 50, height: 50 }, null);
    expect(new Set([a.name, b.name, centre.name]).size).toBe(3);
  });
});

describe('crop geometry', () => {
  it('covers the box and centres the cut on the focal point, clamped to the picture', () => {
    expect(cropGeometry({ width: 400, height: 100 }, { width: 100, height: 100 }, null)).toEqual({
      resizeWidth: 400,
      resizeHeight: 100,
      left: 150,
      top: 0,
      width: 100,
      height: 100,
    });
    expect(cropGeometry({ width: 400, height: 100 }, { width: 100, height: 100 }, { x: 0, y: 0 }).left).toBe(0);
    expect(cropGeometry({ width: 400, height: 100 }, { width: 100, height: 100 }, { x: 1, y: 1 }).left).toBe(300);
    expect(cropGeometry({ width: 400, height: 100 }, { width: 100, height: 100 }, { x: 0.75, y: 0.5 }).left).toBe(250);
    // Downscaled first: 4000×1000 to cover 200×100 is 400×100.
    expect(cropGeometry({ width: 4000, height: 1000 }, { width: 200, height: 100 }, null)).toMatchObject({
      resizeWidth: 400,
      resizeHeight: 100,
      left: 100,
      width: 200,
      height: 100,
    });
  });

  it('never upscales: a box larger than the picture shrinks to the largest box of its shape that fits', () => {
    expect(cropGeometry({ width: 200, height: 100 }, { width: 1600, height: 900 }, null)).toMatchObject({
      resizeWidth: 200,
      resizeHeight: 100,
      width: 178,
      height: 100,
    });
  });
});

describe('a missing original', () => {
  it('is a 404 for its renditions, not a decoder error', async () => {
    const { renditions, fileName, store, jobs } = await setup();
    fs.rmSync(store.originalPath(fileName));
    await expect(renditions.get(fileName, 'png', { width: 40 }, null)).rejects.toMatchObject({ status: 404 });
    expect(jobs).toHaveLength(0);
  });
});
