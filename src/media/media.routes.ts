import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problems } from '../http/problems.js';
import {
  formatOfExtension,
  MEDIA_FILE_NAME,
  PICTURE_FORMATS,
  type PictureFormat,
  RENDITION_FORMATS,
} from './media.formats.js';
import type { MediaFiles } from './media.store.js';
import type { FocalPoint, Renditions } from './renditions.js';
import { sendFile } from './send-file.js';

/** An image using a stored file, as far as serving it is concerned. */
export type FileUser = { focalX: number | null; focalY: number | null };

export type MediaRoutesOptions = {
  store: MediaFiles;
  renditions: Renditions;
  /** The images using a stored file (none: the file is not served, even if it is still on disk). */
  fileUsers: (fileName: string) => FileUser[] | Promise<FileUser[]>;
  /** The `v` an image's URL carries for its focal point. */
  version: (user: FileUser) => string;
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** A crop asked for with a `v` no image has any more: served with the current focal point, but not for good. */
const REVALIDATE = 'public, max-age=60';

const dimension = (name: string) => {
  const message = `${name} must be a whole number of pixels from 16 to 4096`;
  return z.coerce.number({ message }).int({ message }).min(16, { message }).max(4096, { message }).optional();
};

export const mediaQuery = z
  .strictObject({
    v: z.string().max(64).optional().meta({ description: 'The version in the image’s `url`; keep it as given.' }),
    width: dimension('width').meta({
      description:
        'Resize to this width (16–4096), keeping the shape. Never upscaled: a larger width gives the original’s.',
    }),
    height: dimension('height').meta({
      description: 'With `width`: crop to width×height around the focal point (the centre when none). Needs `width`.',
    }),
    format: z
      .enum(RENDITION_FORMATS, { message: `must be one of ${RENDITION_FORMATS.join(', ')}` })
      .optional()
      .meta({ description: 'Convert to this format; with or without `width`.' }),
  })
  .superRefine((query, context) => {
    if (query.height !== undefined && query.width === undefined) {
      context.addIssue({ code: 'custom', path: ['height'], message: 'needs width: a crop is width×height' });
    }
  });

const mediaParams = z.object({
  file: z.string().meta({ description: 'The file name from the image’s `url`.', example: '3f2a…9c.jpg' }),
});

const binary = z.string().meta({ format: 'binary' });
const pictureContent = Object.fromEntries(Object.values(PICTURE_FORMATS).map(({ mime }) => [mime, { schema: binary }]));

/**
 * Uploaded pictures and their renditions, outside /v1: they are public, ignore the Authorization header and are
 * cached for good (a file's name is its content hash; a rendition's URL names everything it depends on).
 */
export const mediaRoutes: FastifyPluginAsyncZod<MediaRoutesOptions> = async (app, options) => {
  const { store, renditions, fileUsers, version } = options;

  app.route({
    method: ['GET', 'HEAD'],
    url: '/:file',
    exposeHeadRoute: false,
    // send-file.ts answers 304 to a current If-None-Match or If-Modified-Since (documented by http/openapi-caching.ts).
    config: { problemStatuses: [416], conditional: 'file' },
    schema: {
      tags: ['Images'],
      operationId: 'getMediaFile',
      summary: 'An uploaded picture, or a rendition of it',
      description: `The file at an image's \`url\`: the original as uploaded (location metadata removed), or with \`width\`, \`height\` and \`format\` a rendition (EXIF orientation applied, no metadata). \`Cache-Control: public, max-age=31536000, immutable\`, ETag, Last-Modified, HEAD and byte ranges. Renditions are made on first request and kept. A name that is not a stored picture, or the picture of a deleted image, is a 404. Needs no token; the Authorization header is ignored.`,
      params: mediaParams,
      querystring: mediaQuery,
      response: {
        200: { description: 'The picture.', content: pictureContent },
        206: { description: 'The requested byte range.', content: pictureContent },
      },
    },
    handler: async (request, reply) => {
      const fileName = request.params.file;
      const match = MEDIA_FILE_NAME.exec(fileName);
      if (!match) throw problems.mediaNotFound();
      const users = await fileUsers(fileName);
      if (users.length === 0) throw problems.mediaNotFound();
      const original = formatOfExtension(match[2]!) as PictureFormat;
      const hash = match[1]!;
      const { width, height, format, v } = request.query;

      if (width === undefined && format === undefined) {
        return sendFile(request, reply, () => store.open(fileName), {
          contentType: PICTURE_FORMATS[original].mime,
          etag: `"${hash.slice(0, 32)}"`,
          cacheControl: IMMUTABLE,
        });
      }

      let focal: FocalPoint = null;
      let cacheControl = IMMUTABLE;
      if (height !== undefined) {
        // Several images may share one picture, each with its own focal point: `v` says which one.
        const user = users.find((candidate) => version(candidate) === v);
        if (!user) cacheControl = REVALIDATE;
        const chosen = user ?? users[0]!;
        focal = chosen.focalX === null || chosen.focalY === null ? null : { x: chosen.focalX, y: chosen.focalY };
      }
      const rendition = await renditions.get(fileName, original, { width, height, format }, focal);
      return sendFile(
        request,
        reply,
        () => store.openRendition(fileName, rendition.name),
        {
          contentType: PICTURE_FORMATS[rendition.format].mime,
          etag: `"${hash.slice(0, 16)}-${rendition.name}"`,
          cacheControl,
        },
        store.renditionCache && { files: store.renditionCache, key: rendition.key },
      );
    },
  });
};
