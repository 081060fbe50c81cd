import { randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { tokens } from '../db/schema.js';
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

const ph = (name: string) => sql.placeholder(name);

/** The TokensStore on SQLite: statements prepared once, each write one transaction through db.writer. */
export function createSqliteTokensStore(db: Db): TokensStore {
  const { orm, writer } = db;
  const insert = orm
    .insert(tokens)
    .values({ id: ph('id'), name: ph('name'), hash: ph('hash'), scopes: ph('scopes'), createdAt: ph('createdAt') })
    .prepare();
  const active = isNull(tokens.revokedAt);
  const byHash = orm
    .select({ id: tokens.id, name: tokens.name, hash: tokens.hash, scopes: tokens.scopes })
    .from(tokens)
    .where(and(eq(tokens.hash, ph('hash')), active))
    .prepare();
  const activeByName = orm
    .select({ id: tokens.id })
    .from(tokens)
    .where(and(eq(tokens.name, ph('name')), active))
    .prepare();
  const all = orm.select().from(tokens).orderBy(asc(tokens.createdAt), asc(tokens.id)).prepare();
  const revokeStatement = orm
    .update(tokens)
    .set({ revokedAt: sql`${ph('now')}` })
    .where(and(eq(tokens.name, ph('name')), active))
    .prepare();

  return {
    async create(name, scopes = DEFAULT_SCOPES) {
      if (!/^[\w.@-]{1,100}$/.test(name)) {
        throw new TokenError('A token name is 1-100 letters, digits, ".", "_", "@" or "-".');
      }
      const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const createdAt = Date.now();
      const id = newId(createdAt);
      await writer.run(() => {
        if (activeByName.get({ name }))
          throw new TokenError(`A token named "${name}" already exists; revoke it first.`);
        insert.run({ id, name, hash: hashToken(token).toString('hex'), scopes: scopes.join(','), createdAt });
      });
      const info: TokenInfo = { id, name, scopes: [...scopes], createdAt: toIso(createdAt), revokedAt: null };
      return { token, info };
    },

    async list() {
      return all.all().map((row) => ({
        id: row.id,
        name: row.name,
        scopes: row.scopes.split(',') as Scope[],
        createdAt: toIso(row.createdAt),
        revokedAt: toIsoOrNull(row.revokedAt),
      }));
    },

    // NOTE: the server reads tokens on every request (verify keeps nothing in memory), so a revocation, by this
    // process or by the token CLI on its own connection, takes effect at once.
    revoke: (name) => writer.run(() => revokeStatement.run({ name, now: Date.now() }).changes > 0),

    /**
     * The lookup is by hash (an index), and the stored hash is then compared in constant time, so neither the
     * lookup nor the comparison leaks how much of a guess was right.
     */
    async verify(token): Promise<Principal | null> {
      if (!TOKEN_PATTERN.test(token)) return null;
      const presented = hashToken(token);
      const row = byHash.get({ hash: presented.toString('hex') });
      if (!row) return null;
      const stored = Buffer.from(row.hash, 'hex');
      if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return null;
      return { tokenId: row.id, name: row.name, scopes: new Set(row.scopes.split(',') as Scope[]) };
    },
  };
}
