import { z } from 'zod';
import {
  codePoints,
  cursorQuery,
  httpUrl,
  idParam,
  limitQuery,
  listOf,
  nullableText,
  sortDirection,
  timeOutput,
} from '../shared/schemas.js';

export const focalPoint = z
  .object({
    x: z.number().min(0).max(1).meta({ description: 'From the left edge, 0 to 1.' }),
    y: z.number().min(0).max(1).meta({ description: 'From the top edge, 0 to 1.' }),
  })
  .meta({ id: 'FocalPoint', description: 'The part of the picture a crop keeps, from the top left.' });

export const image = z
  .object({
    id: z.string(),
    url: z.string().meta({
      description:
        "Where the picture is served. For an upload, this API's own file URL (`/media/<hash>.<ext>?v=…`, relative to the API's origin); add `&width=`, `&height=` and `&format=` to it for renditions. Its `v` changes with the focal point. Otherwise `sourceUrl`.",
      example: '/media/3f2a…9c.jpg?v=k3J9xQ2m',
    }),
    sourceUrl: z.string().nullable(),
    altText: z.string(),
    caption: z.string().nullable(),
    credit: z.string().nullable().meta({ example: 'AP' }),
    creator: z.string().nullable().meta({ description: 'The photographer.' }),
    copyrightNotice: z.string().nullable().meta({ example: '© 2024 The Associated Press' }),
    focalPoint: focalPoint.nullable(),
    width: z.number().int().nullable().meta({ description: 'Read from the upload (as displayed); null for a URL.' }),
    height: z.number().int().nullable(),
    mimeType: z.string().nullable().meta({ example: 'image/jpeg' }),
    bytes: z.number().int().nullable().meta({ description: 'Size of the stored file.' }),
    createdAt: timeOutput,
    updatedAt: timeOutput,
  })
  .meta({ id: 'Image', description: 'A picture with its caption, credit and rights.' });

export type Image = z.infer<typeof image>;

// Inputs. Limits are generous for editorial text and stop only abuse.
const fields = {
  sourceUrl: httpUrl.meta({ description: 'An external picture: where `url` points for an image made from a URL.' }),
  altText: codePoints(0, 1_000).meta({
    description: 'What the picture shows, for screen readers; may be empty for a decorative picture.',
    example: 'Kim Jong Un, centre left, greets a line of soldiers',
  }),
  caption: nullableText(5_000).optional(),
  credit: nullableText(300).optional().meta({ example: 'AP' }),
  creator: nullableText(300).optional().meta({ description: 'The photographer.' }),
  copyrightNotice: nullableText(1_000).optional().meta({ example: '© 2024 The Associated Press' }),
  focalPoint: z
    .strictObject({
      x: z.number().min(0, { message: 'must be from 0 to 1' }).max(1, { message: 'must be from 0 to 1' }),
      y: z.number().min(0, { message: 'must be from 0 to 1' }).max(1, { message: 'must be from 0 to 1' }),
    })
    .nullable()
    .optional()
    .meta({ description: 'The part of the picture a crop keeps, each 0–1 from the top left; null for the centre.' }),
};

/** Fields a client may send back from a GET that are not theirs to set. */
export const IMAGE_READ_ONLY = ['id', 'url', 'width', 'height', 'mimeType', 'bytes', 'createdAt', 'updatedAt'] as const;

export const imageCreate = z
  .strictObject({
    sourceUrl: fields.sourceUrl,
    altText: fields.altText,
    caption: fields.caption,
    credit: fields.credit,
    creator: fields.creator,
    copyrightNotice: fields.copyrightNotice,
    focalPoint: fields.focalPoint,
  })
  .meta({
    id: 'ImageCreate',
    description: `An image made from an external picture (\`sourceUrl\`); to store the picture here, upload it as multipart/form-data instead. Read-only fields (${IMAGE_READ_ONLY.join(', ')}) are accepted and ignored; any other unknown field is a 400.`,
  });

/** The metadata of an upload (the multipart fields once `focalPoint` is parsed), and of a bulk import's file. */
export const imageUploadMetadata = z.strictObject({
  sourceUrl: fields.sourceUrl.optional().meta({ description: 'Where the uploaded picture came from, if anywhere.' }),
  altText: fields.altText,
  caption: fields.caption,
  credit: fields.credit,
  creator: fields.creator,
  copyrightNotice: fields.copyrightNotice,
  focalPoint: fields.focalPoint,
});

/** The multipart form as documented (the route reads the parts itself: see images.multipart.ts). */
export const imageUploadForm = z
  .object({
    file: z.string().meta({
      format: 'binary',
      contentMediaType: 'application/octet-stream',
      description: 'The picture: JPEG, PNG, WebP, GIF or AVIF, decided by its content (not its name or type).',
    }),
    altText: z.string().meta({ description: 'Required; may be empty for a decorative picture.' }),
    caption: z.string().optional(),
    credit: z.string().optional().meta({ example: 'AP' }),
    creator: z.string().optional(),
    copyrightNotice: z.string().optional(),
    sourceUrl: z.string().optional().meta({ description: 'Where the picture came from (http or https), if anywhere.' }),
    focalPoint: z
      .string()
      .optional()
      .meta({ description: 'JSON text: `{"x":0.3,"y":0.4}` (each 0–1 from the top left) or `null`.' }),
  })
  .meta({
    id: 'ImageUpload',
    description:
      'An upload: a `file` part and the metadata as text fields, in any order. Fields are taken as sent (an empty caption is an empty string); leave one out for null. Unknown fields are a 400 naming them; read-only ones (id, url, width…) are ignored.',
  });

export const imageUpdate = z
  .strictObject({
    sourceUrl: fields.sourceUrl.nullable().optional(),
    altText: fields.altText.optional(),
    caption: fields.caption,
    credit: fields.credit,
    creator: fields.creator,
    copyrightNotice: fields.copyrightNotice,
    focalPoint: fields.focalPoint,
  })
  .meta({
    id: 'ImageUpdate',
    description:
      'A partial update: only the fields sent are changed; null clears one. The picture itself cannot be replaced: upload a new image. A change of `focalPoint` changes `url` (renditions are cached for good).',
  });

export const IMAGE_SORTS = ['createdAt', 'updatedAt'] as const;

export const imageListQuery = z.strictObject({
  limit: limitQuery,
  cursor: cursorQuery,
  credit: z.string().min(1).max(300).optional().meta({ description: 'Exact credit, e.g. `AP` (case-sensitive).' }),
  q: z
    .string()
    .max(500)
    .optional()
    .meta({ description: 'Full-text search over alt text, caption, credit, creator and copyright notice.' }),
  sort: sortDirection(IMAGE_SORTS).default('-createdAt').meta({ description: 'Newest first by default.' }),
});

export const imageParams = z.object({ id: idParam });
export const imageList = listOf(image).meta({ id: 'ImageList' });

export type ImageCreate = z.output<typeof imageCreate>;
export type ImageUploadMetadata = z.output<typeof imageUploadMetadata>;
export type ImageUpdate = z.output<typeof imageUpdate>;
export type ImageListQuery = z.output<typeof imageListQuery>;
