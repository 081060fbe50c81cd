import type { Image } from '../images/images.schemas.js';
import { cropGeometry } from '../media/renditions.js';
import { absoluteUrl } from './links.js';

// The crops the news formats offer of a picture: 16x9, 4x3 and 1x1, each 1,200 px wide or, where the original
// cannot give that without upscaling, the largest crop of that shape it holds. The sizes are computed with the
// rendition route's own geometry (media/renditions.ts cropGeometry), so the width and height a format states are
// the ones the rendition URL really serves.

export const CROP_WIDTH = 1_200;

export const CROP_SHAPES = [
  { name: '16x9', width: 16, height: 9 },
  { name: '4x3', width: 4, height: 3 },
  { name: '1x1', width: 1, height: 1 },
] as const;

export type Crop = { name: string; url: string; width: number; height: number; contentType: string | null };

/** The rendition route's smallest accepted width or height (media/media.routes.ts). */
const MIN_DIMENSION = 16;

/** An image's own URL made absolute: this API's file URL against `mediaBase`, or an external `sourceUrl` as it is. */
export function imageUrl(image: Pick<Image, 'url'>, mediaBase: string): string {
  return absoluteUrl(mediaBase, image.url);
}

/**
 * The three crops of an uploaded picture whose size is known; none for an external picture (`sourceUrl`: this
 * API does not hold it, so it cannot crop it) or one of unknown size. Each URL asks for exactly the size stated,
 * so a cache keyed by URL holds one file per crop; only when that size is under the route's minimum (a picture a
 * few pixels tall) does it ask for the 1,200 px box, which the route shrinks to the same crop.
 */
export function imageCrops(
  image: Pick<Image, 'url' | 'sourceUrl' | 'width' | 'height' | 'mimeType'>,
  mediaBase: string,
): Crop[] {
  if (image.width === null || image.height === null || !image.url.startsWith('/')) return [];
  const original = { width: image.width, height: image.height };
  return CROP_SHAPES.map((shape) => {
    const box = { width: CROP_WIDTH, height: Math.round((CROP_WIDTH * shape.height) / shape.width) };
    const { width, height } = cropGeometry(original, box, null);
    const asked = width >= MIN_DIMENSION && height >= MIN_DIMENSION ? { width, height } : box;
    const url = new URL(imageUrl(image, mediaBase));
    url.searchParams.set('width', String(asked.width));
    url.searchParams.set('height', String(asked.height));
    return { name: shape.name, url: url.toString(), width, height, contentType: image.mimeType };
  });
}
