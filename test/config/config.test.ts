// Contract: settings come from the environment, are checked at start, and a bad one is named (README, Settings);
// loadConfig(env) is pure: it reads only the object it is given.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      logLevel: 'info',
      corsOrigins: [],
      rateLimit: 0,
      trustProxy: false,
      bodyLimit: 1024 * 1024,
      importLimit: 50 * 1024 * 1024,
      uploadLimit: 20 * 1024 * 1024,
      publicMaxAge: 60,
      responseValidation: false,
      renderCache: true,
      renderMemo: true,
    });
  });

  it('reads only the environment it is given, and treats an empty variable as unset', () => {
    const before = { ...process.env };
    expect(loadConfig({ PORT: '', HOST: '' }).port).toBe(3000);
    expect(loadConfig({ PORT: '8080' }).port).toBe(8080);
    expect(process.env).toEqual(before);
  });

  it('parses every setting', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/srv/cms',
      LOG_LEVEL: 'warn',
      CORS_ORIGINS: 'https://www.example.com, http://localhost:5173',
      RATE_LIMIT: '600',
      TRUST_PROXY: '10.0.0.0/8,loopback',
      BODY_LIMIT: '2048',
      IMPORT_LIMIT: '4096',
      UPLOAD_LIMIT: '8192',
      PUBLIC_MAX_AGE: '0',
      RESPONSE_VALIDATION: 'true',
      RENDER_CACHE: 'false',
      UNRELATED: 'ignored',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/srv/cms',
      logLevel: 'warn',
      corsOrigins: ['https://www.example.com', 'http://localhost:5173'],
      rateLimit: 600,
      trustProxy: '10.0.0.0/8,loopback',
      bodyLimit: 2048,
      importLimit: 4096,
      uploadLimit: 8192,
      publicMaxAge: 0,
      responseValidation: true,
      renderCache: false,
      renderMemo: false,
    });
  });

  it.each([
    ['true', true],
    ['false', false],
    ['2', 2],
    ['127.0.0.1', '127.0.0.1'],
    ['::1, 192.168.0.0/16', '::1, 192.168.0.0/16'],
    ['10.0.0.0/255.0.0.0', '10.0.0.0/255.0.0.0'],
  ])('TRUST_PROXY=%s is taken', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('RENDER_CACHE=articles keeps only the per-article renders', () => {
    expect(loadConfig({ RENDER_CACHE: 'articles' })).toMatchObject({ renderCache: false, renderMemo: true });
  });

  it("has the news formats' link settings, with defaults, and drops a trailing slash from base URLs", () => {
    expect(loadConfig({})).toMatchObject({
      siteUrl: 'http://localhost:3000',
      articleUrl: '{siteUrl}/{slug}',
      publicUrl: null,
      siteName: 'News',
      siteLanguage: 'en',
    });
    expect(
      loadConfig({
        SITE_URL: 'https://news.example.com/',
        ARTICLE_URL: '{siteUrl}/{section}/{yyyy}/{mm}/{dd}/{slug}',
        PUBLIC_URL: 'https://api.example.com/cms/',
        SITE_NAME: 'The Daily',
        SITE_LANGUAGE: 'en-GB',
      }),
    ).toMatchObject({
      siteUrl: 'https://news.example.com',
      articleUrl: '{siteUrl}/{section}/{yyyy}/{mm}/{dd}/{slug}',
      publicUrl: 'https://api.example.com/cms',
      siteName: 'The Daily',
      siteLanguage: 'en-GB',
    });
  });

  it('CORS_ORIGINS=* allows any origin', () => {
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
  });

  const bad: [string, string][] = [
    ['PORT', 'abc'],
    ['PORT', '-1'],
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['PORT', '3000abc'],
    ['HOST', '   '],
    ['DATA_DIR', '  '],
    ['LOG_LEVEL', 'loud'],
    ['LOG_LEVEL', 'INFO'],
    ['CORS_ORIGINS', 'example.com'],
    ['CORS_ORIGINS', 'https://example.com/path'],
    ['CORS_ORIGINS', 'https://a.example, ftp://b.example'],
    ['RATE_LIMIT', '-5'],
    ['RATE_LIMIT', 'lots'],
    ['TRUST_PROXY', 'yes'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '10.0.0.1, nonsense'],
    ['BODY_LIMIT', '1MB'],
    ['BODY_LIMIT', '0'],
    ['BODY_LIMIT', '100'],
    ['IMPORT_LIMIT', '50MiB'],
    ['UPLOAD_LIMIT', '-1'],
    ['PUBLIC_MAX_AGE', 'forever'],
    ['PUBLIC_MAX_AGE', '31536001'],
    ['RESPONSE_VALIDATION', 'yes'],
    ['RENDER_CACHE', 'off'],
    ['SITE_URL', 'news.example.com'],
    ['SITE_URL', 'ftp://news.example.com'],
    ['SITE_URL', 'https://news.example.com/?a=1'],
    ['PUBLIC_URL', '/api'],
    ['ARTICLE_URL', '{siteUrl}/news'],
    ['ARTICLE_URL', '{siteUrl}/{year}/{slug}'],
    ['ARTICLE_URL', '/{slug}'],
    ['SITE_NAME', '   '],
    ['SITE_LANGUAGE', 'english'],
    ['SITE_LANGUAGE', 'en_GB'],
  ];
  it.each(bad)('%s=%s is refused with a message naming it', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
    expect(problems[0]).toContain(JSON.stringify(value));
  });

  it('names every bad variable at once, in one message', () => {
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', BODY_LIMIT: '1MB' });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/^Invalid configuration:/);
      for (const name of ['PORT', 'LOG_LEVEL', 'BODY_LIMIT']) expect(message).toContain(name);
    }
  });

  it('reads the bucket and Redis settings (none by default: files under DATA_DIR, counts per instance)', () => {
    expect(loadConfig({})).toMatchObject({ s3: null, redisUrl: null });
    expect(
      loadConfig({
        S3_BUCKET: 'newsroom-media',
        S3_ENDPOINT: 'http://127.0.0.1:9000/',
        S3_FORCE_PATH_STYLE: 'true',
        AWS_ACCESS_KEY_ID: 'key',
        AWS_SECRET_ACCESS_KEY: 'secret',
        REDIS_URL: 'redis://127.0.0.1:6379',
      }),
    ).toMatchObject({
      s3: {
        bucket: 'newsroom-media',
        endpoint: 'http://127.0.0.1:9000',
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
      },
      redisUrl: 'redis://127.0.0.1:6379',
    });
    // Without keys, the SDK's default provider chain finds credentials; the region falls back on AWS_REGION.
    expect(loadConfig({ S3_BUCKET: 'media', AWS_REGION: 'eu-west-1' }).s3).toMatchObject({
      region: 'eu-west-1',
      forcePathStyle: false,
      credentials: null,
    });
  });

  it('names a bad bucket, endpoint, Redis URL or half a key pair, and never repeats a secret', () => {
    expect(problemsOf({ S3_BUCKET: 'Not_A_Bucket' }).join()).toMatch(/^S3_BUCKET must be a bucket name/);
    expect(problemsOf({ S3_BUCKET: 'media', S3_ENDPOINT: 'minio:9000' }).join()).toMatch(/^S3_ENDPOINT must be/);
    expect(problemsOf({ S3_ENDPOINT: 'http://127.0.0.1:9000' }).join()).toMatch(
      /S3_ENDPOINT is set but S3_BUCKET is not/,
    );
    expect(problemsOf({ S3_BUCKET: 'media', AWS_ACCESS_KEY_ID: 'key' }).join()).toMatch(
      /AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not/,
    );
    expect(problemsOf({ S3_BUCKET: 'media', S3_FORCE_PATH_STYLE: 'yes' }).join()).toMatch(
      /S3_FORCE_PATH_STYLE must be true or false/,
    );
    const redis = problemsOf({ REDIS_URL: 'http://user:hunter2@cache:6379' }).join();
    expect(redis).toMatch(/^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(redis).not.toContain('hunter2');
  });
});

describe('DATABASE_URL', () => {
  it('is unset by default (SQLite under DATA_DIR)', () => {
    expect(loadConfig({}).databaseUrl).toBeNull();
  });

  it.each(['postgres://cms:secret@db.internal:5432/cms', 'postgresql://localhost/cms?sslmode=require'])(
    'takes a PostgreSQL URL: %s',
    (url) => {
      expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    },
  );

  it.each([
    'mysql://cms:hunter2@db/cms',
    'sqlite:///data/cms.sqlite',
    'db.internal:5432/cms',
    'http://cms:hunter2@db/cms',
  ])('refuses %s naming DATABASE_URL, without printing its password', (value) => {
    const problems = problemsOf({ DATABASE_URL: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('DATABASE_URL');
    expect(problems[0]).not.toContain('hunter2');
  });

  it('shows a refused URL with its password masked', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://cms:hunter2@db/cms?password=hunter2' });
    expect(problem).toContain('mysql://cms:***@db/cms?password=***');
  });
});
