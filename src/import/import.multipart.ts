import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { unpairedSurrogatePaths } from '../http/json-body.js';
import { HttpProblem, problems } from '../http/problems.js';
import { NOT_UTF8, REPLACEMENT_CHARACTER } from '../images/images.multipart.js';
import type { MediaFiles } from '../media/media.store.js';
import type { BundleFiles } from './import.store.js';

/** How many parts an import form may have: the bundle and its pictures. */
const MAX_FILES = 10_000;

type Received = { fieldname: string; filename: string; path: string };

export type ImportForm = { bundle: unknown; files: BundleFiles; cleanup: () => Promise<void> };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A bundle file part: bytes within the limit, decoded strictly (text that cannot be stored verbatim is a 400). */
async function readText(stream: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      stream.resume();
      throw problems.tooLarge(limit, 'bundle');
    }
    chunks.push(chunk as Buffer);
  }
  if ((stream as Readable & { truncated?: boolean }).truncated) throw problems.tooLarge(limit, 'bundle');
  try {
    return utf8.decode(Buffer.concat(chunks));
  } catch {
    throw problems.invalidUtf8();
  }
}

/**
 * Reads `POST /v1/import` sent as multipart/form-data: the bundle as a field or a file part named `bundle`, and
 * the pictures as file parts, each named by its `file` value in the bundle (or carrying it as its filename).
 * Pictures go to temp files (never held in memory); the whole request may not exceed IMPORT_LIMIT, nor one
 * picture UPLOAD_LIMIT. cleanup() removes the temp files; it runs on every error here.
 */
export async function readImportForm(
  request: FastifyRequest,
  options: { media: MediaFiles; importLimit: number; uploadLimit: number },
): Promise<ImportForm> {
  const { media, importLimit, uploadLimit } = options;
  const received: Received[] = [];
  const cleanup = async () => {
    for (const file of received) await media.discard(file.path);
  };
  let bundleText: string | undefined;
  let total = 0;
  try {
    const parts = request.parts({
      limits: {
        fieldSize: importLimit,
        fields: 16,
        fieldNameSize: 500,
        files: MAX_FILES,
        parts: MAX_FILES + 16,
        // NOTE: busboy cuts a file silently at fileSize; one byte more lets the store see the overflow (413).
        fileSize: Math.max(uploadLimit, importLimit) + 1,
        headerPairs: 100,
      },
    });
    for await (const part of parts) {
      if (part.fieldname === 'bundle') {
        if (bundleText !== undefined) {
          if (part.type === 'file') part.file.resume();
          throw problems.validation([{ path: 'bundle', message: 'was sent more than once' }]);
        }
        if (part.type === 'file') bundleText = await readText(part.file, importLimit);
        else if (part.valueTruncated) throw problems.tooLarge(importLimit, 'bundle');
        // NOTE: a field sent with its own Content-Type: application/json (Postman's form-data, curl's
        // `-F 'bundle=<file.json;type=application/json'`) arrives already parsed by @fastify/multipart.
        else {
          bundleText = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
          // A text field was decoded leniently by busboy (see NOT_UTF8); a file part is decoded strictly above.
          if (bundleText.includes(REPLACEMENT_CHARACTER)) {
            throw problems.validation([{ path: 'bundle', message: NOT_UTF8 }]);
          }
        }
        total += Buffer.byteLength(bundleText);
      } else if (part.type === 'file') {
        if (received.some((file) => file.fieldname === part.fieldname)) {
          part.file.resume();
          throw problems.validation([{ path: part.fieldname, message: 'was sent more than once' }]);
        }
        const file = await media.receive(part.file, uploadLimit);
        received.push({ fieldname: part.fieldname, filename: part.filename, path: file.path });
        total += file.bytes;
      } else {
        throw problems.validation([
          {
            path: part.fieldname,
            message: 'is not a known field (send the bundle as "bundle", and pictures as file parts)',
          },
        ]);
      }
      if (total > importLimit) throw problems.tooLarge(importLimit, 'bundle');
    }
    if (bundleText === undefined) {
      throw problems.validation([
        { path: 'bundle', message: 'is required: the bundle as JSON, in a field or a file part named bundle' },
      ]);
    }
    let bundle: unknown;
    try {
      bundle = JSON.parse(bundleText);
    } catch (error) {
      throw problems.invalidJson(`the bundle part: ${(error as Error).message}`);
    }
    // As for JSON bodies (json-body.ts): a lone surrogate would be stored as U+FFFD, not as sent.
    const surrogates = unpairedSurrogatePaths(bundle);
    if (surrogates.length > 0) throw problems.unpairedSurrogates(surrogates);
    return { bundle, files: filesOf(received), cleanup };
  } catch (error) {
    await cleanup();
    throw translate(error, importLimit);
  }
}

function filesOf(received: Received[]): BundleFiles {
  const byField = new Map(received.map((file) => [file.fieldname, file]));
  const byName = new Map<string, Received>();
  for (const file of received) if (file.filename && !byName.has(file.filename)) byName.set(file.filename, file);
  return {
    open(name) {
      const file = byField.get(name) ?? byName.get(name);
      return file ? { path: file.path } : undefined;
    },
    where: 'among the parts of the request (name a file part by it)',
    unnamed(names) {
      return received
        .filter((file) => !names.has(file.fieldname) && !names.has(file.filename))
        .map((file) => file.fieldname);
    },
  };
}

/** @fastify/multipart and busboy errors in this API's words. */
function translate(error: unknown, importLimit: number): unknown {
  if (error instanceof HttpProblem) return error;
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return problems.tooLarge(importLimit, 'bundle');
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return problems.badRequest(`The form has too many parts (at most ${MAX_FILES} pictures).`);
    case 'FST_PROTO_VIOLATION':
      return problems.badRequest('The form has a field whose name is not allowed.');
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return problems.invalidJson('the bundle part, sent as application/json, does not parse');
  }
  if (error instanceof Error) return problems.badRequest(`The multipart body is malformed: ${error.message}.`);
  return error;
}
