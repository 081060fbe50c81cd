import { z } from 'zod';
import { SPEAKER_TYPES } from '../db/enums.js';
import {
  codePoints,
  cursorQuery,
  httpUrl,
  idParam,
  limitQuery,
  listOf,
  nullableText,
  sortDirection,
  timeInput,
  timeOutput,
} from '../shared/schemas.js';

const nonBlank = (max: number) =>
  codePoints(1, max).refine((value) => value.trim().length > 0, { message: 'must not be empty' });

export const quote = z
  .object({
    id: z.string().meta({ example: '01JGB1R6ZQ8K9V3M2N4P5Q6R7S' }),
    text: z.string(),
    speaker: z.string().meta({ example: 'Volodymyr Zelensky' }),
    speakerType: z.enum(SPEAKER_TYPES).meta({
      description: 'Whether `speaker` is a person or an organisation (a Person or an Organization in JSON-LD).',
    }),
    speakerRole: z.string().nullable().meta({ example: 'President of Ukraine' }),
    organisation: z.string().nullable().meta({ example: 'Ukraine' }),
    channel: z.string().nullable().meta({ example: 'Telegram' }),
    sourceUrl: z.string().nullable(),
    saidAt: timeOutput.nullable(),
    createdAt: timeOutput,
    updatedAt: timeOutput,
  })
  .meta({ id: 'Quote', description: 'A statement, with who said it, in what role, where and when.' });

const fields = {
  text: nonBlank(20_000).meta({ description: 'What was said, verbatim.' }),
  speaker: nonBlank(300).meta({
    description: 'The person or organisation quoted.',
    example: 'National Intelligence Service',
  }),
  speakerType: z
    .enum(SPEAKER_TYPES, { message: `must be one of ${SPEAKER_TYPES.join(', ')}` })
    .optional()
    .meta({ description: 'Whether `speaker` is a person or an organisation; `person` when not given.' }),
  speakerRole: nullableText(300).optional().meta({ description: 'Their role when they said it.' }),
  organisation: nullableText(300).optional(),
  channel: nullableText(200).optional().meta({ description: 'Where it was said: Telegram, statement, interview…' }),
  sourceUrl: httpUrl.nullable().optional(),
  saidAt: timeInput.nullable().optional().meta({ description: 'When it was said; any offset, stored in UTC.' }),
};

export const QUOTE_READ_ONLY = ['id', 'createdAt', 'updatedAt'] as const;

export const quoteCreate = z.strictObject(fields).meta({
  id: 'QuoteCreate',
  description: `Read-only fields (${QUOTE_READ_ONLY.join(', ')}) are accepted and ignored; any other unknown field is a 400.`,
});

export const quoteUpdate = z
  .strictObject({
    text: fields.text.optional(),
    speaker: fields.speaker.optional(),
    speakerType: fields.speakerType,
    speakerRole: fields.speakerRole,
    organisation: fields.organisation,
    channel: fields.channel,
    sourceUrl: fields.sourceUrl,
    saidAt: fields.saidAt,
  })
  .meta({ id: 'QuoteUpdate', description: 'A partial update: only the fields sent are changed; null clears one.' });

export const QUOTE_SORTS = ['createdAt', 'updatedAt', 'saidAt'] as const;

export const quoteListQuery = z.strictObject({
  limit: limitQuery,
  cursor: cursorQuery,
  speaker: z.string().min(1).max(300).optional().meta({ description: 'Exact speaker name, case-insensitive.' }),
  articleId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Only the quotes this article (id or slug) uses.' }),
  q: z.string().max(500).optional().meta({ description: 'Full-text search over text, speaker and role.' }),
  sort: sortDirection(QUOTE_SORTS).default('-createdAt'),
});

export const quoteParams = z.object({ id: idParam });
export const quoteList = listOf(quote).meta({ id: 'QuoteList' });

export type Quote = z.infer<typeof quote>;
export type SpeakerType = Quote['speakerType'];
export type QuoteCreate = z.output<typeof quoteCreate>;
export type QuoteUpdate = z.output<typeof quoteUpdate>;
export type QuoteListQuery = z.output<typeof quoteListQuery>;
