import type { Metadata } from 'sharp';
import { problems } from '../http/problems.js';
import { loadFileType, loadSharp } from './lazy-modules.js';
import { PICTURE_FORMATS, type PictureFormat } from './media.formats.js';

export type PictureInfo = {
  format: PictureFormat;
  mimeType: string;
  /** As displayed: EXIF orientation applied (a portrait photo stored sideways reports its portrait size). */
  width: number;
  height: number;
  /** Frames of an animated GIF or WebP (1 for a still picture). */
  pages: number;
};

/** 100 megapixels: more than any camera a newsroom uses, far less than a decompression bomb asks for. */
export const DEFAULT_MAX_PIXELS = 100_000_000;

const ACCEPTED = Object.values(PICTURE_FORMATS)
  .map(({ mime }) => mime.replace('image/', '').toUpperCase())
  .join(', ');

const refuse = (detail: string) => problems.unsupportedMediaType(`${detail} Uploads must be ${ACCEPTED} pictures.`);

/**
 * Decides what a file is from its bytes alone (never its name or declared type), then proves it by decoding
 * it: a PNG signature glued on a script passes the magic-number check but not the decoder. The pixel count is
 * read from the header and checked before anything is decoded, so a decompression bomb costs nothing.
 */
export async function inspectPicture(bytes: Buffer, options: { maxPixels?: number } = {}): Promise<PictureInfo> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const [{ fileTypeFromBuffer }, sharp] = await Promise.all([loadFileType(), loadSharp()]);
  const detected = await fileTypeFromBuffer(bytes);
  const format = (Object.keys(PICTURE_FORMATS) as PictureFormat[]).find(
    (name) => PICTURE_FORMATS[name].mime === detected?.mime,
  );
  if (!format) {
    throw refuse(detected ? `The file is ${detected.mime}.` : 'The file is not a picture this API recognises.');
  }

  let metadata: Metadata;
  try {
    // The header only; sharp's own pixel limit is lifted here so the size can be reported as a 413, not a 415.
    metadata = await sharp(bytes, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch {
    throw refuse(`The file starts like ${PICTURE_FORMATS[format].mime} but is not a readable picture.`);
  }
  const decoderFormat = metadata.format === 'heif' && metadata.compression === 'av1' ? 'avif' : metadata.format;
  if (decoderFormat !== format || !metadata.width || !metadata.height) {
    throw refuse(`The file starts like ${PICTURE_FORMATS[format].mime} but is not one.`);
  }
  const pages = metadata.pages ?? 1;
  const pageHeight = metadata.pageHeight ?? metadata.height;
  if (metadata.width * pageHeight * pages > maxPixels) {
    throw problems.tooManyPixels(metadata.width, pageHeight, pages, maxPixels);
  }

  try {
    // Decodes every frame to a tiny size: cheap (JPEG decodes at 1/8 scale), and truncated or corrupt data fails.
    await sharp(bytes, { failOn: 'error', animated: pages > 1, limitInputPixels: maxPixels })
      .resize(8, 8, { fit: 'inside' })
      .raw()
      .toBuffer();
  } catch {
    throw refuse(`The file starts like ${PICTURE_FORMATS[format].mime} but its picture data is damaged.`);
  }

  const oriented = metadata.autoOrient ?? { width: metadata.width, height: pageHeight };
  return {
    format,
    mimeType: PICTURE_FORMATS[format].mime,
    width: oriented.width,
    height: pages > 1 ? pageHeight : oriented.height,
    pages,
  };
}
