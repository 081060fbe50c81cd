import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertIfMatch, type Caching } from '../http/caching.js';
import { jsonOrMultipartBody } from '../http/openapi-bodies.js';
import { problems } from '../http/problems.js';
import { stripReadOnly } from '../http/read-only.js';
import type { MediaFiles } from '../media/media.store.js';
import { imageEtag, toImage } from './images.mapper.js';
import { FORM_ALLOWANCE, readUploadForm } from './images.multipart.js';
import {
  IMAGE_READ_ONLY,
  type ImageCreate,
  image,
  imageCreate,
  imageList,
  imageListQuery,
  imageParams,
  imageUpdate,
  imageUploadForm,
} from './images.schemas.js';
import type { ImagesService } from './images.service.js';
import type { ImagesStore } from './images.store.js';

export type ImagesRoutesOptions = {
  images: ImagesStore;
  service: ImagesService;
  media: MediaFiles;
  caching: Caching;
  /** Largest upload in bytes (UPLOAD_LIMIT). */
  uploadLimit: number;
};

const tags = ['Images'];

export const imagesRoutes: FastifyPluginAsyncZod<ImagesRoutesOptions> = async (app, options) => {
  const { images, service, media, caching, uploadLimit } = options;

  await app.register(multipart, { limits: { fileSize: uploadLimit + 1 } });

  app.get(
    '/',
    {
      schema: {
        tags,
        operationId: 'listImages',
        summary: 'List images',
        description:
          'Newest first by default (`sort`). Filter by `credit` (exact) and `q` (full-text over alt text, caption, credit, creator and copyright notice; the last word matches as a prefix).',
        querystring: imageListQuery,
        response: { 200: imageList },
      },
    },
    async (request, reply) => {
      const { query } = request;
      const page = await images.list(query);
      caching.list(request, reply);
      return {
        data: page.rows.map(toImage),
        meta: { total: page.total, limit: query.limit, nextCursor: page.nextCursor },
      };
    },
  );

  app.post(
    '/',
    {
      config: {
        scope: 'write',
        problemStatuses: [422],
        swaggerTransform: jsonOrMultipartBody(imageCreate, imageUploadForm),
      },
      preValidation: stripReadOnly(IMAGE_READ_ONLY),
      schema: {
        tags,
        operationId: 'createImage',
        summary: 'Create an image from a URL, or upload one',
        description: `Either JSON naming an external picture (\`sourceUrl\`), or \`multipart/form-data\` with a \`file\` part and the metadata as fields in any order (\`focalPoint\` as JSON text).

An upload is checked by its content: JPEG, PNG, WebP, GIF and AVIF are taken, anything else is a 415 and nothing is stored. Past UPLOAD_LIMIT bytes (20 MiB by default), or past 100 megapixels, it is a 413. Location metadata (EXIF GPS and its XMP copy) is removed from the stored file; nothing else in it changes. The same picture uploaded twice is stored once. \`width\`, \`height\` (as displayed, EXIF orientation applied), \`mimeType\` and \`bytes\` come from the file. A 422 means the picture carries a location this server could not remove.`,
        body: { content: { 'application/json': { schema: imageCreate } } },
        response: { 201: image },
      },
    },
    async (request, reply) => {
      // NOTE: a schema per content type is not applied to a request without a body (no Content-Type at all).
      if (!request.isMultipart() && request.body === undefined) {
        throw problems.badRequest('The request has no body: send JSON (with sourceUrl) or a multipart upload.');
      }
      const row = request.isMultipart()
        ? await upload(request, reply)
        : await images.create(request.body as ImageCreate);
      reply.code(201).header('location', `/v1/images/${row.id}`).header('etag', imageEtag(row));
      return toImage(row);
    },
  );

  async function upload(request: FastifyRequest, reply: FastifyReply) {
    try {
      // Refused before a byte is read when the declared size cannot fit the limits.
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared > uploadLimit + FORM_ALLOWANCE) {
        throw problems.tooLarge(uploadLimit, 'upload');
      }
      const form = await readUploadForm(request, { media, uploadLimit });
      const prepared = await service.prepareReceived(form.tempPath);
      try {
        return await service.commitPrepared(prepared, form.metadata);
      } finally {
        await service.discardPrepared(prepared);
      }
    } catch (error) {
      // NOTE: refused part-way (413, a second file…), the rest of the body is still on the socket, and Node would
      // wait for it before reading the next request of a keep-alive connection: the client's next request would
      // hang. Closing the connection after the answer is what servers do with an unread upload.
      if (!request.raw.readableEnded) reply.header('connection', 'close');
      throw error;
    }
  }

  app.get(
    '/:id',
    {
      // caching.single(): an ETag, and 304 for a current If-None-Match (documented by http/openapi-caching.ts).
      config: { conditional: 'resource' },
      schema: {
        tags,
        operationId: 'getImage',
        summary: 'Read an image',
        params: imageParams,
        response: { 200: image },
      },
    },
    async (request, reply) => {
      const row = await images.get(request.params.id);
      if (caching.single(request, reply, imageEtag(row))) return reply;
      return toImage(row);
    },
  );

  app.patch(
    '/:id',
    {
      config: { scope: 'write', problemStatuses: [412] },
      preValidation: stripReadOnly(IMAGE_READ_ONLY),
      schema: {
        tags,
        operationId: 'updateImage',
        summary: 'Update an image',
        description:
          'Partial update of the metadata. Send `If-Match` with the ETag you read to refuse a lost update (412). A new `focalPoint` gives the image a new `url`.',
        params: imageParams,
        body: imageUpdate,
        response: { 200: image },
      },
    },
    async (request, reply) => {
      const row = await images.update(request.params.id, request.body, (current) =>
        assertIfMatch(request, imageEtag(current)),
      );
      reply.header('etag', imageEtag(row));
      return toImage(row);
    },
  );

  app.delete(
    '/:id',
    {
      config: { scope: 'write', problemStatuses: [409, 412] },
      schema: {
        tags,
        operationId: 'deleteImage',
        summary: 'Delete an image',
        description:
          'An image that an article still uses (as lead image or in a block) is not deleted: 409 with the articles in `articles`. Once deleted, its file URL and renditions are a 404 (the file is removed when no other image uses the same picture).',
        params: imageParams,
        response: { 204: z.null().meta({ description: 'Deleted.' }) },
      },
    },
    async (request, reply) => {
      await service.delete(request.params.id, (current) => assertIfMatch(request, imageEtag(current)));
      return reply.code(204).send(null);
    },
  );
};
