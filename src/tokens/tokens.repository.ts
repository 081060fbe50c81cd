import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client.js';
import { newId } from '../shared/ids.js';
import { toIso, toIsoOrNull } from '../shared/time.js';

/** read: see drafts; write: change content; admin: manage webhooks (not given unless asked for). */
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];
/** What a token gets when no scopes are named. */
export const DEFAULT_SCOPES: readonly Scope[] = ['read', 'write'];

export type TokenInfo = { id: string; name: string; scopes: Scope[]; createdAt: string; revokedAt: string | null };
export type Principal = { tokenId: string; name: string; scopes: ReadonlySet<Scope> };

/** Tokens are 256 random bits, base64url, with a prefix that makes a leaked one easy to recognise and grep for. */
export const TOKEN_PREFIX = 'ncms_';
const TOKEN_PATTERN = /^ncms_[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export class TokenError extends Error {}

export function createTokensRepository(db: Db) {
  const sqlite = db.$client;
  const insert = sqlite.prepare(
    'INSERT INTO tokens (id, name, hash, scopes, created_at) VALUES (@id, @name, @hash, @scopes, @createdAt)',
  );
  const byHash = sqlite.prepare<[string], { id: string; name: string; hash: string; scopes: string }>(
    'SELECT id, name, hash, scopes FROM tokens WHERE hash = ? AND revoked_at IS NULL',
  );
  const activeByName = sqlite.prepare<[string], { id: string }>(
    'SELECT id FROM tokens WHERE name = ? AND revoked_at IS NULL',
  );
  const all = sqlite.prepare<
    [],
    { id: string; name: string; scopes: string; created_at: number; revoked_at: number | null }
  >('SELECT id, name, scopes, created_at, revoked_at FROM tokens ORDER BY created_at, id');
  const revokeStmt = sqlite.prepare('UPDATE tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL');

  return {
    /** Makes a token and stores only its hash. The token is returned once and can never be read back. */
    create(name: string, scopes: readonly Scope[] = DEFAULT_SCOPES): { token: string; info: TokenInfo } {
      if (!/^[\w.@-]{1,100}$/.test(name)) {
        throw new TokenError('A token name is 1-100 letters, digits, ".", "_", "@" or "-".');
      }
      if (activeByName.get(name)) throw new TokenError(`A token named "${name}" already exists; revoke it first.`);
      const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const createdAt = Date.now();
      const id = newId(createdAt);
      insert.run({ id, name, hash: hashToken(token).toString('hex'), scopes: scopes.join(','), createdAt });
      return { token, info: { id, name, scopes: [...scopes], createdAt: toIso(createdAt), revokedAt: null } };
    },

    list(): TokenInfo[] {
      return all.all().map((row) => ({
        id: row.id,
        name: row.name,
        scopes: row.scopes.split(',') as Scope[],
        createdAt: toIso(row.created_at),
        revokedAt: toIsoOrNull(row.revoked_at),
      }));
    },

    /** Returns whether a token was revoked. The server reads tokens on every request, so it takes effect at once. */
    revoke(name: string): boolean {
      return revokeStmt.run(Date.now(), name).changes > 0;
    },

    /**
     * The principal for a presented token, or null. The lookup is by hash (an index), and the stored hash is then
     * compared in constant time, so neither the lookup nor the comparison leaks how much of a guess was right.
     */
    verify(token: string): Principal | null {
      if (!TOKEN_PATTERN.test(token)) return null;
      const presented = hashToken(token);
      const row = byHash.get(presented.toString('hex'));
      if (!row) return null;
      const stored = Buffer.from(row.hash, 'hex');
      if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return null;
      return { tokenId: row.id, name: row.name, scopes: new Set(row.scopes.split(',') as Scope[]) };
    },
  };
}

export type TokensRepository = ReturnType<typeof createTokensRepository>;
