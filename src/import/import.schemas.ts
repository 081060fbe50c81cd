import { z } from 'zod';
import { articleCreate, blockInput, correctionType } from '../articles/articles.schemas.js';
import { MAX_SLUG_LENGTH, SLUG_PATTERN, slugFromHeadline } from '../articles/slug.js';
import { imageUploadMetadata } from '../images/images.schemas.js';
import { quoteCreate } from '../quotes/quotes.schemas.js';
import { codePoints, timeInput } from '../shared/schemas.js';

// A fixture bundle: `{ images, quotes, articles }`, each item the resource's create body plus an optional `key`.
// The item schemas are built from the resources' own create schemas, so a field means the same in a bundle as in
// POST /v1/{resource}; only the references differ (keys instead of, or beside, ids).

export const BUNDLE_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
const MAX_KEY_LENGTH = 200;

export const bundleKey = z
  .string({ message: 'must be a key (a string)' })
  .min(1, { message: 'must not be empty' })
  .max(MAX_KEY_LENGTH, { message: `must be at most ${MAX_KEY_LENGTH} characters` })
  .regex(BUNDLE_KEY_PATTERN, {
    message: 'must be letters, digits and . _ : / - (starting with a letter or digit)',
  })
  .meta({ example: 'kim-meets-soldiers' });

/** A picture shipped with the bundle: a relative path that stays inside the bundle's folder. */
export const bundleFile = z
  .string({ message: 'must be a relative path (a string)' })
  .min(1, { message: 'must not be empty' })
  .max(500, { message: 'must be at most 500 characters' })
  .refine(
    (value) =>
      !/^([/\\]|[A-Za-z]:)/.test(value) &&
      !value.includes('\\') &&
      !value.includes('\0') &&
      value.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'),
    { message: 'must be a relative path inside the bundle folder (no leading /, no . or .. segments, no \\)' },
  )
  .meta({
    description:
      'A picture shipped with the bundle. For `npm run seed` a path relative to the bundle file; for `POST /v1/import` as multipart/form-data, the name of the part holding the picture (or its filename). Stored like an upload: checked by content, location metadata removed.',
    example: 'pictures/kim-meets-soldiers.jpg',
  });

/** Refinements also run when other fields of the item fail, so an item's every problem is reported at once. */
const whenObject = {
  when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null,
};

export const IMAGE_ITEM_READ_ONLY = ['id', 'url', 'width', 'height', 'mimeType', 'bytes', 'createdAt', 'updatedAt'];
export const QUOTE_ITEM_READ_ONLY = ['id', 'createdAt', 'updatedAt'];
export const ARTICLE_ITEM_READ_ONLY = ['id', 'revision', 'createdAt', 'updatedAt'];

const keyField = bundleKey.optional().meta({
  description:
    'A name local to the bundle, by which articles refer to the item and by which a later load finds it again (it is stored with the item). Without one, the item is found again by its content: loading it twice makes one item, but a changed keyless item is a new one.',
});

export const bundleImage = imageUploadMetadata
  .extend({ key: keyField, file: bundleFile.optional() })
  .refine((item) => item.file !== undefined || item.sourceUrl !== undefined, {
    path: ['sourceUrl'],
    message: 'is required when the image has no file',
    ...whenObject,
  })
  .meta({
    id: 'BundleImage',
    description: `An image: \`sourceUrl\` (an external picture) or \`file\` (a picture shipped with the bundle; \`sourceUrl\` may then say where it came from). Read-only fields (${IMAGE_ITEM_READ_ONLY.join(', ')}) are accepted and ignored; any other unknown field is a 400.`,
  });

export const bundleQuote = quoteCreate.extend({ key: keyField }).meta({
  id: 'BundleQuote',
  description: `A quote, as POST /v1/quotes takes it, plus \`key\`. Read-only fields (${QUOTE_ITEM_READ_ONLY.join(', ')}) are accepted and ignored.`,
});

