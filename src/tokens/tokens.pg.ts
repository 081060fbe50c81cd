import { randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { PgChangeFeed } from '../db/pg-change-feed.js';
import type { PgDb } from '../db/pg-client.js';
import { pgStorable } from '../db/pg-keyed-lookups.js';
import { pgWrite } from '../db/pg-tx.js';
import { tokens } from '../db/schema.pg.js';
import { newId } from '../shared/ids.js';
import { toIso, toIsoOrNull } from '../shared/time.js';
import {
  DEFAULT_SCOPES,
  hashToken,
  type Principal,
  type Scope,
  TOKEN_PATTERN,
  TOKEN_PREFIX,
  TokenError,
  type TokenInfo,
  type TokensStore,
} from './tokens.store.js';

/** Whether `error` (or the driver error drizzle wrapped it in) is the unique violation of the active-name index. */
function activeNameTaken(error: unknown): boolean {
  for (let current = error, depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const { code, constraint } = current as { code?: unknown; constraint?: unknown };
    if (code === '23505') return constraint === 'tokens_active_name_idx';
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * The TokensStore on PostgreSQL, as tokens.sqlite.ts. verify reads the database on every request and keeps nothing
 * in memory, so a revocation by any instance (or the token CLI) is refused by every instance from its commit on;
 * it needs nothing from the change feed (`_options.changes`).
 */
export function createPgTokensStore(db: PgDb, _options: { changes: PgChangeFeed }): TokensStore {
  const { orm } = db;
  const active = isNull(tokens.revokedAt);
  const nameError = (name: string) => new TokenError(`A token named "${name}" already exists; revoke it first.`);

  return {
    async create(name, scopes = DEFAULT_SCOPES) {
      if (!/^[\w.@-]{1,100}$/.test(name)) {
        throw new TokenError('A token name is 1-100 letters, digits, ".", "_", "@" or "-".');
      }
      const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const createdAt = Date.now();
      const id = newId(createdAt);
      try {
        await pgWrite(db, async (tx) => {
          const taken = await tx
            .select({ id: tokens.id })
            .from(tokens)
            .where(and(eq(tokens.name, name), active));
          if (taken.length > 0) throw nameError(name);
          await tx
            .insert(tokens)
            .values({ id, name, hash: hashToken(token).toString('hex'), scopes: scopes.join(','), createdAt });
        });
      } catch (error) {
        // Two creates of one name at once: the partial unique index refuses the second, as the check above would.
        if (activeNameTaken(error)) throw nameError(name);
        throw error;
      }
      const info: TokenInfo = { id, name, scopes: [...scopes], createdAt: toIso(createdAt), revokedAt: null };
      return { token, info };
    },

    async list() {
      const rows = await orm.select().from(tokens).orderBy(asc(tokens.createdAt), asc(tokens.id));
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        scopes: row.scopes.split(',') as Scope[],
        createdAt: toIso(row.createdAt),
        revokedAt: toIsoOrNull(row.revokedAt),
      }));
    },

    async revoke(name) {
      // PostgreSQL's text cannot hold NUL: no token has such a name.
      if (!pgStorable(name)) return false;
      return pgWrite(db, async (tx) => {
        const revoked = await tx
          .update(tokens)
          .set({ revokedAt: Date.now() })
          .where(and(eq(tokens.name, name), active))
          .returning({ id: tokens.id });
        return revoked.length > 0;
      });
    },

    /**
     * The lookup is by hash (an index), and the stored hash is then compared in constant time, so neither the
     * lookup nor the comparison leaks how much of a guess was right.
     */
    async verify(token): Promise<Principal | null> {
      if (!TOKEN_PATTERN.test(token)) return null;
      const presented = hashToken(token);
      const [row] = await orm
        .select({ id: tokens.id, name: tokens.name, hash: tokens.hash, scopes: tokens.scopes })
        .from(tokens)
        .where(and(eq(tokens.hash, presented.toString('hex')), active));
      if (!row) return null;
      const stored = Buffer.from(row.hash, 'hex');
      if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return null;
      return { tokenId: row.id, name: row.name, scopes: new Set(row.scopes.split(',') as Scope[]) };
    },
  };
}
