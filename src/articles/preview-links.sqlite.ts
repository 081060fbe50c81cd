import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { previewLinks } from '../db/schema.js';
import type { PreviewLinksStore } from './articles.store.js';
import { hashOf, PREVIEW_TOKEN_PREFIX, TOKEN_PATTERN } from './preview-tokens.js';

// Draft preview links on SQLite (the token and its hash: preview-tokens.ts).

const p = sql.placeholder;

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
