// Every error the API answers is an HttpProblem, rendered as RFC 9457 problem+json by the errors plugin.
// Messages live in this one table so that an editor sees the same words for the same mistake everywhere.

export type FieldError = { path: string; message: string };
export type ArticleRef = { id: string; slug: string };

export type MissingRef = { type: 'image' | 'quote'; id: string };

export type ProblemExtras = {
  errors?: FieldError[];
  articles?: ArticleRef[];
  missing?: MissingRef[];
};

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    /** A stable, machine-readable code (SCREAMING_SNAKE_CASE), for clients that branch on the kind of error. */
    readonly code: string,
    readonly detail: string,
    readonly extras: ProblemExtras = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

export const problems = {
  validation: (errors: FieldError[], detail?: string) =>
    new HttpProblem(
      400,
      'VALIDATION_FAILED',
      detail ??
        `The request is invalid: ${errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')}`,
      { errors },
    ),
  badBundle: (errors: FieldError[], items: number) =>
    new HttpProblem(
      400,
      'VALIDATION_FAILED',
      `The bundle has ${errors.length} error${errors.length === 1 ? '' : 's'} in ${items} place${items === 1 ? '' : 's'}; nothing was loaded. Each is listed in errors with its place in the bundle (articles[3].body[2].quote).`,
      { errors },
    ),
  badRequest: (detail: string, path?: string) =>
    new HttpProblem(400, 'BAD_REQUEST', detail, path === undefined ? {} : { errors: [{ path, message: detail }] }),
  invalidJson: (detail: string) =>
    new HttpProblem(400, 'INVALID_JSON', `The request body is not valid JSON: ${detail}`),
  unauthorized: (detail: string) =>
    new HttpProblem(401, 'UNAUTHORIZED', detail, {}, { 'www-authenticate': 'Bearer realm="newsroom-cms"' }),
  missingToken: () => problems.unauthorized('This request needs a token: send Authorization: Bearer <token>.'),
  badToken: () => problems.unauthorized('The token is not valid or has been revoked.'),
  malformedAuthorization: () =>
    problems.unauthorized('The Authorization header is malformed: send Authorization: Bearer <token>.'),
  forbidden: (scope: string) =>
    new HttpProblem(403, 'FORBIDDEN', `This token lacks the "${scope}" scope needed for this request.`),
  notFound: (what: string, id: string) =>
    new HttpProblem(404, 'NOT_FOUND', `No ${what} with id ${JSON.stringify(id)}.`),
  routeNotFound: (method: string, url: string) =>
    new HttpProblem(404, 'ROUTE_NOT_FOUND', `There is no route ${method} ${url.split('?')[0]}.`),
  slugTaken: (slug: string) =>
    new HttpProblem(409, 'SLUG_TAKEN', `The slug ${JSON.stringify(slug)} is already used by another article.`, {
      errors: [{ path: 'slug', message: 'already used by another article' }],
    }),
  /** A unique field whose value another write took first (see db/errors.ts). */
  duplicate: (path: string, message: string, code = 'DUPLICATE') =>
    new HttpProblem(409, code, `The ${path} is ${message}.`, { errors: [{ path, message }] }),
  inUse: (what: 'image' | 'quote', id: string, articles: ArticleRef[]) =>
    new HttpProblem(
      409,
      'IN_USE',
      `The ${what} ${id} is used by ${articles.length} article${articles.length === 1 ? '' : 's'} (${articles
        .map((a) => a.slug)
        .join(', ')}); remove it from them first.`,
      { articles },
    ),
  conflict: (detail: string) => new HttpProblem(409, 'CONFLICT', detail),
  missingReferences: (revision: number, missing: MissingRef[]) =>
    new HttpProblem(
      409,
      'REFERENCES_MISSING',
      `Revision ${revision} names ${missing.length === 1 ? 'an image or quote that no longer exists' : `${missing.length} images or quotes that no longer exist`} (${missing
        .map((m) => `${m.type} ${m.id}`)
        .join(', ')}); nothing was changed. Restore it after making them again, or edit the article instead.`,
      { missing },
    ),
  /** A preview link that does not exist (or whose article was deleted): says nothing about the article. */
  previewNotFound: () => new HttpProblem(404, 'NOT_FOUND', 'No preview link with this token.'),
  previewExpired: () => new HttpProblem(410, 'PREVIEW_EXPIRED', 'This preview link has expired: ask for a new one.'),
  preconditionFailed: () =>
    new HttpProblem(
      412,
      'PRECONDITION_FAILED',
      'The resource has changed since you read it (If-Match does not match its current ETag). Read it again and retry.',
    ),
  tooLarge: (limit: number, what = 'request body') =>
    new HttpProblem(413, 'PAYLOAD_TOO_LARGE', `The ${what} is larger than the limit of ${limit} bytes.`),
  unsupportedMediaType: (detail: string) => new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', detail),
  tooManyPixels: (width: number, height: number, frames: number, maxPixels: number) =>
    new HttpProblem(
      413,
      'TOO_MANY_PIXELS',
      `The picture is ${width}×${height} pixels${frames > 1 ? ` × ${frames} frames` : ''}, more than the limit of ${maxPixels} pixels.`,
      { errors: [{ path: 'file', message: `has more than ${maxPixels} pixels` }] },
    ),
  locationNotRemovable: () =>
    new HttpProblem(
      422,
      'LOCATION_NOT_REMOVABLE',
      'The picture carries location metadata (GPS) in a place this server cannot clean; nothing was stored. Remove the location with your photo editor and upload it again.',
      { errors: [{ path: 'file', message: 'has location metadata that could not be removed' }] },
    ),
  mediaNotFound: () => new HttpProblem(404, 'NOT_FOUND', 'There is no media file at this address.'),
  rangeNotSatisfiable: (size: number) =>
    new HttpProblem(
      416,
      'RANGE_NOT_SATISFIABLE',
      `The requested range is outside the file (${size} bytes).`,
      {},
      { 'content-range': `bytes */${size}` },
    ),
  rateLimited: (retryAfterSeconds: number) =>
    new HttpProblem(
      429,
      'RATE_LIMITED',
      `Too many requests: retry in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
      {},
      { 'retry-after': String(retryAfterSeconds) },
    ),
  invalidUtf8: () =>
    new HttpProblem(400, 'INVALID_ENCODING', 'The request body is not valid UTF-8: send JSON encoded as UTF-8.'),
  unpairedSurrogates: (paths: string[]) =>
    problems.validation(
      paths.map((path) => ({ path, message: 'is not valid Unicode text: it holds an unpaired surrogate' })),
    ),
  unsupportedCharset: (charset: string) =>
    new HttpProblem(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `JSON is taken as UTF-8 only; the charset ${JSON.stringify(charset)} is not accepted.`,
    ),
  badUrl: () =>
    new HttpProblem(400, 'BAD_URL', 'The URL is not valid: a path segment holds a malformed percent-encoding.'),
  pathSegmentTooLong: () =>
    new HttpProblem(414, 'URI_TOO_LONG', 'A path segment of the URL is longer than this API accepts.'),
  overloaded: (retryAfterSeconds: number) =>
    new HttpProblem(
      503,
      'OVERLOADED',
      `The server is overloaded: retry in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
      {},
      { 'retry-after': String(retryAfterSeconds) },
    ),
  clientTimeout: () =>
    new HttpProblem(408, 'REQUEST_TIMEOUT', 'The request was not received in time: the connection is closed.'),
  headersTooLarge: () =>
    new HttpProblem(431, 'HEADERS_TOO_LARGE', 'The request headers are larger than this server accepts.'),
  malformedRequest: () => new HttpProblem(400, 'MALFORMED_REQUEST', 'The request is not valid HTTP.'),
  unavailable: (detail: string, retryAfterSeconds = 5) =>
    new HttpProblem(503, 'UNAVAILABLE', detail, {}, { 'retry-after': String(retryAfterSeconds) }),
  internal: () =>
    new HttpProblem(
      500,
      'INTERNAL_ERROR',
      'The server failed to answer this request. It has been logged; quote the x-request-id when reporting it.',
    ),
};

/** RFC 9110 reason phrases for the statuses this API answers with; `title` of a problem. */
export const statusTitles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
