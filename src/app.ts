import path from 'node:path';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { createArticlesRepository } from './articles/articles.repository.js';
import { articlesRoutes, isVisible } from './articles/articles.routes.js';
import type { Config } from './config.js';
import { closeDatabase, type Db, openDatabase } from './db/client.js';
import auth from './http/auth.js';
import { createCaching } from './http/caching.js';
import errors from './http/errors.js';
import { healthRoutes } from './http/health.js';
import openapi from './http/openapi.js';
import { problems } from './http/problems.js';
import { createImagesRepository, mediaVersion } from './images/images.repository.js';
import { imagesRoutes } from './images/images.routes.js';
import { createImagesService } from './images/images.service.js';
import { mediaRoutes } from './media/media.routes.js';
import { createMediaStore } from './media/media.store.js';
import { createRenditions } from './media/renditions.js';
import { createQuotesRepository } from './quotes/quotes.repository.js';
import { quotesRoutes } from './quotes/quotes.routes.js';
import { createTokensRepository } from './tokens/tokens.repository.js';

export type BuildOptions = {
  config: Config;
  /** pino options, a pino instance's options with a destination stream, or false (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Use this database instead of opening the one under config.dataDir (it is still closed with the app). */
  db?: Db;
};

/** Serializes without re-validating: responses are built field by field by the resources' mappers. */
const fastSerializerCompiler = () => (data: unknown) => JSON.stringify(data);

const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** The whole application as a plugin tree: no process.env, no listen, no exit (see server.ts for those). */
export async function buildApp(options: BuildOptions) {
  const { config } = options;
  const db = options.db ?? openDatabase({ dataDir: config.dataDir });

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: config.bodyLimit,
    // A hop count is valid for Fastify (proxy-addr) though its types only list booleans and addresses.
    trustProxy: config.trustProxy as FastifyServerOptions['trustProxy'],
    // x-request-id is taken from the client when it is a sane token, else made here; onRequest echoes it.
    requestIdHeader: false,
    genReqId: (req) => {
      const header = req.headers['x-request-id'];
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : crypto.randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // Slow clients (slow-loris) may not hold a connection forever.
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 10_000,
    // On close, idle keep-alive sockets are dropped at once; requests in flight still finish.
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();

  // NOTE: Fastify parses text/plain by default; this API takes JSON (and multipart where documented), so a text
  // body is a 415 rather than a confusing "expected object" validation error.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(config.responseValidation ? serializerCompiler : fastSerializerCompiler);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onClose', async () => closeDatabase(db));

  await app.register(errors);
  await app.register(openapi);

  await app.register(cors, {
    // Only the listed origins get CORS headers; with none listed the API is same-origin only.
    origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'X-Request-Id'],
    exposedHeaders: ['ETag', 'Location', 'X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });

  // NOTE: the limiter is hooked before auth so that every /v1 request counts, a flood of bad tokens included.
  if (config.rateLimit > 0) {
    await app.register(rateLimit, {
      global: false,
      max: config.rateLimit,
      timeWindow: 60_000,
      errorResponseBuilder: (_request, context) => problems.rateLimited(Math.max(1, Math.ceil(context.ttl / 1000))),
    });
    const limit = app.rateLimit();
    app.addHook('onRequest', async (request, reply) => {
      if (request.url.startsWith('/v1/') || request.url === '/v1') await limit.call(app, request, reply);
    });
  }

  const tokens = createTokensRepository(db);
  await app.register(auth, { tokens });

  const caching = createCaching({ publicMaxAge: config.publicMaxAge });
  const quotes = createQuotesRepository(db);
  const images = createImagesRepository(db);
  const media = createMediaStore({ dir: path.join(config.dataDir, 'media') });
  const imagesService = createImagesService({ images, media, uploadLimit: config.uploadLimit, log: app.log });
  const articles = createArticlesRepository(db, { images, quotes });

  await app.register(healthRoutes, { ping: () => db.$client.prepare('SELECT 1').get() });
  // Outside /v1: media files are public and ignore the Authorization header.
  await app.register(mediaRoutes, {
    prefix: '/media',
    store: media,
    renditions: createRenditions({ store: media, isFileUsed: images.isFileUsed }),
    fileUsers: images.fileUsers,
    version: mediaVersion,
  });

  await app.register(
    async (v1) => {
      await v1.register(quotesRoutes, {
        prefix: '/quotes',
        quotes,
        caching,
        resolveArticleId: (idOrSlug, request) => {
          const row = articles.find(idOrSlug);
          return row && isVisible(row, request) ? row.id : null;
        },
      });
      await v1.register(articlesRoutes, { prefix: '/articles', articles, caching });
      await v1.register(imagesRoutes, {
        prefix: '/images',
        images,
        service: imagesService,
        media,
        caching,
        uploadLimit: config.uploadLimit,
      });
    },
    { prefix: '/v1' },
  );

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