const refId = z.string({ message: 'must be a string id' }).min(1, { message: 'must not be empty' }).max(200);

/** A block or field that names one thing, by bundle key or by id: exactly one of the two. */
function oneOf<T extends z.ZodObject>(schema: T, keyName: string, idName: string, what: string) {
  const has = (value: unknown, name: string) => (value as Record<string, unknown>)[name] !== undefined;
  return schema
    .refine((value) => !(has(value, keyName) && has(value, idName)), {
      path: [keyName],
      message: `give ${keyName} (a key) or ${idName}, not both`,
      ...whenObject,
    })
    .refine((value) => has(value, keyName) || has(value, idName), {
      path: [keyName],
      message: `is required: the key of a ${what} in the bundle (or ${idName}, an existing ${what}'s id)`,
      ...whenObject,
    });
}

const [paragraphBlock, headingBlock] = blockInput.options;

const imageBlock = oneOf(
  z.strictObject({
    type: z.literal('image'),
    image: bundleKey.optional().meta({ description: 'The key of an image in the bundle (or loaded before).' }),
    imageId: refId.optional().meta({ description: 'The id of an existing image.' }),
  }),
  'image',
  'imageId',
  'image',
);

const quoteBlock = oneOf(
  z.strictObject({
    type: z.literal('quote'),
    quote: bundleKey
      .optional()
      .meta({ description: 'The key of a quote in the bundle (or loaded before).', example: 'nis-capture' }),
    quoteId: refId.optional().meta({ description: 'The id of an existing quote.' }),
  }),
  'quote',
  'quoteId',
  'quote',
);

export const bundleBlock = z
  .discriminatedUnion('type', [paragraphBlock, headingBlock, imageBlock, quoteBlock], {
    error: (issue) =>
      issue.code === 'invalid_union' ? 'type must be one of paragraph, heading, image, quote' : undefined,
  })
  .meta({
    id: 'BundleBlock',
    description: 'A body block. Image and quote blocks name what they show by bundle key (`image`, `quote`) or id.',
  });

const articleFields = articleCreate.shape;

/**
 * A bundle article is the create body, so the slug may be left out: it is then made from the headline, without
 * a -2 suffix, since the slug is what a later load finds the article by (a suffix would depend on what the
 * database holds, and loading twice would make a second article).
 */
const bundleSlug = z
  .string()
  .max(MAX_SLUG_LENGTH, { message: `must be at most ${MAX_SLUG_LENGTH} characters` })
  .regex(SLUG_PATTERN, { message: 'must be lower-case letters and digits separated by single hyphens (a-z, 0-9, -)' })
  .optional()
  .meta({
    description:
      'What a later load finds the article by, to update it in place. When left out it is made from the headline (accents transliterated, no -2 suffix), so the article is found again only while its headline stays the same: give one to keep it stable.',
    example: 'ukraine-captures-north-korean-soldier-kursk',
  });

/**
 * A correction notice in a bundle: what an export writes (`id`, `type`, `text`, `createdAt`), or less. How a load
 * matches them is described on BundleArticle.corrections.
 */
export const bundleCorrection = z
  .strictObject({
    id: z
      .string({ message: 'must be a string id' })
      .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be 1 to 64 letters, digits, _ or -' })
      .optional()
      .meta({ description: 'Kept when given (an exported notice keeps its id); made when not.' }),
    type: correctionType.optional().meta({ description: 'Default correction.' }),
    text: codePoints(1, 2_000),
    createdAt: timeInput
      .optional()
      .meta({ description: 'Kept when given; else the matched notice’s, or the time of the load.' }),
  })
  .meta({ id: 'BundleCorrection' });

export type BundleCorrection = z.output<typeof bundleCorrection>;

