import type { quotes } from '../db/schema.js';
import type { QuoteCreate, QuoteListQuery, QuoteUpdate } from './quotes.schemas.js';

/** A quote as stored (camelCase, inferred from src/db/schema.ts; speakerType from src/db/enums.ts). */
export type QuoteRecord = typeof quotes.$inferSelect;

export type QuoteCreateOptions = {
  /** The bundle key an import matched it by; null for a quote made through the API. */
  key?: string | null;
  now?: number;
};

/** Runs inside the write on the current row, e.g. the If-Match check; throws to refuse the write. */
export type QuoteCheck = (current: QuoteRecord) => void;

/** Narrows a list to the quotes one article uses (its id, already resolved from an id or slug). */
export type QuoteListFilter = { articleId?: string };

export type QuotePage = { rows: QuoteRecord[]; total: number; nextCursor: string | null };

/**
 * The quotes, whatever the engine: every method is one whole operation, atomic inside the implementation (on
 * SQLite one transaction through db.writer, see src/db/README.md). Unknown ids are the contract's 404.
 */
export interface QuotesStore {
  find(id: string): Promise<QuoteRecord | undefined>;
  /** The quote, or the 404 problem. */
  get(id: string): Promise<QuoteRecord>;
  /** Every quote named that exists, by id, in one query. */
  findManyByIds(ids: readonly string[]): Promise<Map<string, QuoteRecord>>;
  /** A page of the list and the list's total. */
  list(query: QuoteListQuery, filter?: QuoteListFilter): Promise<QuotePage>;
  create(input: QuoteCreate, options?: QuoteCreateOptions): Promise<QuoteRecord>;
  /** A partial update; `check` runs on the current row inside the write (If-Match). */
  update(id: string, patch: QuoteUpdate, check?: QuoteCheck): Promise<QuoteRecord>;
  /** Deletes a quote no article uses; otherwise the 409 naming the articles. */
  delete(id: string, check?: QuoteCheck): Promise<void>;
}

/** Case folding for the speaker filter (`speakerKey`): Unicode-aware, unlike SQLite's NOCASE. */
export function foldSpeaker(speaker: string): string {
  return speaker.normalize('NFC').toLowerCase();
}
