import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { PgDb } from '../db/pg-client.js';
import { pgWrite } from '../db/pg-tx.js';
import { previewLinks } from '../db/schema.pg.js';
import type { PreviewLinksStore } from './articles.store.js';
import { hashOf, PREVIEW_TOKEN_PREFIX, TOKEN_PATTERN } from './preview-tokens.js';

// Draft preview links on PostgreSQL, as preview-links.sqlite.ts (the same tokens, hashes and lookups): only a
// token's SHA-256 is stored, and a link is found by that hash through a unique index.

export function createPgPreviewLinksStore(db: PgDb): PreviewLinksStore {
  const { orm } = db;

  return {
    async create(articleId, expiresInSeconds, now = Date.now()) {
      const token = PREVIEW_TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const expiresAt = now + expiresInSeconds * 1000;
      await pgWrite(db, (tx) =>
        tx.insert(previewLinks).values({ articleId, tokenHash: hashOf(token), expiresAt, createdAt: now }),
      );
      return { token, expiresAt };
    },

    async find(token, now = Date.now()) {
      if (!TOKEN_PATTERN.test(token)) return { found: false };
      const [row] = await orm
        .select({ articleId: previewLinks.articleId, expiresAt: previewLinks.expiresAt })
        .from(previewLinks)
        .where(eq(previewLinks.tokenHash, hashOf(token)));
      if (!row) return { found: false };
      return { found: true, articleId: row.articleId, expired: row.expiresAt <= now };
    },

    revokeAll(articleId) {
      return pgWrite(db, async (tx) => {
        const removed = await tx
          .delete(previewLinks)
          .where(eq(previewLinks.articleId, articleId))
          .returning({ seq: previewLinks.seq });
        return removed.length;
      });
    },
  };
}