export const bundleArticle = z
  .strictObject({
    key: bundleKey
      .optional()
      .meta({ description: 'Accepted for symmetry; articles are found again by slug.', example: 'kursk-capture' }),
    slug: bundleSlug,
    headline: articleFields.headline,
    standfirst: articleFields.standfirst,
    section: articleFields.section,
    tags: articleFields.tags,
    byline: articleFields.byline,
    status: articleFields.status,
    publishedAt: articleFields.publishedAt,
    leadImage: bundleKey
      .nullable()
      .optional()
      .meta({ description: 'The key of the lead image in the bundle (or loaded before); or leadImageId.' }),
    leadImageId: refId.nullable().optional().meta({ description: 'The id of an existing image; or leadImage.' }),
    body: z.array(bundleBlock).max(2_000, { message: 'must have at most 2000 blocks' }).optional(),
    corrections: z
      .array(bundleCorrection)
      .max(1_000, { message: 'must have at most 1000 corrections' })
      .optional()
      .meta({
        description:
          "The article's correction notices, oldest first: when given, they become its notices (an export followed by a load into an empty database gives the same ones, ids and times included). A notice with an `id` is that notice; one without is matched to a notice of the article with the same type and text (keeping its id and time), else made. When left out, a loaded article keeps the notices it has (a notice once given is not taken back by a bundle that does not mention it).",
      }),
  })
  .refine((article) => article.leadImage == null || article.leadImageId == null, {
    path: ['leadImage'],
    message: 'give leadImage (a key) or leadImageId, not both',
    ...whenObject,
  })
  .transform((article) => ({ ...article, slug: article.slug ?? slugFromHeadline(article.headline) }))
  .meta({
    id: 'BundleArticle',
    description: `An article, as POST /v1/articles takes it (a missing \`slug\` is made from the headline), with images and quotes named by bundle key or by id. Loaded again, it takes the bundle's values: a field left out takes its create default (null, [], draft), except publishedAt, which is then kept. Read-only fields (${ARTICLE_ITEM_READ_ONLY.join(', ')}) are accepted and ignored.`,
  });

export const bundle = z
  .strictObject({
    images: z.array(bundleImage).optional(),
    quotes: z.array(bundleQuote).optional(),
    articles: z.array(bundleArticle).optional(),
  })
  .meta({
    id: 'Bundle',
    description:
      'A fixture bundle. Loading is all or nothing and idempotent: articles are matched by slug, images and quotes by key, and a matched item is updated in place, keeping its id. A bad bundle changes nothing; every bad item is reported with its place (`articles[3].body[2].quote`).',
  });

const counts = z
  .object({
    articles: z.number().int().min(0),
    images: z.number().int().min(0),
    quotes: z.number().int().min(0),
  })
  .meta({ id: 'ImportCounts' });

export const importResult = z
  .object({
    created: counts.meta({ description: 'Items that did not exist.' }),
    updated: counts.meta({ description: 'Items matched (by slug or key) and changed in place, keeping their ids.' }),
    unchanged: counts.meta({ description: 'Items matched and already as the bundle says.' }),
  })
  .meta({ id: 'ImportResult', description: 'What a load did (or, with dryRun, would do), in counts.' });

export const importQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true')
    .meta({ description: 'Validate and count what would change, without writing anything.' }),
});

export const exportQuery = z.strictObject({
  section: z.string().min(1).max(100).optional().meta({ description: 'Only the articles of this section.' }),
  tag: z.string().min(1).max(100).optional().meta({ description: 'Only the articles with this tag.' }),
  since: timeInput.optional().meta({
    description:
      'Only the articles changed at or after this time: their own update, or one of the images and quotes they show.',
  }),
});

export type BundleImage = z.output<typeof bundleImage>;
export type BundleQuote = z.output<typeof bundleQuote>;
export type BundleArticle = z.output<typeof bundleArticle>;
export type BundleBlock = z.output<typeof bundleBlock>;
export type ImportResult = z.output<typeof importResult>;
export type ExportQuery = z.output<typeof exportQuery>;
