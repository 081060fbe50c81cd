import { createHash } from 'node:crypto';
import type { tokens } from '../db/schema.js';

/** read: see drafts; write: change content; admin: manage webhooks (not given unless asked for). */
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];
/** What a token gets when no scopes are named. */
export const DEFAULT_SCOPES: readonly Scope[] = ['read', 'write'];

/** A token as stored (inferred from src/db/schema.ts): only its hash, never the token itself. */
export type TokenRecord = typeof tokens.$inferSelect;

export type TokenInfo = { id: string; name: string; scopes: Scope[]; createdAt: string; revokedAt: string | null };
export type Principal = { tokenId: string; name: string; scopes: ReadonlySet<Scope> };

/** Tokens are 256 random bits, base64url, with a prefix that makes a leaked one easy to recognise and grep for. */
export const TOKEN_PREFIX = 'ncms_';
export const TOKEN_PATTERN = /^ncms_[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A refused token command (a bad name, a name in use): its message is for the person at the command line. */
export class TokenError extends Error {}

/** The API tokens, whatever the engine. */
export interface TokensStore {
  /** Makes a token and stores only its hash. The token is answered once and can never be read back. */
  create(name: string, scopes?: readonly Scope[]): Promise<{ token: string; info: TokenInfo }>;
  list(): Promise<TokenInfo[]>;
  /** Whether an active token of that name was revoked. Requests made with it are refused from then on. */
  revoke(name: string): Promise<boolean>;
  /** The principal for a presented token, or null (unknown, revoked or malformed). */
  verify(token: string): Promise<Principal | null>;
}
