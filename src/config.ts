import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { isPostgresUrl, redactDatabaseUrl } from './db/database-url.js';

// NOTE: environment variables are strings; every setting is parsed here, once, so a bad value stops the
// server at start with a message naming the variable instead of failing later on a request.
const integer = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

/** What proxy-addr (Fastify's trustProxy) takes in a list: an address, a CIDR range, or a named range. */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  if (isIP(bits) === family) return true; // an address/netmask pair
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const trustProxy = z
  .string()
  .trim()
  .transform((value): boolean | number | string => {
    if (value === '' || value === 'false') return false;
    if (value === 'true') return true;
    if (/^\d+$/.test(value)) return Number(value);
    return value;
  })
  // NOTE: an address Fastify cannot parse would otherwise crash buildApp with a bare TypeError from proxy-addr.
  .refine((value) => typeof value !== 'string' || value.split(',').every((entry) => isProxyAddress(entry.trim())), {
    message:
      'TRUST_PROXY must be true, false, a hop count, or comma-separated addresses or CIDR ranges (10.0.0.0/8, loopback)',
  });

const origins = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.string().refine((origin) => origin === '*' || /^https?:\/\/[^/\s]+$/.test(origin), {
        message: 'CORS_ORIGINS must list origins such as https://www.example.com (scheme and host, no path)',
      }),
    ),
  );

/** An absolute http(s) URL with no query or fragment; a trailing slash is dropped so paths can be appended. */
const baseUrl = (name: string) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        if (!URL.canParse(value)) return false;
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash && !url.username;
      },
      {
        message: `${name} must be an absolute http(s) URL with no query or fragment, such as https://news.example.com`,
      },
    )
    .transform((value) => value.replace(/\/+$/, ''));

const ARTICLE_URL_PLACEHOLDERS = ['siteUrl', 'slug', 'id', 'section', 'yyyy', 'mm', 'dd'];

