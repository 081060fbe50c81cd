import { z } from 'zod';
import { ARTICLE_STATUSES } from '../db/enums.js';
import { image } from '../images/images.schemas.js';
import { quote } from '../quotes/quotes.schemas.js';
import {
  codePoints,
  cursorQuery,
  idParam,
  limitQuery,
  listMeta,
  nullableText,
  timeInput,
  timeOutput,
} from '../shared/schemas.js';
import { CORRECTION_TYPES } from './revisions.js';
import { MAX_SLUG_LENGTH, SLUG_PATTERN } from './slug.js';

export { ARTICLE_STATUSES };
export const articleStatus = z.enum(ARTICLE_STATUSES, { message: `must be one of ${ARTICLE_STATUSES.join(', ')}` });

const refId = z.string({ message: 'must be a string id' }).min(1, { message: 'must not be empty' }).max(200);

// Blocks in: ids only. The resolved `image` / `quote` objects a GET returns are read-only and are removed before
// validation (see articles.routes.ts), so a body read with GET can be sent back.
const paragraphIn = z.strictObject({ type: z.literal('paragraph'), text: codePoints(0, 50_000) });
const headingIn = z.strictObject({ type: z.literal('heading'), text: codePoints(1, 500) });
const imageBlockIn = z.strictObject({ type: z.literal('image'), imageId: refId });
const quoteBlockIn = z.strictObject({ type: z.literal('quote'), quoteId: refId });

export const blockInput = z
  .discriminatedUnion('type', [paragraphIn, headingIn, imageBlockIn, quoteBlockIn], {
    error: (issue) =>
      issue.code === 'invalid_union' ? 'type must be one of paragraph, heading, image, quote' : undefined,
  })
  .meta({ id: 'ArticleBlock', description: 'A body block as written: ids only.' });

const paragraphOut = z.object({ type: z.literal('paragraph'), text: z.string() }).meta({ id: 'ParagraphBlock' });
const headingOut = z.object({ type: z.literal('heading'), text: z.string() }).meta({ id: 'HeadingBlock' });
const imageBlockOut = z
  .object({ type: z.literal('image'), imageId: z.string(), image })
  .meta({ id: 'ImageBlock', description: 'An image block, with the whole image it names.' });
const quoteBlockOut = z
  .object({ type: z.literal('quote'), quoteId: z.string(), quote })
  .meta({ id: 'QuoteBlock', description: 'A quote block, with the whole quote it names (speaker, role, channel…).' });

export const block = z
  .discriminatedUnion('type', [paragraphOut, headingOut, imageBlockOut, quoteBlockOut])
  .meta({ id: 'Block' });

export const slug = z
  .string()
  .max(MAX_SLUG_LENGTH, { message: `must be at most ${MAX_SLUG_LENGTH} characters` })
  .regex(SLUG_PATTERN, { message: 'must be lower-case letters and digits separated by single hyphens (a-z, 0-9, -)' })
  .meta({ example: 'ukraine-captures-north-korean-soldier-kursk' });

const tag = codePoints(1, 100).refine((value) => value.trim() === value && value.length > 0, {
  message: 'must not be empty or start or end with spaces',
});

export const correctionType = z.enum(CORRECTION_TYPES, { message: 'must be one of correction, clarification' });

export const correction = z
  .object({
    id: z.string(),
    type: correctionType,
    text: z.string(),
    createdAt: timeOutput,
  })
  .meta({ id: 'Correction', description: 'A correction notice shown to readers.' });

const articleFields = {
  id: z.string(),
  slug: z.string(),
  headline: z.string(),
  standfirst: z.string().nullable().meta({ description: 'The dek under the headline.' }),
  section: z.string().nullable().meta({ example: 'news' }),
  tags: z.array(z.string()),
  byline: z.string().nullable(),
  leadImageId: z.string().nullable(),
  leadImage: image.nullable().meta({ description: 'The whole lead image, or null.' }),
  status: articleStatus,
  publishedAt: timeOutput
    .nullable()
    .meta({ description: 'Set on first publish; a future time schedules the article (not public before then).' }),
  revision: z.int().min(1).meta({
    description:
      'Read-only. 1 when created, one more on every write that changes the content or status; a write that changes nothing (a PATCH with the values the article already has) changes neither this, `updatedAt` nor the ETag.',
    example: 3,
  }),
  corrections: z.array(correction).meta({
    description:
      'Read-only: the correction notices shown to readers, oldest first. Added, changed and removed through /v1/articles/{id}/corrections.',
  }),
  createdAt: timeOutput,
  updatedAt: timeOutput.meta({ description: 'What a frontend shows as "Updated".' }),
};

export const article = z
  .object({ ...articleFields, body: z.array(block) })
  .meta({ id: 'Article', description: 'A story, with its lead image and every image and quote block resolved.' });

