import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ZodError } from 'zod';
import { databaseProblem } from '../db/errors.js';
import { problem } from '../shared/schemas.js';
import { type FieldError, HttpProblem, problems, statusTitles } from './problems.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Problem statuses this route answers besides the common ones, for the OpenAPI document (409, 412…). */
    problemStatuses?: number[];
  }
}

/** `body[2].quoteId` from ['body', 2, 'quoteId']: the notation editors read in the contract. */
export function formatPath(segments: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number' || (typeof segment === 'string' && /^\d+$/.test(segment)))
      out += `[${String(segment)}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

type IssueLike = { code?: string; path: ReadonlyArray<PropertyKey>; message: string; keys?: string[] };

/** One FieldError per failing field (the first reason found); an unknown key is reported under its own path. */
export function issuesToFieldErrors(
  issues: ReadonlyArray<IssueLike>,
  prefix: ReadonlyArray<PropertyKey> = [],
): FieldError[] {
  const byPath = new Map<string, FieldError>();
  const add = (path: string, message: string) => {
    if (!byPath.has(path)) byPath.set(path, { path, message });
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const key of issue.keys) add(formatPath([...prefix, ...issue.path, key]), 'is not a known field');
      continue;
    }
    add(formatPath([...prefix, ...issue.path]), humanMessage(issue));
  }
  return [...byPath.values()];
}

function humanMessage(issue: IssueLike): string {
  // zod's defaults say "Invalid input: expected string, received undefined" for a missing field.
  if (/received undefined$/.test(issue.message)) return 'is required';
  return issue.message.replace(/^Invalid input: /, '');
}

export function zodErrorToProblem(error: ZodError, prefix: ReadonlyArray<PropertyKey> = []): HttpProblem {
  return problems.validation(issuesToFieldErrors(error.issues, prefix));
}

function fromFastifyError(error: FastifyError, request: FastifyRequest): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      code: v.keyword,
      path: v.instancePath.split('/').filter(Boolean),
      message: v.message ?? 'is invalid',
      keys: (v.params as { keys?: string[] }).keys,
    }));
    return problems.validation(issuesToFieldErrors(issues));
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problems.tooLarge(request.routeOptions.bodyLimit ?? 0);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problems.unsupportedMediaType(
        `Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')} is not accepted here: send application/json${
          request.url.startsWith('/v1/images') || request.url.startsWith('/v1/import')
            ? ', or multipart/form-data with the files'
            : ''
        }.`,
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problems.badRequest('The Content-Length header does not match the body.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problems.badRequest('The request body is empty: send a JSON object.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problems.invalidJson(error.message);
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON') {
    return problems.invalidJson(error.message);
  }
  const fromDatabase = databaseProblem(error);
  if (fromDatabase) return fromDatabase;
  const status = error.statusCode ?? 500;
  if (status === 429) {
    const retryAfter = Number((error as { retryAfter?: number }).retryAfter ?? 60);
    return problems.rateLimited(Number.isFinite(retryAfter) ? Math.max(1, Math.ceil(retryAfter)) : 60);
  }
  if (status >= 400 && status < 500) {
    return new HttpProblem(status, error.code ?? 'BAD_REQUEST', error.message);
  }
  if (status === 503) return problems.unavailable(error.message);
  return problems.internal();
}

export function renderProblem(reply: FastifyReply, request: FastifyRequest, p: HttpProblem) {
  for (const [name, value] of Object.entries(p.headers)) reply.header(name, value);
  return reply
    .code(p.status)
    .type('application/problem+json')
    .header('cache-control', 'no-store')
    .send({
      type: 'about:blank',
      title: statusTitles[p.status] ?? 'Error',
      status: p.status,
      detail: p.detail,
      code: p.code,
      instance: request.url.split('?')[0],
      requestId: String(request.id),
      ...p.extras,
    });
}

/**
 * Fastify's `frameworkErrors`: a URL the router cannot decode (bad percent-encoding) or a path segment past
 * maxParamLength. NOTE: these are answered before any hook runs, so the headers hooks would add are set here.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  let p: HttpProblem;
  if (error.code === 'FST_ERR_BAD_URL') p = problems.badUrl();
  else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') p = problems.pathSegmentTooLong();
  else {
    request.log.error({ err: error }, 'request failed');
    p = problems.internal();
  }
  reply.header('x-request-id', request.id).header('x-content-type-options', 'nosniff');
  return renderProblem(reply, request, p);
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses before there is a request (a slow client's
 * timeout, oversized headers, malformed HTTP). Written to the socket by hand, as problem+json like every error.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Duplex) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const p =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? problems.clientTimeout()
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? problems.headersTooLarge()
        : problems.malformedRequest();
  this.log.debug({ code: error.code, status: p.status }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify({
      type: 'about:blank',
      title: statusTitles[p.status] ?? 'Error',
      status: p.status,
      detail: p.detail,
      code: p.code,
    });
    socket.write(
      `HTTP/1.1 ${p.status} ${statusTitles[p.status] ?? 'Error'}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy();
}

/** The statuses every route may answer with, added to each route's schema so OpenAPI documents them. */
const commonErrorStatuses = [400, 401, 403, 404, 413, 415, 429, 500, 503] as const;

/**
 * A route's response schemas with the problem responses it may answer added: the common ones, its own
 * `problemStatuses`, and 414 when its URL has a path parameter (one longer than the router's maxParamLength in
 * src/app.ts is refused by frameworkErrorHandler).
 */
export function withProblemResponses(
  url: string,
  response: Record<string, unknown> | undefined,
  extra: readonly number[] = [],
): Record<string, unknown> {
  const all = { ...response };
  const statuses = new Set<number>([...commonErrorStatuses, ...extra]);
  if (url.includes(':')) statuses.add(414);
  for (const status of statuses) {
    if (all[status] === undefined) {
      all[status] = {
        description: statusTitles[status] ?? 'Error',
        content: { 'application/problem+json': { schema: problem } },
      };
    }
  }
  return all;
}

async function errorsPlugin(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    if (!route.schema || route.schema.hide) return;
    const extra = (route.config as { problemStatuses?: number[] } | undefined)?.problemStatuses;
    const response = withProblemResponses(route.url, route.schema.response as Record<string, unknown>, extra);
    route.schema = { ...route.schema, response };
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const p = fromFastifyError(error, request);
    // A 503 the app chose (overload, database busy) is a refusal, not a bug: no stack trace, which would only
    // add work while the server is already overloaded.
    if (p.status >= 500 && !(error instanceof HttpProblem)) request.log.error({ err: error }, 'request failed');
    else if (p.status >= 500) request.log.warn({ status: p.status, code: p.code }, 'request refused');
    else request.log.info({ status: p.status, code: p.code }, 'request refused');
    return renderProblem(reply, request, p);
  });

  app.setNotFoundHandler((request, reply) =>
    renderProblem(reply, request, problems.routeNotFound(request.method, request.url)),
  );
}

export default fp(errorsPlugin, { name: 'errors' });
