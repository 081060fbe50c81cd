import type { FastifyRequest } from 'fastify';
import { issuesToFieldErrors } from '../http/errors.js';
import { type FieldError, HttpProblem, problems } from '../http/problems.js';
import type { MediaFiles } from '../media/media.store.js';
import { IMAGE_READ_ONLY, type ImageUploadMetadata, imageUploadMetadata } from './images.schemas.js';

/** Limits of the text fields of an upload form; the file part's limit is UPLOAD_LIMIT. */
export const FORM_LIMITS = { fields: 32, fieldSize: 64 * 1024, fieldNameSize: 200, parts: 40, headerPairs: 100 };

/** The most a form's fields and part headers can add to a request beyond its file. */
export const FORM_ALLOWANCE = FORM_LIMITS.fields * FORM_LIMITS.fieldSize + 64 * 1024;

const READ_ONLY = new Set<string>(IMAGE_READ_ONLY);

/**
 * NOTE: busboy decodes form fields leniently, turning bytes that are not UTF-8 into U+FFFD, and hands over no
 * bytes to check. A field holding U+FFFD is therefore refused, as invalid UTF-8 in a JSON body is, rather than
 * stored as damaged text (`caf�`); the character has no place in an editor's text anyway.
 */
export const REPLACEMENT_CHARACTER = '\uFFFD';
export const NOT_UTF8 = 'is not valid UTF-8 text (it holds bytes of another encoding, or U+FFFD)';

/** @fastify/multipart and busboy errors, in this API's words (the parts' own messages are developer jargon). */
function translate(error: unknown, uploadLimit: number): unknown {
  if (error instanceof HttpProblem) return error;
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return problems.tooLarge(uploadLimit, 'upload');
    case 'FST_FILES_LIMIT':
      return problems.validation([{ path: 'file', message: 'send one file per request' }]);
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return problems.badRequest(`The form has too many fields (at most ${FORM_LIMITS.fields}).`);
    case 'FST_PROTO_VIOLATION':
      return problems.badRequest('The form has a field whose name is not allowed.');
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return problems.badRequest('A form field sent as application/json is not valid JSON.');
  }
  // Busboy reports a malformed body ("Unexpected end of form", "Malformed part header"…) as a plain Error.
  if (error instanceof Error) return problems.badRequest(`The multipart body is malformed: ${error.message}.`);
  return error;
}

/**
 * Reads an upload form: the `file` part is streamed to a temp file (never held in memory) and the fields, in any
 * order, are validated like a JSON body: every failing or unknown field is reported at once. On any error the
 * temp file is removed before the error is thrown.
 */
export async function readUploadForm(
  request: FastifyRequest,
  options: { media: MediaFiles; uploadLimit: number },
): Promise<{ tempPath: string; metadata: ImageUploadMetadata }> {
  const { media, uploadLimit } = options;
  let tempPath: string | undefined;
  const errors: FieldError[] = [];
  const values: Record<string, unknown> = {};
  try {
    // NOTE: busboy truncates a file silently at fileSize; one byte more than the limit lets the store's own
    // counter see the overflow and answer 413 rather than store a cut picture.
    const parts = request.parts({ limits: { ...FORM_LIMITS, files: 2, fileSize: uploadLimit + 1 } });
    for await (const part of parts) {
      if (!part.fieldname) {
        if (part.type === 'file') part.file.resume();
        throw problems.badRequest('A part of the form has no name (Content-Disposition: form-data; name="…").');
      }
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw problems.validation([
            { path: part.fieldname, message: 'is not a known field (send the picture in the field named file)' },
          ]);
        }
        if (tempPath !== undefined) {
          part.file.resume();
          throw problems.validation([{ path: 'file', message: 'send one file per request' }]);
        }
        tempPath = (await media.receive(part.file, uploadLimit)).path;
        continue;
      }
      const name = part.fieldname;
      if (READ_ONLY.has(name)) continue;
      if (name in values) errors.push({ path: name, message: 'was sent more than once' });
      else if (part.valueTruncated)
        errors.push({ path: name, message: `is longer than ${FORM_LIMITS.fieldSize} bytes` });
      else if (typeof part.value === 'string' && part.value.includes(REPLACEMENT_CHARACTER))
        errors.push({ path: name, message: NOT_UTF8 });
      else values[name] = part.value;
    }
  } catch (error) {
    if (tempPath) await media.discard(tempPath);
    throw translate(error, uploadLimit);
  }

  if (tempPath === undefined) errors.push({ path: 'file', message: 'is required: the picture to upload' });
  if (typeof values.focalPoint === 'string') {
    try {
      values.focalPoint = JSON.parse(values.focalPoint);
    } catch {
      errors.push({ path: 'focalPoint', message: 'must be JSON text such as {"x":0.3,"y":0.4}, or null' });
      delete values.focalPoint;
    }
  }
  const parsed = imageUploadMetadata.safeParse(values);
  if (!parsed.success) {
    const known = new Set(errors.map((e) => e.path));
    for (const error of issuesToFieldErrors(parsed.error.issues)) if (!known.has(error.path)) errors.push(error);
  }
  if (errors.length > 0 || !parsed.success || tempPath === undefined) {
    if (tempPath) await media.discard(tempPath);
    throw problems.validation(errors);
  }
  return { tempPath, metadata: parsed.data };
}
