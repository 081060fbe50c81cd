import type { Db } from '../db/client.js';
import { totalSql } from '../db/counts.js';
import { referencesChanged } from '../db/reference-generation.js';
import type { QuoteRow } from '../db/schema.js';
import { statementCache } from '../db/statements.js';
import { problems } from '../http/problems.js';
import { makeEtag } from '../shared/etag.js';
import { toFtsQuery } from '../shared/fts.js';
import { newId } from '../shared/ids.js';
import { afterCursor, nextCursor, orderBy, parseSort, readCursor } from '../shared/keyset.js';
import { toIso, toIsoOrNull } from '../shared/time.js';
import { createOutbox } from '../webhooks/outbox.js';
import type { Quote, QuoteCreate, QuoteListQuery, QuoteUpdate, SpeakerType } from './quotes.schemas.js';

type Row = {
  seq: number;
  id: string;
  key: string | null;
  text: string;
  speaker: string;
  speaker_type: SpeakerType;
  speaker_role: string | null;
  organisation: string | null;
  channel: string | null;
  source_url: string | null;
  said_at: number | null;
  version: number;
  created_at: number;
  updated_at: number;
};

const COLUMNS =
  'seq, id, key, text, speaker, speaker_type, speaker_role, organisation, channel, source_url, said_at, version, created_at, updated_at';

const SORT_COLUMNS = {
  createdAt: { column: 'created_at', nullable: false },
  updatedAt: { column: 'updated_at', nullable: false },
  saidAt: { column: 'said_at', nullable: true },
};

/** Case folding for the speaker filter: Unicode-aware, unlike SQLite's NOCASE. */
export function foldSpeaker(speaker: string): string {
  return speaker.normalize('NFC').toLowerCase();
}

