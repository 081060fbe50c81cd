import { z } from 'zod';

// The part of IPTC ninjs 3.1 (News in JSON, http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json) this API emits,
// written from IPTC's published JSON Schema: the same camelCase property names, types and required properties,
// and, like the specification (`additionalProperties: false`, `unevaluatedProperties: false`), no other
// properties: every object is strict, so a property ninjs does not define fails the response check and the tests.
// Properties ninjs has but this API never fills (urgency, places, events, ...) are left out of this schema.

const uri = z.url().meta({ description: 'An absolute URI (JSON Schema `format: uri`).' });
const dateTime = z.iso.datetime({ offset: true }).meta({ description: 'JSON Schema `format: date-time`.' });

/** headlines, descriptions and bodies items: `value` required, `role` and `contentType` optional. */
const textItem = z.strictObject({
  role: z.string().optional(),
  contentType: z.string().optional(),
  value: z.string(),
});

const bodyItem = textItem.extend({
  charCount: z.number().int().optional(),
  wordCount: z.number().int().optional(),
});

const rendition = z
  .strictObject({
    name: z.string().meta({ description: 'original, or the crop: 16x9, 4x3, 1x1.' }),
    href: uri.optional(),
    contentType: z.string().optional(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    sizeInBytes: z.number().int().optional(),
    aspectRatio: z.string().optional(),
  })
  .meta({ id: 'NinjsRendition' });

const entity = z.strictObject({
  name: z.string().optional(),
  rel: z.string().optional(),
  uri: uri.optional(),
  literal: z.string().optional(),
});

const infoSource = z.strictObject({
  name: z.string().optional(),
  role: z.string().optional(),
  uri: uri.optional(),
  literal: z.string().optional(),
});

const standard = z.strictObject({
  name: z.string().optional(),
  version: z.string().optional(),
  schema: uri.optional(),
});

const newsObjectType = z.enum(['text', 'audio', 'video', 'picture', 'graphic', 'composite', 'component']);

/** An associated object: any ninjs properties, plus `name` and `rel`; `name` and `uri` required. */
const association = z
  .strictObject({
    name: z.string(),
    rel: z.string().optional(),
    uri,
    type: newsObjectType.optional(),
    by: z.string().optional(),
    copyrightNotice: z.string().optional(),
    descriptions: z.array(textItem).optional(),
    infoSources: z.array(infoSource).optional(),
    renditions: z.array(rendition).optional(),
  })
  .meta({ id: 'NinjsAssociation' });

export const ninjsDocument = z
  .strictObject({
    uri,
    standard: standard.optional(),
    type: newsObjectType.optional(),
    language: z.string().optional(),
    headlines: z.array(textItem).optional(),
    descriptions: z.array(textItem).optional(),
    bodies: z.array(bodyItem).optional(),
    by: z.string().optional(),
    firstCreated: dateTime.optional(),
    versionCreated: dateTime.optional(),
    contentCreated: dateTime.optional(),
    embargoedUntil: dateTime.optional(),
    pubStatus: z.enum(['usable', 'withheld', 'canceled']).optional(),
    subjects: z.array(entity).optional(),
    people: z.array(entity).optional(),
    organisations: z.array(entity).optional(),
    associations: z.array(association).optional(),
  })
  .meta({
    id: 'Ninjs',
    description:
      'An IPTC ninjs 3.1 news object (the part of the standard this API emits; valid against ninjs-schema_3.1.json).',
  });

export type NinjsDocument = z.infer<typeof ninjsDocument>;
export type NinjsAssociation = z.infer<typeof association>;
export type NinjsRendition = z.infer<typeof rendition>;
