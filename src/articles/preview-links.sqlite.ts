import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.js';

// Draft preview links. A token is 256 random bits (base64url) with a prefix that makes a leaked one easy to
// recognise; only its SHA-256 is stored, and a link is found by that hash through a unique index: the lookup
// compares hashes, never the token, so its timing tells nothing about a valid token.

export const PREVIEW_TOKEN_PREFIX = 'ncmsp_';
const TOKEN_PATTERN = /^ncmsp_[A-Za-z0-9_-]{43}$/;

function hashOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export type PreviewLookup = { found: false } | { found: true; articleId: string; expired: boolean };

export function createPreviewLinksRepository(db: Db) {
  const sqlite = db.$client;
  const insert = sqlite.prepare<[string, string, number, number]>(
    'INSERT INTO preview_links (article_id, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?)',
  );
  const byHash = sqlite.prepare<[string], { article_id: string; expires_at: number }>(
    'SELECT article_id, expires_at FROM preview_links WHERE token_hash = ?',
  );
  const removeAll = sqlite.prepare<[string]>('DELETE FROM preview_links WHERE article_id = ?');

  return {
    /** A new link to the article, working until now + expiresIn seconds. The token is returned once. */
    create(articleId: string, expiresInSeconds: number, now = Date.now()): { token: string; expiresAt: number } {
      const token = PREVIEW_TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const expiresAt = now + expiresInSeconds * 1000;
      insert.run(articleId, hashOf(token), expiresAt, now);
      return { token, expiresAt };
    },

    /**
     * The article a token opens. A link is removed with its article (foreign key), so a deleted article's link
     * is not found, like a token that never existed.
     */
    find(token: string, now = Date.now()): PreviewLookup {
      if (!TOKEN_PATTERN.test(token)) return { found: false };
      const row = byHash.get(hashOf(token));
      if (!row) return { found: false };
      return { found: true, articleId: row.article_id, expired: row.expires_at <= now };
    },

    /** Every link to the article stops working. */
    revokeAll(articleId: string): number {
      return removeAll.run(articleId).changes;
    },
  };
}

export type PreviewLinksRepository = ReturnType<typeof createPreviewLinksRepository>;
