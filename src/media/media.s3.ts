import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Settings } from '../config.js';
import { problems } from '../http/problems.js';
import { formatOfExtension, PICTURE_FORMATS } from './media.formats.js';
import {
  checkedName,
  checkedRenditionName,
  createRenditionCache,
  createTempFiles,
  hashOf,
  type MediaFiles,
  type MediaObject,
  type RenditionCacheOptions,
  renditionKey,
} from './media.store.js';

/** Files up to this size are sent in one PUT; larger ones as a multipart upload of parts this size. */
const PART_BYTES = 8 * 1024 ** 2;
/** Parts of one multipart upload sent at a time (at most this many parts are held in memory). */
const PART_QUEUE = 2;

/** Whether an SDK error is the store's "no such object" (404 on HEAD, NoSuchKey on GET). */
function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.$metadata?.httpStatusCode === 404 || e?.name === 'NoSuchKey' || e?.name === 'NotFound';
}

function contentTypeOf(name: string): string {
  const format = formatOfExtension(path.extname(name).slice(1));
  return format ? PICTURE_FORMATS[format].mime : 'application/octet-stream';
}

/**
 * The pictures in an S3 (or S3-compatible) bucket, with the same names as on disk: originals at the top
 * (`<hash>.<ext>`), renditions under `renditions/<hash>/`. Uploads arrive in local temp files (DATA_DIR/media/tmp)
 * and go up from there, in one PUT or, past PART_BYTES, as a multipart upload (lib-storage's Upload). The bytes
 * and headers served are media.routes.ts's, as with local files; only Last-Modified is the object's.
 */
export function createS3MediaFiles(options: {
  settings: S3Settings;
  /** Where uploads and renditions are written before they go up. */
  tempDir: string;
  renditionCache?: RenditionCacheOptions;
}): MediaFiles & { client: S3Client; bucket: string } {
  const { settings } = options;
  const bucket = settings.bucket;
  const client = new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    // NOTE: since 3.729 the SDK adds CRC checksums to every upload unless told otherwise, which several
    // S3-compatible stores refuse; the checksums S3 itself requires are still sent.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const temps = createTempFiles(options.tempDir);
  const renditionCache = createRenditionCache(options.renditionCache);

  const originalKey = (fileName: string) => checkedName(fileName);
  const renditionPrefix = (fileName: string) => `renditions/${hashOf(fileName)}/`;
  const renditionObjectKey = (fileName: string, name: string) =>
    `${renditionPrefix(fileName)}${checkedRenditionName(name)}`;

  async function exists(key: string): Promise<boolean> {
    try {
      await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async function upload(key: string, tempPath: string): Promise<void> {
    const { size } = await fs.promises.stat(tempPath);
    const ContentType = contentTypeOf(key);
    if (size <= PART_BYTES) {
      const Body = await fs.promises.readFile(tempPath);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body, ContentType }));
      return;
    }
    const body = fs.createReadStream(tempPath);
    try {
      await new Upload({
        client,
        params: { Bucket: bucket, Key: key, Body: body, ContentType },
        partSize: PART_BYTES,
        queueSize: PART_QUEUE,
      }).done();
    } finally {
      body.destroy();
    }
  }

  /** The object opened by HEAD; its bytes are fetched when asked for (a range is one ranged GET). */
  async function open(key: string): Promise<MediaObject | null> {
    let head: { ContentLength?: number; LastModified?: Date };
    try {
      head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    const size = head.ContentLength ?? 0;
    const get = async (range?: string) => {
      try {
        return await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
      } catch (error) {
        // Removed between the HEAD and the GET (the image was deleted meanwhile).
        if (isMissing(error)) throw problems.mediaNotFound();
        throw error;
      }
    };
    return {
      size,
      modifiedAt: head.LastModified?.getTime() ?? Date.now(),
      async stream(range) {
        if (range.end < range.start) return Readable.from([]);
        const whole = range.start === 0 && range.end === size - 1;
        const answer = await get(whole ? undefined : `bytes=${range.start}-${range.end}`);
        return answer.Body as Readable;
      },
      async readAll() {
        const answer = await get();
        return Buffer.from(await answer.Body!.transformToByteArray());
      },
      async close() {},
    };
  }

  return {
    kind: 'bucket',
    client,
    bucket,
    renditionCache,
    tempPath: temps.tempPath,
    receive: temps.receive,
    discard: temps.discard,

    async put(fileName, tempPath) {
      const key = originalKey(fileName);
      // The name is the content's hash: an object already there holds these bytes, and a second upload of a
      // large picture would cost its whole transfer for nothing.
      if (await exists(key)) return;
      await upload(key, tempPath);
    },

    open: (fileName) => open(originalKey(fileName)),

    async localCopy(fileName) {
      let answer: GetObjectCommandOutput;
      try {
        answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: originalKey(fileName) }));
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
      const file = temps.tempPath(path.extname(fileName));
      try {
        await pipeline(answer.Body as Readable, fs.createWriteStream(file, { flags: 'wx' }));
      } catch (error) {
        await temps.discard(file);
        throw error;
      }
      return { path: file, release: () => temps.discard(file) };
    },

    async remove(fileName) {
      // Forgotten first: from now on the memory cache cannot answer for a picture being removed.
      renditionCache?.forgetUnder(renditionKey(fileName));
      const keys = [originalKey(fileName)];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: renditionPrefix(fileName), ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      // One DELETE per object: a picture has a handful of renditions, and DeleteObjects needs a Content-MD5 or
      // checksum header that not every S3-compatible store accepts alike.
      await Promise.all(keys.map((Key) => client.send(new DeleteObjectCommand({ Bucket: bucket, Key }))));
    },

    hasRendition: (fileName, name) => exists(renditionObjectKey(fileName, name)),

    putRendition: (fileName, name, tempPath) => upload(renditionObjectKey(fileName, name), tempPath),

    openRendition: (fileName, name) => open(renditionObjectKey(fileName, name)),

    async ping() {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
    },

    async close() {
      client.destroy();
    },
  };
}