export function toQuote(row: Row): Quote {
  return {
    id: row.id,
    text: row.text,
    speaker: row.speaker,
    speakerType: row.speaker_type,
    speakerRole: row.speaker_role,
    organisation: row.organisation,
    channel: row.channel,
    sourceUrl: row.source_url,
    saidAt: toIsoOrNull(row.said_at),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export function quoteEtag(row: Pick<Row, 'version' | 'updated_at'>): string {
  return makeEtag('q', row.version, row.updated_at);
}

export type QuoteRecord = Row;

/**
 * The two statements a list runs (its total and its page), or null when `q` leaves nothing to search. Exported
 * so that test/bench/query-plans.test.ts checks the query plan of exactly the SQL the repository runs.
 */
export function quoteListSql(query: QuoteListQuery, filter: { articleId?: string } = {}) {
  const spec = parseSort(query.sort, SORT_COLUMNS);
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.speaker !== undefined) {
    where.push('speaker_key = ?');
    params.push(foldSpeaker(query.speaker));
  }
  if (filter.articleId !== undefined) {
    where.push('id IN (SELECT quote_id FROM article_quotes WHERE article_id = ?)');
    params.push(filter.articleId);
  }
  if (query.q !== undefined) {
    const match = toFtsQuery(query.q);
    if (match === null) return null;
    where.push('seq IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)');
    params.push(match);
  }
  const count = totalSql('quotes', where, params);
  const cursor = readCursor(query.cursor, spec);
  const pageWhere = [...where];
  const pageParams = [...params];
  if (cursor) {
    const after = afterCursor(spec, cursor);
    pageWhere.push(after.sql);
    pageParams.push(...after.params);
  }
  const sql = `SELECT ${COLUMNS} FROM quotes ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''} ${orderBy(spec)} LIMIT ?`;
  return { count, page: { sql, params: [...pageParams, query.limit + 1] }, spec };
}

export function createQuotesRepository(db: Db) {
  const sqlite = db.$client;
  const stmt = statementCache(sqlite);
  // Webhook events are recorded in each write's transaction (see webhooks/outbox.ts).
  const outbox = createOutbox(sqlite);

  const byId = sqlite.prepare<[string], Row>(`SELECT ${COLUMNS} FROM quotes WHERE id = ?`);
  const byKey = sqlite.prepare<[string], Row>(`SELECT ${COLUMNS} FROM quotes WHERE key = ?`);
  const byKeys = sqlite.prepare<[string], Row>(
    `SELECT ${COLUMNS} FROM quotes WHERE key IN (SELECT value FROM json_each(?))`,
  );
  const byIds = sqlite.prepare<[string], Row>(
    `SELECT ${COLUMNS} FROM quotes WHERE id IN (SELECT value FROM json_each(?))`,
  );
  const insert = sqlite.prepare(
    `INSERT INTO quotes (id, key, text, speaker, speaker_key, speaker_type, speaker_role, organisation, channel, source_url, said_at, version, created_at, updated_at)
     VALUES (@id, @key, @text, @speaker, @speakerKey, @speakerType, @speakerRole, @organisation, @channel, @sourceUrl, @saidAt, 1, @now, @now)`,
  );
  const update = sqlite.prepare(
    `UPDATE quotes SET text = @text, speaker = @speaker, speaker_key = @speakerKey, speaker_type = @speakerType,
       speaker_role = @speakerRole,
       organisation = @organisation, channel = @channel, source_url = @sourceUrl, said_at = @saidAt,
       version = version + 1, updated_at = max(@now, updated_at + 1)
     WHERE id = @id`,
  );
  const remove = sqlite.prepare<[string]>('DELETE FROM quotes WHERE id = ?');
  const users = sqlite.prepare<[string], { id: string; slug: string }>(
    `SELECT a.id, a.slug FROM article_quotes aq JOIN articles a ON a.id = aq.article_id WHERE aq.quote_id = ? ORDER BY a.id`,
  );

  function get(id: string): Row {
    const row = byId.get(id);
    if (!row) throw problems.notFound('quote', id);
    return row;
  }

  return {
    findById: (id: string): Row | undefined => byId.get(id),

    /** The quote a bundle named `key` (imports match quotes by key). */
    findByKey: (key: string): Row | undefined => byKey.get(key),

    /** The rows with these bundle keys, in one query (an import plans thousands of items at once). */
    findManyByKeys(keys: readonly string[]): Map<string, Row> {
      const found = new Map<string, Row>();
      if (keys.length === 0) return found;
      for (const row of byKeys.all(JSON.stringify([...new Set(keys)]))) found.set(row.key!, row);
      return found;
    },
    get,

    /** Every quote named, in one query: what an article's quote blocks resolve to. */
    findManyByIds(ids: readonly string[]): Map<string, Row> {
      const found = new Map<string, Row>();
      if (ids.length === 0) return found;
      for (const row of byIds.all(JSON.stringify([...new Set(ids)]))) found.set(row.id, row);
      return found;
    },

    create(input: QuoteCreate, options: { key?: string | null; now?: number } = {}): Row {
      const now = options.now ?? Date.now();
      const id = newId(now);
      // One transaction with its webhook event (a savepoint inside a caller's transaction).
      return sqlite.transaction(() => {
        insert.run({
          id,
          key: options.key ?? null,
          text: input.text,
          speaker: input.speaker,
          speakerKey: foldSpeaker(input.speaker),
          speakerType: input.speakerType ?? 'person',
          speakerRole: input.speakerRole ?? null,
          organisation: input.organisation ?? null,
          channel: input.channel ?? null,
          sourceUrl: input.sourceUrl ?? null,
          saidAt: input.saidAt ?? null,
          now,
        });
        outbox.record('quote.created', id, now);
        return get(id);
      })();
    },

    /** Applies a partial update; `check` runs inside the transaction on the current row (If-Match). */
    update(id: string, patch: QuoteUpdate, check?: (current: Row) => void): Row {
      return sqlite.transaction(() => {
        const current = get(id);
        check?.(current);
        const speaker = patch.speaker ?? current.speaker;
        referencesChanged(sqlite);
        update.run({
          id,
          text: patch.text ?? current.text,
          speaker,
          speakerKey: foldSpeaker(speaker),
          speakerType: patch.speakerType ?? current.speaker_type,
          speakerRole: patch.speakerRole === undefined ? current.speaker_role : patch.speakerRole,
          organisation: patch.organisation === undefined ? current.organisation : patch.organisation,
          channel: patch.channel === undefined ? current.channel : patch.channel,
          sourceUrl: patch.sourceUrl === undefined ? current.source_url : patch.sourceUrl,
          saidAt: patch.saidAt === undefined ? current.said_at : patch.saidAt,
          now: Date.now(),
        });
        outbox.record('quote.updated', id, Date.now());
        return get(id);
      })();
    },

    /** Deletes a quote no article uses; otherwise a 409 naming the articles. */
    delete(id: string, check?: (current: Row) => void): void {
      sqlite.transaction(() => {
        const current = get(id);
        check?.(current);
        const usedBy = users.all(id);
        if (usedBy.length > 0) throw problems.inUse('quote', id, usedBy);
        referencesChanged(sqlite);
        remove.run(id);
        outbox.record('quote.deleted', id, Date.now(), { data: { id } });
      })();
    },

    list(query: QuoteListQuery, filter: { articleId?: string } = {}) {
      const built = quoteListSql(query, filter);
      if (built === null) return { rows: [] as Row[], total: 0, nextCursor: null };
      const total = (stmt(built.count.sql).get(...built.count.params) as { n: number }).n;
      const rows = stmt(built.page.sql).all(...built.page.params) as Row[];
      const next = nextCursor(
        rows,
        query.limit,
        built.spec,
        (row) => row[built.spec.column as keyof Row] as number | null,
        (row) => row.id,
      );
      return { rows: rows.slice(0, query.limit), total, nextCursor: next };
    },
  };
}

export type QuotesRepository = ReturnType<typeof createQuotesRepository>;
export type { QuoteRow };
