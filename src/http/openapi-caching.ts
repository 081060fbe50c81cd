import type { OpenApiDocument } from './openapi-polish.js';

/**
 * How a GET route revalidates: `resource` through caching.single() (ETag, 304 on If-None-Match), `file` through
 * media/send-file.ts (ETag and Last-Modified, 304 on If-None-Match or If-Modified-Since, byte ranges).
 */
export type ConditionalRead = 'resource' | 'file';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This read answers a current If-None-Match with 304: documentConditionalReads() documents it. */
    conditional?: ConditionalRead;
  }
}

type Header = { description: string; required?: boolean; schema: Record<string, unknown> };

const text = (example: string) => ({ type: 'string', example });

const etag: Header = {
  description:
    'The version of this representation: send it back as `If-None-Match` to revalidate (304 while unchanged).',
  required: true,
  schema: text('"3f2a9c0d1e"'),
};

const resourceHeaders: Record<string, Header> = {
  ETag: etag,
  'Cache-Control': {
    description:
      'A read without a token: `public, max-age=…` (PUBLIC_MAX_AGE seconds) with `stale-while-revalidate` and `stale-if-error`. With a token: `private, no-cache` (it may show drafts).',
    required: true,
    schema: text('public, max-age=60, stale-while-revalidate=300, stale-if-error=86400'),
  },
  Vary: {
    description: 'Keeps the public copy and a token holder’s copy apart in shared caches.',
    required: true,
    schema: text('Authorization, Origin'),
  },
};

const fileHeaders: Record<string, Header> = {
  ETag: etag,
  'Last-Modified': {
    description: 'When the file was stored: send it back as `If-Modified-Since` to revalidate.',
    required: true,
    schema: text('Mon, 23 Dec 2024 09:00:00 GMT'),
  },
  'Cache-Control': {
    description:
      '`public, max-age=31536000, immutable`: a file’s URL names its content. A crop asked for with a stale `v` is `public, max-age=60`.',
    required: true,
    schema: text('public, max-age=31536000, immutable'),
  },
};

const ranges: Record<string, Header> = {
  'Accept-Ranges': { description: 'Byte ranges are served (`Range: bytes=…`).', schema: text('bytes') },
};

const contentRange: Record<string, Header> = {
  'Content-Range': {
    description: 'The bytes sent, of the whole file.',
    required: true,
    schema: text('bytes 0-1023/4096'),
  },
};

const ifNoneMatch = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description: 'The `ETag` of the copy the client holds: answered with 304 and no body while it is current.',
  schema: { type: 'string' },
};

const ifModifiedSince = {
  name: 'If-Modified-Since',
  in: 'header',
  required: false,
  description: 'The `Last-Modified` of the copy the client holds (ignored when `If-None-Match` is sent).',
  schema: { type: 'string' },
};

const range = {
  name: 'Range',
  in: 'header',
  required: false,
  description:
    'One byte range (`bytes=0-1023`, `bytes=1024-`, `bytes=-512`): a 206 with those bytes; a start past the end is a 416. Several ranges, or a malformed one, get the whole file.',
  schema: { type: 'string' },
};

const ifRange = {
  name: 'If-Range',
  in: 'header',
  required: false,
  description: 'The `ETag` or `Last-Modified` of the part the client holds: the range applies only to that version.',
  schema: { type: 'string' },
};

function notModified(kind: ConditionalRead) {
  return {
    description:
      kind === 'file'
        ? 'Not Modified: the copy the client holds (If-None-Match, or If-Modified-Since) is current. No body.'
        : 'Not Modified: the copy the client holds (If-None-Match) is current. No body.',
    headers: kind === 'file' ? fileHeaders : resourceHeaders,
  };
}

type Operation = { parameters?: unknown[]; responses?: Record<string, Record<string, unknown>> };

/** `/v1/articles/:id` → `/v1/articles/{id}`, the form @fastify/swagger writes paths in. */
const openapiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/**
 * Adds to each conditional read (keyed `get /v1/articles/:id`, as routes are registered) its 304 response, the
 * caching headers of its 2xx answers and its conditional request headers. @fastify/swagger cannot say a header
 * is required, and the 304 and its headers are the same for every such read, so they are written here once.
 */
export function documentConditionalReads(doc: OpenApiDocument, reads: ReadonlyMap<string, ConditionalRead>): void {
  // NOTE: @fastify/swagger gives the methods of one route (GET and HEAD of a media file) one operation object.
  const done = new WeakSet<object>();
  for (const [key, kind] of reads) {
    const [method, url] = key.split(' ') as [string, string];
    const operation = doc.paths[openapiPath(url)]?.[method] as Operation | undefined;
    if (!operation?.responses || done.has(operation)) continue;
    done.add(operation);
    const responses = operation.responses;
    const headers = kind === 'file' ? { ...fileHeaders, ...ranges } : resourceHeaders;
    if (responses['200']) responses['200'] = { ...responses['200'], headers };
    if (responses['206']) responses['206'] = { ...responses['206'], headers: { ...headers, ...contentRange } };
    responses['304'] = notModified(kind);
    const conditions = kind === 'file' ? [ifNoneMatch, ifModifiedSince, range, ifRange] : [ifNoneMatch];
    operation.parameters = [...(operation.parameters ?? []), ...conditions];
  }
}
