import { z } from 'zod';
import { codePoints, cursorQuery, idParam, limitQuery, listMeta, timeOutput } from '../shared/schemas.js';
import { articleStatus, blockInput, correction, correctionType } from './articles.schemas.js';
import { REVISION_FIELDS } from './revisions.js';

// Revisions, corrections and preview links: request and response schemas (routes in history.routes.ts and
// preview.routes.ts).

export const correctionCreate = z
  .strictObject({
    type: correctionType.optional().meta({ description: 'Default correction.' }),
    text: codePoints(1, 2_000).meta({ description: '1 to 2,000 characters.' }),
  })
  .meta({ id: 'CorrectionCreate' });

export const correctionUpdate = z
  .strictObject({
    type: correctionType.optional(),
    text: codePoints(1, 2_000).optional(),
  })
  .meta({ id: 'CorrectionUpdate', description: 'Only the fields sent change; the same values change nothing.' });

const articleId = idParam.meta({ description: 'The article id, or its slug.' });

export const correctionParams = z.object({
  id: articleId,
  correctionId: idParam.meta({ description: 'A correction id of this article.' }),
});

const REVISION_MESSAGE = 'must be a revision number (a whole number from 1)';

/** A revision number in a path: digits only (a 400 naming it otherwise); one the article lacks is a 404. */
const revisionNumber = z
  .string()
  .regex(/^\d{1,9}$/, { message: REVISION_MESSAGE })
  .transform(Number)
  .meta({ type: 'integer', minimum: 1, pattern: undefined, example: 3 } as Record<string, unknown>);

export const revisionParams = z.object({ id: articleId, revision: revisionNumber });

export const diffParams = z.object({
  id: articleId,
  a: revisionNumber.meta({ description: 'The revision to compare from.' }),
  b: revisionNumber.meta({ description: 'The revision to compare to.' }),
});

export const revisionListQuery = z.strictObject({ limit: limitQuery, cursor: cursorQuery });

const fieldName = z.enum(Object.keys(REVISION_FIELDS) as [keyof typeof REVISION_FIELDS]);

export const revisionListItem = z
  .object({
    revision: z.int().min(1),
    createdAt: timeOutput,
    author: z.string().meta({ description: 'The name of the token that made the write; `cli` for the command line.' }),
    changed: z.array(fieldName).meta({
      description:
        'The fields whose value differs from the revision before; for revision 1, those that are not null or empty.',
    }),
  })
  .meta({ id: 'RevisionListItem' });

export const revisionList = z
  .object({ data: z.array(revisionListItem), meta: listMeta })
  .meta({ id: 'RevisionList', description: 'Newest first.' });

export const revisionArticle = z
  .object({
    id: z.string(),
    slug: z.string(),
    headline: z.string(),
    standfirst: z.string().nullable(),
    section: z.string().nullable(),
    tags: z.array(z.string()),
    byline: z.string().nullable(),
    body: z.array(blockInput),
    leadImageId: z.string().nullable(),
    status: articleStatus,
    publishedAt: timeOutput.nullable(),
    corrections: z.array(correction),
  })
  .meta({
    id: 'RevisionArticle',
    description:
      'The article as it was, in the shape of a write body (blocks with their ids, nothing resolved), plus id, status, publishedAt and corrections as they then were.',
  });

export const revision = revisionListItem
  .extend({ article: revisionArticle })
  .meta({ id: 'Revision', description: 'One revision: never changes once written.' });

const block = blockInput;

export const blockChange = z
  .discriminatedUnion('change', [
    z.object({ change: z.literal('unchanged'), from: z.int(), to: z.int(), block }),
    z.object({ change: z.literal('changed'), from: z.int(), to: z.int(), before: block, after: block }),
    z.object({ change: z.literal('removed'), from: z.int(), before: block }),
    z.object({ change: z.literal('added'), to: z.int(), after: block }),
  ])
  .meta({
    id: 'BlockChange',
    description:
      'One body block in reading order: `unchanged` (in both), `changed` (edited in place: `before` in revision a, `after` in revision b), `removed` (only in a) or `added` (only in b). `from` and `to` are its indexes in the bodies of a and b.',
  });

export const revisionDiff = z
  .object({
    from: z.int().meta({ description: 'Revision a.' }),
    to: z.int().meta({ description: 'Revision b.' }),
    changed: z.array(fieldName).meta({ description: 'Every field whose value differs between a and b.' }),
    fields: z
      .array(
        z.object({
          field: fieldName,
          from: z.unknown().meta({ description: 'The value in revision a (as in the revision `article`).' }),
          to: z.unknown().meta({ description: 'The value in revision b.' }),
        }),
      )
      .meta({ description: 'Each changed field but body, with its two values.' }),
    body: z
      .array(blockChange)
      .nullable()
      .meta({ description: 'null when the body is the same; else every block of both, in reading order.' }),
  })
  .meta({ id: 'RevisionDiff', description: 'What differs from revision a to revision b, field by field.' });

export const PREVIEW_MIN = 60;
export const PREVIEW_MAX = 2_592_000;
export const PREVIEW_DEFAULT = 86_400;

export const previewLinkCreate = z
  .strictObject({
    expiresIn: z
      .int({ message: `must be a whole number of seconds from ${PREVIEW_MIN} to ${PREVIEW_MAX}` })
      .min(PREVIEW_MIN, { message: `must be a whole number of seconds from ${PREVIEW_MIN} to ${PREVIEW_MAX}` })
      .max(PREVIEW_MAX, { message: `must be a whole number of seconds from ${PREVIEW_MIN} to ${PREVIEW_MAX}` })
      .default(PREVIEW_DEFAULT)
      .meta({ description: 'Seconds the link works for: 60 to 2,592,000 (30 days); default 86,400 (a day).' }),
  })
  .meta({ id: 'PreviewLinkCreate' });

export const previewLink = z
  .object({
    token: z.string().meta({ description: 'Shown once: only its hash is stored.' }),
    url: z.string().meta({ description: '`/v1/preview/{token}`, relative to this server.' }),
    expiresAt: timeOutput,
  })
  .meta({ id: 'PreviewLink' });

export const previewParams = z.object({ token: z.string().min(1).max(200) });

export type CorrectionCreate = z.output<typeof correctionCreate>;
export type CorrectionUpdate = z.output<typeof correctionUpdate>;