const articleUrlTemplate = z
  .string()
  .trim()
  .refine((value) => /\{(slug|id)\}/.test(value), { message: 'ARTICLE_URL must hold {slug} or {id}' })
  .refine(
    (value) => [...value.matchAll(/\{([^}]*)\}/g)].every((match) => ARTICLE_URL_PLACEHOLDERS.includes(match[1] ?? '')),
    {
      message: `ARTICLE_URL may use only the placeholders ${ARTICLE_URL_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
    },
  )
  .refine(
    (value) => {
      const sample = value.replace(/\{siteUrl\}/g, 'http://localhost').replace(/\{[^}]*\}/g, 'x');
      return /^https?:\/\/[^/]/.test(sample) && URL.canParse(sample);
    },
    { message: 'ARTICLE_URL must give an absolute http(s) URL (start it with {siteUrl} or https://)' },
  );

// BCP 47 language tag, the common shapes: language, optional script, region and variants (en, en-GB, zh-Hant-TW).
const languageTag = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?(-([A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*$/, {
    message: 'SITE_LANGUAGE must be a BCP 47 language tag such as en or en-GB',
  });

// S3 bucket names: 3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.
const bucketName = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'S3_BUCKET must be a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens',
  });

const redisUrl = z
  .string()
  .trim()
  .refine((value) => URL.canParse(value) && ['redis:', 'rediss:'].includes(new URL(value).protocol), {
    message: 'REDIS_URL must be a redis:// or rediss:// URL, such as redis://127.0.0.1:6379',
  });

const flag = (name: string) =>
  z.enum(['true', 'false'], { message: `${name} must be true or false` }).transform((value) => value === 'true');

/** Settings whose value may hold a password: a message about them never repeats the value. */
const SECRET_SETTINGS = new Set(['REDIS_URL', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']);

const envSchema = z.object({
  PORT: integer('PORT', 0, 65535).default(3000),
  HOST: z.string().trim().min(1, 'HOST must not be empty').default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1, 'DATA_DIR must not be empty').default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: origins.default([]),
  RATE_LIMIT: integer('RATE_LIMIT', 0, 10_000_000).default(0),
  TRUST_PROXY: trustProxy.default(false),
  BODY_LIMIT: integer('BODY_LIMIT', 1024, 1024 ** 3).default(1024 * 1024),
  IMPORT_LIMIT: integer('IMPORT_LIMIT', 1024, 4 * 1024 ** 3).default(50 * 1024 * 1024),
  UPLOAD_LIMIT: integer('UPLOAD_LIMIT', 1024, 4 * 1024 ** 3).default(20 * 1024 * 1024),
  PUBLIC_MAX_AGE: integer('PUBLIC_MAX_AGE', 0, 31_536_000).default(60),
  RESPONSE_VALIDATION: z
    .enum(['true', 'false'], { message: 'RESPONSE_VALIDATION must be true or false' })
    .transform((value) => value === 'true')
    .default(false),
  RENDER_CACHE: z
    .enum(['true', 'false', 'articles'], { message: 'RENDER_CACHE must be true, false or articles' })
    .default('true'),
  // Slow-client (slow-loris) guards, in milliseconds; see app.ts for how each is applied.
  HEADERS_TIMEOUT: integer('HEADERS_TIMEOUT', 500, 600_000).default(10_000),
  REQUEST_TIMEOUT: integer('REQUEST_TIMEOUT', 1_000, 3_600_000).default(120_000),
  MAX_EVENT_LOOP_DELAY: integer('MAX_EVENT_LOOP_DELAY', 0, 60_000).default(1_000),
  SITE_URL: baseUrl('SITE_URL').default('http://localhost:3000'),
  ARTICLE_URL: articleUrlTemplate.default('{siteUrl}/{slug}'),
  PUBLIC_URL: baseUrl('PUBLIC_URL').optional(),
  SITE_NAME: z
    .string()
    .trim()
    .min(1, 'SITE_NAME must not be empty')
    .max(200, 'SITE_NAME must be at most 200 characters')
    .default('News'),
  SITE_LANGUAGE: languageTag.default('en'),
  WEBHOOK_ALLOW_PRIVATE: z
    .enum(['true', 'false'], { message: 'WEBHOOK_ALLOW_PRIVATE must be true or false' })
    .transform((value) => value === 'true')
    .default(false),
  S3_BUCKET: bucketName.optional(),
  S3_ENDPOINT: baseUrl('S3_ENDPOINT').optional(),
  S3_REGION: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{1,64}$/, 'S3_REGION must be a region name such as eu-west-1')
    .optional(),
  S3_FORCE_PATH_STYLE: flag('S3_FORCE_PATH_STYLE').default(false),
  // The standard AWS names: when neither is set, the SDK's default provider chain finds credentials.
  AWS_ACCESS_KEY_ID: z.string().trim().optional(),
  AWS_SECRET_ACCESS_KEY: z.string().trim().optional(),
  AWS_SESSION_TOKEN: z.string().trim().optional(),
  AWS_REGION: z.string().trim().optional(),
  AWS_DEFAULT_REGION: z.string().trim().optional(),
  REDIS_URL: redisUrl.optional(),
  DATABASE_URL: z
    .string()
    .trim()
    .refine(isPostgresUrl, {
      message: 'DATABASE_URL must be a postgres:// or postgresql:// URL, such as postgres://cms@db.internal:5432/cms',
    })
    .optional(),
});

/** Settings that only mean something together: each mistake named by its setting. */
function crossChecks(e: z.infer<typeof envSchema>): string[] {
  const problems: string[] = [];
  if (!e.S3_BUCKET) {
    for (const name of ['S3_ENDPOINT', 'S3_REGION'] as const) {
      if (e[name] !== undefined)
        problems.push(`${name} is set but S3_BUCKET is not: set S3_BUCKET to store media in a bucket`);
    }
  }
  // Only with a bucket: other software on the machine may use the AWS variables in its own way.
  if (e.S3_BUCKET && (e.AWS_ACCESS_KEY_ID === undefined) !== (e.AWS_SECRET_ACCESS_KEY === undefined)) {
    problems.push(
      e.AWS_ACCESS_KEY_ID === undefined
        ? 'AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not: set both, or neither (the default provider chain)'
        : 'AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or neither (the default provider chain)',
    );
  }
  return problems;
}

/** What a refused setting's message shows of the value given: DATABASE_URL's without its password. */
function shown(name: string, value: string | undefined): string {
  return name === 'DATABASE_URL' && value !== undefined ? redactDatabaseUrl(value.trim()) : JSON.stringify(value);
}

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  corsOrigins: string[];
  rateLimit: number;
  trustProxy: boolean | number | string;
  bodyLimit: number;
  importLimit: number;
  uploadLimit: number;
  /** Seconds a shared cache may keep a public read before revalidating it. */
  publicMaxAge: number;
  /**
   * Check every response against its zod schema before sending (the test suite turns it on). Off in production:
   * the mappers build each response field by field, and the check costs ~100 µs for an article and ~600 µs for a list page (see BENCHMARKS.md).
   */
  responseValidation: boolean;
  /**
   * Keep rendered public reads and list pages, and filtered lists' totals, in memory until the database changes
   * (see db/change-watch.ts). On by default; off measures what a request costs when every write has just emptied the caches (the benchmark's
   * uncached figures) or rules the caches out when chasing a stale answer.
   */
  renderCache: boolean;
  /**
   * Keep each article's rendered JSON and list card by its ETag (articles/article-renders.ts), which writes to
   * other articles leave good. RENDER_CACHE=articles keeps these alone: what a read costs right after a write has
   * emptied the response caches; RENDER_CACHE=false keeps nothing.
   */
  renderMemo: boolean;
  /** Milliseconds a client has to send the request line and headers (slow-loris guard); then a 408. */
  headersTimeout: number;
  /**
   * Milliseconds a client has to send a whole request, body included. Generous because a 20 MiB upload from the
   * field over a slow link must still get through; headersTimeout and the 30 s idle timeout catch stalled clients.
   */
  requestTimeout: number;
  /** Event-loop delay (ms, sampled every second) past which requests are shed with a 503; 0 turns the check off. */
  maxEventLoopDelay: number;
  /** The public site's address (no trailing slash): the base of article page links in the news formats. */
  siteUrl: string;
  /** The template of an article page's address (see formats/links.ts for its placeholders). */
  articleUrl: string;
  /** Where this API is reached (no trailing slash), for absolute image and sitemap URLs; null: the request's own. */
  publicUrl: string | null;
  siteName: string;
  /** A BCP 47 language tag (`en`, `en-GB`). */
  siteLanguage: string;
  /**
   * Let webhooks deliver to loopback, private, link-local and other non-public addresses (a receiver on the same
   * host or network). Off by default: a webhook URL is otherwise a way to make the server call inside the network.
   */
  webhookAllowPrivate: boolean;
  /** Media in an S3 (or S3-compatible) bucket; null: files under DATA_DIR/media. */
  s3: S3Settings | null;
  /** Redis shared by the instances (the rate limit's counts); null: each instance counts on its own. */
  redisUrl: string | null;
  /**
   * A postgres:// or postgresql:// URL: everything is stored in that PostgreSQL database (src/db/pg-client.ts)
   * instead of SQLite under dataDir. Null: SQLite.
   */
  databaseUrl: string | null;
};

export type S3Settings = {
  bucket: string;
  /** A store that is not AWS (MinIO, R2, s3rver); null: AWS's own endpoint for the region. */
  endpoint: string | null;
  region: string;
  forcePathStyle: boolean;
  /** From AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; null: the SDK's default provider chain. */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | null;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Pure: reads the given environment (process.env by default) and throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(envSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = envSchema.safeParse(known);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const message = issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
        return SECRET_SETTINGS.has(name) ? message : `${message} (got ${shown(name, env[name])})`;
      }),
    );
  }
  const e = parsed.data;
  const mistakes = crossChecks(e);
  if (mistakes.length > 0) throw new ConfigError(mistakes);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    corsOrigins: e.CORS_ORIGINS,
    rateLimit: e.RATE_LIMIT,
    trustProxy: e.TRUST_PROXY,
    bodyLimit: e.BODY_LIMIT,
    importLimit: e.IMPORT_LIMIT,
    uploadLimit: e.UPLOAD_LIMIT,
    publicMaxAge: e.PUBLIC_MAX_AGE,
    responseValidation: e.RESPONSE_VALIDATION,
    renderCache: e.RENDER_CACHE === 'true',
    renderMemo: e.RENDER_CACHE !== 'false',
    headersTimeout: e.HEADERS_TIMEOUT,
    requestTimeout: e.REQUEST_TIMEOUT,
    maxEventLoopDelay: e.MAX_EVENT_LOOP_DELAY,
    siteUrl: e.SITE_URL,
    articleUrl: e.ARTICLE_URL,
    publicUrl: e.PUBLIC_URL ?? null,
    siteName: e.SITE_NAME,
    siteLanguage: e.SITE_LANGUAGE,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    s3: e.S3_BUCKET
      ? {
          bucket: e.S3_BUCKET,
          endpoint: e.S3_ENDPOINT ?? null,
          region: e.S3_REGION ?? e.AWS_REGION ?? e.AWS_DEFAULT_REGION ?? 'us-east-1',
          forcePathStyle: e.S3_FORCE_PATH_STYLE,
          credentials:
            e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY
              ? {
                  accessKeyId: e.AWS_ACCESS_KEY_ID,
                  secretAccessKey: e.AWS_SECRET_ACCESS_KEY,
                  ...(e.AWS_SESSION_TOKEN ? { sessionToken: e.AWS_SESSION_TOKEN } : {}),
                }
              : null,
        }
      : null,
    redisUrl: e.REDIS_URL ?? null,
    databaseUrl: e.DATABASE_URL ?? null,
  };
}
