import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { createRenderMemo } from './articles/article-renders.js';
import { toArticle } from './articles/articles.mapper.js';
import {
  articleRenderer,
  articlesRoutes,
  type CachedArticle,
  type CachedList,
  isVisible,
} from './articles/articles.routes.js';
import { historyRoutes } from './articles/history.routes.js';
import { previewRoutes } from './articles/preview.routes.js';
import type { Config } from './config.js';
import { createResponseCache } from './db/change-watch.js';
import type { Db } from './db/client.js';
import type { Engine } from './db/engine.js';
import { openEngine } from './db/engine.open.js';
import { articleFormatsRoutes } from './formats/article-formats.routes.js';
import type { CachedDocument } from './formats/documents.js';
import { feedsRoutes } from './formats/feeds.routes.js';
import { sitemapsRoutes } from './formats/sitemaps.routes.js';
import auth from './http/auth.js';
import { createCaching } from './http/caching.js';
import cors from './http/cors.js';
import errors, { clientErrorHandler, frameworkErrorHandler } from './http/errors.js';
import { healthRoutes, type ReadinessCheck } from './http/health.js';
import jsonBody from './http/json-body.js';
import openapi from './http/openapi.js';
import overload from './http/overload.js';
import { problems } from './http/problems.js';
import security from './http/security.js';
import { mediaVersion, toImage } from './images/images.mapper.js';
import { imagesRoutes } from './images/images.routes.js';
import { createImagesService } from './images/images.service.js';
import { importRoutes } from './import/import.routes.js';
import { createMediaFiles } from './media/media.open.js';
import { mediaRoutes } from './media/media.routes.js';
import { createRenditions } from './media/renditions.js';
import { toQuote } from './quotes/quotes.mapper.js';
import { quotesRoutes } from './quotes/quotes.routes.js';
import { closeRedis, connectRedis } from './shared/redis.js';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from './webhooks/dispatcher.js';
import { webhooksRoutes } from './webhooks/webhooks.routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends the webhook outbox (webhooks/dispatcher.ts); tests drive it with runOnce. */
    webhookDispatcher: Dispatcher;
  }
}

export type BuildOptions = {
  config: Config;
  /** pino options, a pino instance's options with a destination stream, or false (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Use this SQLite database instead of opening the one under config.dataDir (it is still closed with the app). */
  db?: Db;
  /** Use this engine (its stores) instead of opening one from the config (it is still closed with the app). */
  engine?: Engine;
  /** The webhook dispatcher's knobs (tests): its clock, attempt time limit, name resolution; autoStart false: runOnce. */
  webhooks?: Pick<DispatcherOptions, 'clock' | 'timeoutMs' | 'lookup' | 'pollMs'> & { autoStart?: boolean };
  /** The prefix of the rate limit's keys in Redis (tests: one per test, so that runs do not count together). */
  rateLimitNamespace?: string;
};

/** The rate limit's keys in Redis: every instance of one deployment counts under the same ones. */
const RATE_LIMIT_NAMESPACE = 'ncms-rate-limit:';

/** The longest a shutdown waits for webhook deliveries in flight (the whole stop has 10 s; see server.ts). */
const DELIVERY_STOP_BUDGET_MS = 6_000;

/** Serializes without re-validating: responses are built field by field by the resources' mappers. */
const fastSerializerCompiler = () => (data: unknown) => JSON.stringify(data);

