import { createHash } from 'node:crypto';

// A draft preview link's token, on either engine (preview-links.sqlite.ts, preview-links.pg.ts): 256 random bits
// (base64url) with a prefix that makes a leaked one easy to recognise; only its SHA-256 is stored, and a link is
// found by that hash through a unique index: the lookup compares hashes, never the token, so its timing tells
// nothing about a valid token.

export const PREVIEW_TOKEN_PREFIX = 'ncmsp_';
export const TOKEN_PATTERN = /^ncmsp_[A-Za-z0-9_-]{43}$/;

export function hashOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
