import { z } from 'zod';

// Building blocks shared by the resources' schemas. Input pieces validate and normalise what clients send;
// output pieces describe what the API returns (and document it in OpenAPI).

/** A time in, with any offset; stored as epoch milliseconds (UTC). */
export const timeInput = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2025-01-10T09:30:00.000Z' })
  .transform((value) => Date.parse(value))
  .pipe(z.number().int().min(-62_135_596_800_000).max(253_402_300_799_999, { message: 'is out of range' }));

/** A time out: ISO 8601 UTC with milliseconds, as Date.prototype.toISOString() writes it. */
export const timeOutput = z.iso.datetime().meta({ example: '2025-01-10T09:30:00.000Z' });

/** An http(s) URL; any other scheme (javascript:, data:, file:) is refused. */
export const httpUrl = z
  .string()
  .max(2048, { message: 'must be at most 2048 characters' })
  .refine(
    (value) => {
      if (!/^https?:\/\//i.test(value)) return false;
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
      } catch {
        return false;
      }
    },
    { message: 'must be an absolute http: or https: URL' },
  )
  .meta({ format: 'uri', example: 'https://example.org/photo.jpg' });

/** The number of code points (as `[...value].length` counts them: a lone surrogate is one), without allocating. */
function codePointLength(value: string): number {
  let count = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/**
 * Counts code points, not UTF-16 units, so an emoji is one character as an editor would count it.
 * NOTE: a string of n UTF-16 units holds n/2 to n code points, so most values are decided by `length` alone;
 * counting (let alone spreading into an array, measured at ~0.5 s per 10,000-article import) is for the rest.
 */
export function codePoints(min: number, max: number) {
  return z
    .string()
    .refine((value) => value.length >= min * 2 || codePointLength(value) >= min, {
      message: min === 1 ? 'must not be empty' : `must be at least ${min} characters`,
    })
    .refine((value) => value.length <= max || codePointLength(value) <= max, {
      message: `must be at most ${max} characters`,
    });
}

/** Optional free text: a string up to `max` code points, or null. */
export const nullableText = (max: number) => codePoints(0, max).nullable();

export const idParam = z.string().min(1).max(200);

/**
 * Meta key for the default of a query parameter whose zod schema transforms (limit: digits → number): zod leaves a
 * transforming schema's `default` out of the request side, where client generators look for it, so the OpenAPI
 * polish (http/openapi-polish.ts) turns this key into `default`.
 */
export const INPUT_DEFAULT = 'x-input-default';

const LIMIT_MESSAGE = 'must be a whole number from 1 to 100';

// NOTE: digits only. z.coerce.number would take `0x10`, `1e1` or ` 5` (Number() does), and the contract wants a
// malformed parameter refused, not guessed at. The OpenAPI type stays an integer: that is what clients send.
export const limitQuery = z
  .string()
  .regex(/^\d{1,3}$/, { message: LIMIT_MESSAGE })
  .transform(Number)
  .pipe(z.number().int().min(1, { message: LIMIT_MESSAGE }).max(100, { message: LIMIT_MESSAGE }))
  .default(20)
  .meta({
    description: 'Items per page, 1 to 100 (default 20).',
    type: 'integer',
    [INPUT_DEFAULT]: 20,
    minimum: 1,
    maximum: 100,
    pattern: undefined,
  } as Record<string, unknown>);

export const cursorQuery = z
  .string()
  .min(1, { message: 'must not be empty' })
  .optional()
  .meta({ description: 'The `meta.nextCursor` of the previous page.' });

export const listMeta = z
  .object({
    total: z.number().int().meta({ description: 'How many items match the filters, across all pages.' }),
    limit: z.number().int(),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last.' }),
  })
  .meta({ id: 'ListMeta' });

export const fieldError = z
  .object({
    path: z.string().meta({ example: 'body[2].quoteId' }),
    message: z.string(),
  })
  .meta({ id: 'FieldError' });

export const problem = z
  .object({
    type: z.string().meta({ example: 'about:blank' }),
    title: z.string().meta({ example: 'Bad Request' }),
    status: z.number().int().meta({ example: 400 }),
    detail: z.string(),
    code: z.string().meta({ description: 'A stable machine-readable code, e.g. VALIDATION_FAILED, SLUG_TAKEN.' }),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(fieldError).optional().meta({ description: 'Every failing field, for validation errors.' }),
    articles: z
      .array(z.object({ id: z.string(), slug: z.string() }))
      .optional()
      .meta({ description: 'For a 409 on delete: the articles still using the resource.' }),
    missing: z
      .array(z.object({ type: z.enum(['image', 'quote']), id: z.string() }))
      .optional()
      .meta({ description: 'For a 409 on restore: the images and quotes the revision names that no longer exist.' }),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem details object.' });

export type Problem = z.infer<typeof problem>;

/** The list envelope every collection returns. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), meta: listMeta });
}

export const sortDirection = (fields: readonly string[]) => {
  const values = fields.flatMap((field) => [field, `-${field}`]);
  return z.enum(values as [string, ...string[]], {
    message: `must be one of ${values.join(', ')}`,
  });
};
