import { createHash, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { previewLinks } from '../db/schema.js';
import type { PreviewLinksStore } from './articles.store.js';

// Draft preview links on SQLite. A token is 256 random bits (base64url) with a prefix that makes a leaked one easy
// to recognise; only its SHA-256 is stored, and a link is found by that hash through a unique index: the lookup
// compares hashes, never the token, so its timing tells nothing about a valid token.

export const PREVIEW_TOKEN_PREFIX = 'ncmsp_';
const TOKEN_PATTERN = /^ncmsp_[A-Za-z0-9_-]{43}$/;
const p = sql.placeholder;

function hashOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function createSqlitePreviewLinksStore(db: Db): PreviewLinksStore {
  const { orm, writer } = db;
  const insert = orm
    .insert(previewLinks)
    .values({ articleId: p('articleId'), tokenHash: p('tokenHash'), expiresAt: p('expiresAt'), createdAt: p('now') })
    .prepare();
  const byHash = orm
    .select({ articleId: previewLinks.articleId, expiresAt: previewLinks.expiresAt })
    .from(previewLinks)
    .where(eq(previewLinks.tokenHash, p('tokenHash')))
    .prepare();
  const removeAll = orm
    .delete(previewLinks)
    .where(eq(previewLinks.articleId, p('articleId')))
    .prepare();

  return {
    async create(articleId, expiresInSeconds, now = Date.now()) {
      const token = PREVIEW_TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const expiresAt = now + expiresInSeconds * 1000;
      await writer.run(() => insert.run({ articleId, tokenHash: hashOf(token), expiresAt, now }));
      return { token, expiresAt };
    },

    async find(token, now = Date.now()) {
      if (!TOKEN_PATTERN.test(token)) return { found: false };
      const row = byHash.get({ tokenHash: hashOf(token) });
      if (!row) return { found: false };
      return { found: true, articleId: row.articleId, expired: row.expiresAt <= now };
    },

    revokeAll(articleId) {
      return writer.run(() => removeAll.run({ articleId }).changes);
    },
  };
}
