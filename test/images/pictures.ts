import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { App } from '../../src/app.js';

export type Format = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif';
export const FORMATS: Format[] = ['jpeg', 'png', 'webp', 'gif', 'avif'];
export const MIME: Record<Format, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};

/** A marker written into the GPS IFD, so a test can look for the location in the raw bytes. */
export const GPS_MARKER = 'SECRET-NEWSROOM-SOURCE';

type PictureOptions = {
  width?: number;
  height?: number;
  /** Adds EXIF GPS (latitude, longitude and a map datum holding GPS_MARKER). */
  gps?: boolean;
  /** Adds EXIF with a copyright (and no GPS). */
  exif?: boolean;
  /** EXIF orientation (JPEG): 6 means "rotate 90° clockwise to display". */
  orientation?: number;
  /** Seed of the colours, so two pictures of the same size differ. */
  seed?: number;
};

/**
 * A picture made by sharp: left half red, right half blue (so a crop shows where it was cut), in any format.
 * Tests make their own pictures rather than ship binary fixtures.
 */
export async function makePicture(format: Format, options: PictureOptions = {}): Promise<Buffer> {
  const width = options.width ?? 320;
  const height = options.height ?? 200;
  const seed = options.seed ?? 0;
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const left = x < width / 2;
      raw[i] = left ? 220 : 20;
      raw[i + 1] = (seed * 37 + y) % 64;
      raw[i + 2] = left ? 20 : 220;
    }
  }
  let image = sharp(raw, { raw: { width, height, channels: 3 } });
  if (options.gps) {
    image = image.withExif({
      IFD0: { Copyright: 'Newsroom test' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '50/1 45/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '35/1 12/1 0/1',
        GPSMapDatum: GPS_MARKER,
      },
    });
  } else if (options.exif) {
    image = image.withExif({ IFD0: { Copyright: 'Newsroom test' } });
  }
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation });
  return image.toFormat(format).toBuffer();
}

/** POSTs a multipart upload: the file part and fields, in the order given. */
export async function upload(
  app: App,
  auth: Record<string, string>,
  file: Buffer | null,
  fields: Record<string, string> = { altText: 'A test picture' },
  options: { fileFirst?: boolean; fileName?: string; fileField?: string; type?: string } = {},
) {
  const form = new FormData();
  const addFile = () => {
    if (file) {
      form.append(
        options.fileField ?? 'file',
        new Blob([file], { type: options.type ?? 'application/octet-stream' }),
        options.fileName ?? 'picture',
      );
    }
  };
  if (options.fileFirst) addFile();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (!options.fileFirst) addFile();
  return app.inject({ method: 'POST', url: '/v1/images', headers: auth, payload: form });
}

/** Every file under DATA_DIR/media (relative paths), temp files included. */
export function mediaFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'media');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((name) => fs.statSync(path.join(root, name)).isFile())
    .sort();
}

/** The media URL's path and query, for inject. */
export function mediaPath(url: string, extra = ''): string {
  return extra ? `${url}${url.includes('?') ? '&' : '?'}${extra}` : url;
}
