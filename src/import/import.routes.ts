import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { type FastifyPluginAsyncZod, jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorOf } from '../http/auth.js';
import { charsetOf, strictJsonParser } from '../http/json-body.js';
import { jsonOrMultipartBody, type SwaggerDocument, type Transformed } from '../http/openapi-bodies.js';
import { problems } from '../http/problems.js';
import type { MediaFiles } from '../media/media.store.js';
import { readImportForm } from './import.multipart.js';
import { bundle, exportQuery, importQuery, importResult } from './import.schemas.js';
import {
  type BundleFiles,
  type BundleSource,
  BundleTextError,
  type ExportStore,
  type ImportStore,
  type LoadOptions,
  NO_FILES,
} from './import.store.js';

export type ImportRoutesOptions = {
  importStore: ImportStore;
  exportStore: ExportStore;
  media: MediaFiles;
  /** Largest bundle in bytes (IMPORT_LIMIT), JSON or multipart, pictures included. */
  importLimit: number;
  /** Largest picture in bytes (UPLOAD_LIMIT). */
  uploadLimit: number;
};

const tags = ['Import'];

/** A JSON bundle as received: its bytes, parsed by the import store off the event loop. */
class JsonBundle {
  constructor(readonly bytes: Buffer) {}
}

/** The multipart form, for the OpenAPI document only (the route reads the parts itself). */
const importForm = z
  .object({
    bundle: z.string().meta({
      description: 'The bundle as JSON text: a field, or a file part (e.g. `bundle=@kursk.json`).',
    }),
  })
  .catchall(
    z.string().meta({ format: 'binary', description: 'A picture, in a part named by its `file` value in the bundle.' }),
  )
  .meta({
    id: 'ImportForm',
    description:
      'A bundle with its pictures: the bundle in `bundle`, and one file part per picture, named by the `file` value that names it in the bundle (or whose filename is that value). A part no image names is a 400.',
  });

/** The export's 200 is a bundle as a request takes it (times as ISO text), streamed. */
function documentExportResponse(document: SwaggerDocument) {
  const base = jsonSchemaTransform(document) as Transformed;
  const asBody = jsonSchemaTransform({ ...document, schema: { body: bundle } }) as Transformed;
  const response = { ...(base.schema.response as Record<string, unknown>) };
  response[200] = {
    description: 'The bundle, streamed as it is read.',
    content: { 'application/json': { schema: asBody.schema.body } },
  };
  return { ...base, schema: { ...base.schema, response } };
}

export const importRoutes: FastifyPluginAsyncZod<ImportRoutesOptions> = async (app, options) => {
  const { importStore, exportStore, media, importLimit, uploadLimit } = options;

  await app.register(multipart);
  app.addHook('onClose', async () => importStore.close());

  // In this plugin only (the import route), a JSON body is kept as bytes: a 10,000-article bundle is ~35 MB,
  // whose parse would hold the event loop for a few hundred milliseconds. Its charset is checked here as for any
  // body; the rest of json-body.ts's checks run in the import worker, and text it cannot load is answered below by
  // json-body.ts's own parser, so the answer is the one any JSON body gets.
  const strict = strictJsonParser(app);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    const charset = charsetOf(request.headers['content-type']);
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      strict(request, body, done);
      return;
    }
    done(null, new JsonBundle(body));
  });

  /** Loads a bundle; text the worker refuses is answered as json-body.ts answers it (the same problem). */
  async function load(request: FastifyRequest, source: BundleSource, files: BundleFiles, loadOptions: LoadOptions) {
    try {
      return await importStore.load(source, files, loadOptions);
    } catch (error) {
      if (!(error instanceof BundleTextError) || !('json' in source)) throw error;
      if (error.reason === 'utf8') throw problems.invalidUtf8();
      if (error.reason === 'surrogates') throw problems.unpairedSurrogates(error.paths);
      const value = await new Promise((resolve, reject) =>
        strict(request, Buffer.from(error.text ?? source.json), (parseError, parsed) =>
          parseError ? reject(parseError) : resolve(parsed),
        ),
      );
      return importStore.load({ value }, files, loadOptions);
    }
  }

  app.post(
    '/import',
    {
      bodyLimit: importLimit,
      config: { scope: 'write', swaggerTransform: jsonOrMultipartBody(bundle, importForm) },
      schema: {
        tags,
        operationId: 'importBundle',
        summary: 'Load a fixture bundle, all or nothing',
        description: `Loads a bundle (\`{ images, quotes, articles }\`) in one transaction. Articles are matched by \`slug\`, images and quotes by \`key\`: a matched item is updated in place (keeping its id), so loading the same bundle twice changes nothing. Articles in a bundle need a \`slug\` (a generated one would not find the article again). \`npm run seed -- <file>\` runs the same code.

Send JSON, or \`multipart/form-data\` when the bundle ships pictures (\`file\` on an image): the bundle in a \`bundle\` field or part, each picture in a part named by its \`file\` value. Pictures are checked and cleaned as uploads are.

A bad bundle changes nothing: the 400 lists every bad item with its place (\`articles[3].body[2].quote\`): unknown fields, bad values, keys and ids that name nothing, a key or slug used twice, a refused picture. Past IMPORT_LIMIT bytes (50 MiB by default), a 413. \`dryRun=true\` checks and counts without writing.`,
        querystring: importQuery,
        response: { 200: importResult },
      },
    },
    async (request) => {
      const { dryRun } = request.query;
      const loadOptions = { dryRun, author: authorOf(request) };
      if (!request.isMultipart()) {
        const body = request.body;
        return load(
          request,
          body instanceof JsonBundle ? { json: body.bytes } : { value: body },
          NO_FILES,
          loadOptions,
        );
      }
      // Refused before a byte is read when the declared size is over the limit.
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared > importLimit) throw problems.tooLarge(importLimit, 'bundle');
      const form = await readImportForm(request, { media, importLimit, uploadLimit });
      try {
        return await load(request, { value: form.bundle }, form.files, loadOptions);
      } finally {
        await form.cleanup();
      }
    },
  );

  app.get(
    '/export',
    {
      config: { scope: 'read', swaggerTransform: documentExportResponse },
      schema: {
        tags,
        operationId: 'exportBundle',
        summary: 'Export the content as a bundle',
        description: `The whole content (drafts, scheduled and archived articles included), or the articles matching \`section\`, \`tag\` and \`since\` with the images and quotes they use, as a bundle that \`POST /v1/import\` loads into an empty database to the same content: export → import → export gives the same bytes. Streamed from a consistent snapshot.

Images and quotes are named by their key; those made through the API have none, and their id stands in, so loading an edited export into the same database updates them in place. An uploaded picture appears as \`"file": "media/<hash>.<ext>"\`: the same path below this server serves it, and \`npm run export\` copies the files beside the bundle so that \`npm run seed\` loads it whole.`,
        querystring: exportQuery,
        response: { 200: z.unknown() },
      },
    },
    async (request, reply) => {
      reply
        .type('application/json; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', 'attachment; filename="bundle.json"');
      return reply.send(await exportStore.export(request.query));
    },
  );
};
