import { makeEtag } from '../shared/etag.js';
import { toIso, toIsoOrNull } from '../shared/time.js';
import type { Quote } from './quotes.schemas.js';
import type { QuoteRecord } from './quotes.store.js';

// The stored record → the API's Quote, explicitly, so no internal column (seq, key, speakerKey) can leak.

export function toQuote(row: QuoteRecord): Quote {
  return {
    id: row.id,
    text: row.text,
    speaker: row.speaker,
    speakerType: row.speakerType,
    speakerRole: row.speakerRole,
    organisation: row.organisation,
    channel: row.channel,
    sourceUrl: row.sourceUrl,
    saidAt: toIsoOrNull(row.saidAt),
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

/** The one ETag of a quote: its version (bumped by every write) and update time. */
export function quoteEtag(row: Pick<QuoteRecord, 'version' | 'updatedAt'>): string {
  return makeEtag('q', row.version, row.updatedAt);
}