export const articleListItem = z
  .object({
    ...articleFields,
    body: z.array(block).optional().meta({ description: 'Only with `include=body`.' }),
  })
  .meta({ id: 'ArticleListItem', description: 'An article as lists give it: every field but `body`, unless asked.' });

export const ARTICLE_READ_ONLY = ['id', 'revision', 'corrections', 'createdAt', 'updatedAt', 'leadImage'] as const;
const readOnlyNote = `Read-only fields (${ARTICLE_READ_ONLY.join(', ')}, and the resolved \`image\` / \`quote\` of blocks) are accepted and ignored; any other unknown field is a 400.`;

const writable = {
  slug: slug.meta({
    description:
      'Unique. Made from the headline when absent (with -2, -3… on a collision); a given slug that is taken is a 409.',
  }),
  headline: codePoints(1, 300)
    .refine((value) => value.trim().length > 0, { message: 'must not be empty' })
    .meta({ description: '1 to 300 characters.' }),
  standfirst: nullableText(2_000),
  section: nullableText(100),
  tags: z
    .array(tag)
    .max(50, { message: 'must have at most 50 tags' })
    .transform((tags) => [...new Set(tags)]),
  byline: nullableText(300),
  body: z.array(blockInput).max(2_000, { message: 'must have at most 2000 blocks' }),
  leadImageId: refId.nullable().meta({ description: 'Must name an existing image.' }),
  status: articleStatus,
  publishedAt: timeInput.nullable(),
};

export const articleCreate = z
  .strictObject({
    slug: writable.slug.optional(),
    headline: writable.headline,
    standfirst: writable.standfirst.optional(),
    section: writable.section.optional(),
    tags: writable.tags.optional(),
    byline: writable.byline.optional(),
    body: writable.body.optional(),
    leadImageId: writable.leadImageId.optional(),
    status: writable.status.optional().meta({ description: 'Default draft.' }),
    publishedAt: writable.publishedAt
      .optional()
      .meta({ description: 'Set to now on first publish when not given; a future time schedules the article.' }),
  })
  .meta({ id: 'ArticleCreate', description: readOnlyNote });

export const articleUpdate = z
  .strictObject({
    slug: writable.slug.optional(),
    headline: writable.headline.optional(),
    standfirst: writable.standfirst.optional(),
    section: writable.section.optional(),
    tags: writable.tags.optional(),
    byline: writable.byline.optional(),
    body: writable.body.optional(),
    leadImageId: writable.leadImageId.optional(),
    status: writable.status.optional(),
    publishedAt: writable.publishedAt.optional(),
  })
  .meta({ id: 'ArticleUpdate', description: `A partial update: only the fields sent change. ${readOnlyNote}` });

export const ARTICLE_SORTS = ['publishedAt', 'createdAt', 'updatedAt'] as const;
const sortValues = [...ARTICLE_SORTS.flatMap((field) => [field, `-${field}`]), 'relevance'] as const;

export const LIST_STATUSES = ['published', 'draft', 'archived', 'scheduled', 'any'] as const;

export const articleListQuery = z.strictObject({
  limit: limitQuery,
  cursor: cursorQuery,
  status: z
    .enum(LIST_STATUSES, { message: `must be one of ${LIST_STATUSES.join(', ')}` })
    .default('published')
    .meta({
      description:
        'published (default, public): published and due. With a token: draft, archived, scheduled (published with a future time), any.',
    }),
  section: z.string().min(1).max(100).optional(),
  tag: z.string().min(1).max(100).optional(),
  q: z
    .string()
    .max(500, { message: 'must be at most 500 characters' })
    .optional()
    .meta({ description: 'Full-text search over headline, standfirst and body (all words must match).' }),
  sort: z
    .enum(sortValues as unknown as [string, ...string[]], { message: `must be one of ${sortValues.join(', ')}` })
    .default('-publishedAt')
    .meta({ description: 'Default -publishedAt (newest first). `relevance` (best match first) needs `q`.' }),
  include: z
    .enum(['body'], { message: 'must be body' })
    .optional()
    .meta({ description: '`body` adds resolved bodies.' }),
});

export const articleParams = z.object({
  id: idParam.meta({ description: 'The article id, or its slug.' }),
});

export const articleList = z.object({ data: z.array(articleListItem), meta: listMeta }).meta({ id: 'ArticleList' });

export type Article = z.infer<typeof article>;
export type ArticleListItem = z.infer<typeof articleListItem>;
export type ArticleList = z.infer<typeof articleList>;
export type Block = z.infer<typeof block>;
export type BlockInput = z.output<typeof blockInput>;
export type ArticleCreate = z.output<typeof articleCreate>;
export type ArticleUpdate = z.output<typeof articleUpdate>;
export type ArticleListQuery = z.output<typeof articleListQuery>;
export type ListStatus = (typeof LIST_STATUSES)[number];
