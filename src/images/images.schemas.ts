import { z } from 'zod';
import { timeOutput } from '../shared/schemas.js';

export const focalPoint = z
  .object({
    x: z.number().min(0).max(1).meta({ description: 'From the left edge, 0 to 1.' }),
    y: z.number().min(0).max(1).meta({ description: 'From the top edge, 0 to 1.' }),
  })
  .meta({ id: 'FocalPoint', description: 'The part of the picture a crop keeps, from the top left.' });

export const image = z
  .object({
    id: z.string(),
    url: z.string().meta({ description: "Where the picture is served: this API's file URL for an upload, or sourceUrl." }),
    sourceUrl: z.string().nullable(),
    altText: z.string(),
    caption: z.string().nullable(),
    credit: z.string().nullable().meta({ example: 'AP' }),
    creator: z.string().nullable().meta({ description: 'The photographer.' }),
    copyrightNotice: z.string().nullable().meta({ example: '© 2024 The Associated Press' }),
    focalPoint: focalPoint.nullable(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    mimeType: z.string().nullable(),
    bytes: z.number().int().nullable(),
    createdAt: timeOutput,
    updatedAt: timeOutput,
  })
  .meta({ id: 'Image', description: 'A picture with its caption, credit and rights.' });

export type Image = z.infer<typeof image>;
