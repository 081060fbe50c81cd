import path from 'node:path';
import type { Config } from '../config.js';
import { createLocalMediaFiles } from './media.local.js';
import { createS3MediaFiles } from './media.s3.js';
import type { MediaFiles, RenditionCacheOptions } from './media.store.js';

/** The media store the settings choose: the bucket named by S3_BUCKET, or files under DATA_DIR/media. */
export function createMediaFiles(
  config: Pick<Config, 'dataDir' | 's3'>,
  options: { renditionCache?: RenditionCacheOptions } = {},
): MediaFiles {
  const dir = path.join(config.dataDir, 'media');
  if (config.s3) {
    return createS3MediaFiles({ settings: config.s3, tempDir: path.join(dir, 'tmp'), ...options });
  }
  return createLocalMediaFiles({ dir, ...options });
}