/** A preview link's token is a credential carried in the URL: request logs show it masked. */
export function maskUrl(url: string): string {
  return url.replace(/^\/v1\/preview\/[^/?#]+/, '/v1/preview/[redacted]');
}

/**
 * Fastify's request serializer (method, url, host, addresses: never headers or bodies), with the URL masked by
 * maskUrl, added to logger options; a logger instance or `false` is left as it is.
 */
function withSafeRequestLog(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (typeof logger !== 'object' || logger === null) return logger;
  const options = logger as { serializers?: Record<string, unknown> };
  const req = (request: FastifyRequest) => ({
    method: request.method,
    url: maskUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  });
  return { ...logger, serializers: { req, ...options.serializers } } as FastifyServerOptions['logger'];
}

/** Trusts the socket's peer and the hops before it, up to `hops` proxies (hop 0 is the socket's peer). */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** The whole application as a plugin tree: no process.env, no listen, no exit (see server.ts for those). */
export async function buildApp(options: BuildOptions) {
  const { config } = options;

  const app = Fastify({
    logger: withSafeRequestLog(options.logger ?? false),
    bodyLimit: config.bodyLimit,
    // NOTE: Fastify 5.12 treats a numeric trustProxy as "trust nothing" (so X-Forwarded-For would be silently
    // ignored); a hop count as the contract means it is passed as proxy-addr's function: trust the nearest N hops.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? trustHops(config.trustProxy)
        : (config.trustProxy as FastifyServerOptions['trustProxy']),
    // x-request-id is taken from the client when it is a sane token, else made here; onRequest echoes it.
    requestIdHeader: false,
    genReqId: (req) => {
      const header = req.headers['x-request-id'];
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : crypto.randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // Slow clients (slow-loris) may not hold a connection forever: the headers must arrive within headersTimeout,
    // the whole request within requestTimeout, and a socket silent for 30 s is closed. Node checks the first two
    // every connectionsCheckingInterval (30 s by default: far too coarse for a 10 s limit).
    http: {
      headersTimeout: Math.min(config.headersTimeout, config.requestTimeout),
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(config.headersTimeout / 4))),
    },
    connectionTimeout: 30_000,
    requestTimeout: config.requestTimeout,
    keepAliveTimeout: 10_000,
    // Errors met before a request exists (bad URL encoding, Node's parser refusing a client) are problem+json too.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    // On close, idle keep-alive sockets are dropped at once; requests in flight still finish.
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();

  // NOTE: Fastify parses text/plain by default; this API takes JSON (and multipart where documented), so a text
  // body is a 415 rather than a confusing "expected object" validation error.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(config.responseValidation ? serializerCompiler : fastSerializerCompiler);

  const engine =
    options.engine ??
    (await openEngine(config, {
      db: options.db,
      log: app.log,
      onIdleError: (error) => app.log.warn({ err: { message: error.message } }, 'a PostgreSQL connection was lost'),
    }));
  app.addHook('onClose', async () => engine.close());

  await app.register(errors);
  // Before every other hook and route: security headers and x-request-id on all answers (security.ts), load
  // shedding before any work is done, and the strict UTF-8 JSON parser (json-body.ts) for every route.
  await app.register(security);
  await app.register(overload, { maxEventLoopDelay: config.maxEventLoopDelay });
  await app.register(jsonBody);
  await app.register(openapi);

  // CORS headers only for the origins in CORS_ORIGINS; plain OPTIONS answered with Allow (cors.ts).
  await app.register(cors, { origins: config.corsOrigins });

  // Redis (REDIS_URL): the rate limit's counts, shared by every instance.
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, app.log) : null;
  if (redis) app.addHook('onClose', async () => closeRedis(redis));

  // NOTE: the limiter is hooked before auth so that every /v1 request counts, a flood of bad tokens included.
  if (config.rateLimit > 0) {
    await app.register(rateLimit, {
      global: false,
      max: config.rateLimit,
      timeWindow: 60_000,
      // With Redis, one count per client across all instances. Should Redis stop answering, requests go through
      // uncounted rather than fail: /ready reports it, and a rate limit protects the API rather than serves it.
      ...(redis ? { redis, nameSpace: options.rateLimitNamespace ?? RATE_LIMIT_NAMESPACE, skipOnError: true } : {}),
      errorResponseBuilder: (_request, context) => problems.rateLimited(Math.max(1, Math.ceil(context.ttl / 1000))),
    });
    const limit = app.rateLimit();
    app.addHook('onRequest', async (request, reply) => {
      if (request.url.startsWith('/v1/') || request.url === '/v1') await limit.call(app, request, reply);
    });
  }

  await app.register(auth, { tokens: engine.tokens });

  const caching = createCaching({ publicMaxAge: config.publicMaxAge });
  // What every response cache watches to empty itself after a write, by anyone (db/change-watch.ts).
  const { changes, quotes, images, articles } = engine;
  const media = createMediaFiles(config, {
    // 32 MiB of hot renditions served from memory (RENDER_CACHE=false: none, every request reads the file).
    renditionCache: { maxBytes: config.renderMemo ? 32 * 1024 ** 2 : 0 },
  });
  app.addHook('onClose', async () => media.close());
  if (media.kind === 'bucket') {
    // Said at start rather than at the first upload, without holding the start (the SDK retries a store that
    // does not answer); the server still starts, and /ready reports the bucket.
    app.addHook('onReady', async () => {
      media.ping().catch((error: Error) => {
        app.log.error(
          { err: { name: error.name, message: error.message } },
          'the media bucket (S3_BUCKET) does not answer',
        );
      });
    });
  }
  const imagesService = createImagesService({ images, media, uploadLimit: config.uploadLimit, log: app.log });
  // ~5,000 rendered articles (a few KB each): the stories readers are opening right now.
  // RENDER_CACHE=false: limits of 0 keep nothing, so every read renders (the benchmark's uncached figures).
  const cacheScale = config.renderCache ? 1 : 0;
  const articleCache = createResponseCache<CachedArticle>(changes, {
    maxEntries: 5_000 * cacheScale,
    maxBytes: 64 * 1024 ** 2 * cacheScale,
  });
  // JSON-LD and ninjs of the articles being read, kept the same way (emptied on any write).
  const formatCache = createResponseCache<CachedArticle>(changes, {
    maxEntries: 2_000 * cacheScale,
    maxBytes: 32 * 1024 ** 2 * cacheScale,
  });
  const listCache = createResponseCache<CachedList>(changes, {
    maxEntries: 1_000 * cacheScale,
    maxBytes: 32 * 1024 ** 2 * cacheScale,
  });
  // Feeds and sitemaps by URL, emptied on any write like the lists. A sitemap page of 50,000 articles is ~10 MB.
  const documentCache = createResponseCache<CachedDocument>(changes, {
    maxEntries: 500 * cacheScale,
    maxBytes: 64 * 1024 ** 2 * cacheScale,
  });
  // Each article's JSON and list card by ETag: a list page after a write re-renders only the articles it changed.
  const memoScale = config.renderMemo ? 1 : 0;
  const renders = createRenderMemo(engine.referencesWatch(), {
    full: { maxEntries: 5_000 * memoScale, maxBytes: 24 * 1024 ** 2 * memoScale },
    card: { maxEntries: 20_000 * memoScale, maxBytes: 16 * 1024 ** 2 * memoScale },
  });

  // Webhooks: the dispatcher sends what the content writes recorded in the outbox (webhooks/outbox.ts).
  const dispatcher = createDispatcher({
    queue: engine.deliveries,
    log: app.log,
    allowPrivate: config.webhookAllowPrivate,
    ...options.webhooks,
    // `data` is the resource as a GET by id (with a token: drafts too) answers it.
    render: async (type, id) => {
      if (type.startsWith('article.')) {
        const loaded = await articles.load(id);
        return loaded ? toArticle(loaded.row, loaded.resolved) : null;
      }
      if (type.startsWith('image.')) {
        const row = await images.find(id);
        return row ? toImage(row) : null;
      }
      if (type.startsWith('quote.')) {
        const row = await quotes.find(id);
        return row ? toQuote(row) : null;
      }
      return null;
    },
  });
  app.decorate('webhookDispatcher', dispatcher);
  if (options.webhooks?.autoStart !== false) app.addHook('onReady', async () => dispatcher.start());
  // preClose: before the database closes (onClose). Deliveries still in flight after the budget are aborted and
  // left pending for the next start.
  app.addHook('preClose', async () =>
    dispatcher.stop(Math.min(DELIVERY_STOP_BUDGET_MS, (options.webhooks?.timeoutMs ?? 10_000) + 1_000)),
  );

  const checks: ReadinessCheck[] = [{ name: 'the database', ping: () => engine.ping() }];
  if (redis) checks.push({ name: 'Redis (REDIS_URL)', ping: () => redis.ping() });
  if (media.kind === 'bucket') checks.push({ name: 'the media bucket (S3_BUCKET)', ping: () => media.ping() });
  await app.register(healthRoutes, { checks });
  // Outside /v1: media files are public and ignore the Authorization header.
  await app.register(mediaRoutes, {
    prefix: '/media',
    store: media,
    renditions: createRenditions({ store: media, isFileUsed: engine.isFileUsed }),
    fileUsers: engine.fileUsers,
    version: mediaVersion,
  });

  await app.register(
    async (v1) => {
      await v1.register(quotesRoutes, {
        prefix: '/quotes',
        quotes,
        caching,
        resolveArticleId: async (idOrSlug, request) => {
          const head = await articles.findHead(idOrSlug);
          return head && isVisible(head, request) ? head.id : null;
        },
      });
      await v1.register(articlesRoutes, {
        prefix: '/articles',
        articles,
        caching,
        cache: articleCache,
        listCache,
        renders,
        validateRendered: config.responseValidation,
      });
      await v1.register(articleFormatsRoutes, {
        prefix: '/articles',
        articles,
        caching,
        cache: formatCache,
        settings: config,
        validateRendered: config.responseValidation,
      });
      const { previewLinks } = engine;
      await v1.register(historyRoutes, {
        prefix: '/articles',
        articles,
        revisions: engine.revisions,
        previewLinks,
        caching,
      });
      await v1.register(previewRoutes, {
        prefix: '/preview',
        previewLinks,
        findHead: (id) => articles.findHead(id),
        render: (head) => {
          renders.sync();
          return articleRenderer(articles, renders)(head);
        },
        validateRendered: config.responseValidation,
      });
      await v1.register(feedsRoutes, {
        prefix: '/feeds',
        articles,
        renders,
        caching,
        cache: documentCache,
        settings: config,
      });
      await v1.register(sitemapsRoutes, {
        prefix: '/sitemaps',
        reader: engine.sitemap,
        articles,
        caching,
        cache: documentCache,
        settings: config,
      });
      await v1.register(imagesRoutes, {
        prefix: '/images',
        images,
        service: imagesService,
        media,
        caching,
        uploadLimit: config.uploadLimit,
      });
      await v1.register(webhooksRoutes, {
        prefix: '/webhooks',
        webhooks: engine.webhooks,
        caching,
        allowPrivate: config.webhookAllowPrivate,
        wake: dispatcher.wake,
      });
      await v1.register(importRoutes, {
        importStore: engine.importer({ uploadLimit: config.uploadLimit, imagesService }),
        exportStore: engine.exporter,
        media,
        importLimit: config.importLimit,
        uploadLimit: config.uploadLimit,
      });
    },
    { prefix: '/v1' },
  );

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
