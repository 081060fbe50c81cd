/** The picture formats uploads may be in, keyed by the name sharp and file-type agree on. */
export const PICTURE_FORMATS = {
  jpeg: { ext: 'jpg', mime: 'image/jpeg' },
  png: { ext: 'png', mime: 'image/png' },
  webp: { ext: 'webp', mime: 'image/webp' },
  gif: { ext: 'gif', mime: 'image/gif' },
  avif: { ext: 'avif', mime: 'image/avif' },
} as const;

export type PictureFormat = keyof typeof PICTURE_FORMATS;

/** What a rendition may be converted to (`format=`): GIF is kept for GIF originals but never asked for. */
export const RENDITION_FORMATS = ['webp', 'avif', 'jpeg', 'png'] as const;
export type RenditionFormat = (typeof RENDITION_FORMATS)[number];

const BY_EXT = new Map<string, PictureFormat>(
  Object.entries(PICTURE_FORMATS).map(([format, { ext }]) => [ext, format as PictureFormat]),
);

export function formatOfExtension(ext: string): PictureFormat | undefined {
  return BY_EXT.get(ext);
}

/**
 * A stored original is named by the SHA-256 of its bytes plus the extension of its format, so the same picture
 * uploaded twice is one file, and a name can be checked with one pattern before it comes near the file system.
 */
export const MEDIA_FILE_NAME = /^([0-9a-f]{64})\.(jpg|png|webp|gif|avif)$/;
