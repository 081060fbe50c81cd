import type { ArticleStatus } from '../db/enums.js';
import type { ListStatus } from './articles.schemas.js';

export type { ArticleStatus };
export type PublishState = { status: ArticleStatus; publishedAt: number | null };

/**
 * The status and publishedAt an article has after a write. publishedAt is set to now on the first publish when
 * none is given, and kept when an article is published again (an archived story keeps its original date); a
 * draft may carry a planned time. A future publishedAt on a published article schedules it: whether it is
 * public is decided at read time by comparing with the clock, so no job has to flip it.
 */
export function nextPublishState(
  current: PublishState | null,
  patch: { status?: ArticleStatus; publishedAt?: number | null },
  now: number,
): PublishState {
  const status = patch.status ?? current?.status ?? 'draft';
  let publishedAt = patch.publishedAt !== undefined ? patch.publishedAt : (current?.publishedAt ?? null);
  if (status === 'published' && publishedAt === null) publishedAt = now;
  return { status, publishedAt };
}

/** Public: published and its time has come. */
export function isPublic(state: PublishState, now: number): boolean {
  return state.status === 'published' && state.publishedAt !== null && state.publishedAt <= now;
}

/**
 * The SQL condition (on the articles table) for each `status` a list may ask for. `timeIndexed` says whether the
 * list is sorted by publishedAt: when it is not, the time comparison is written `+published_at` (SQLite's way to
 * keep a term off the index) so the planner walks the (status, <sort column>) index in order instead of ranging
 * over publishedAt and sorting every match.
 */
export function statusCondition(status: ListStatus, timeIndexed = true): { sql: string; needsNow: boolean } {
  const time = timeIndexed ? 'published_at' : '+published_at';
  switch (status) {
    case 'published':
      return { sql: `status = 'published' AND ${time} <= ?`, needsNow: true };
    case 'scheduled':
      return { sql: `status = 'published' AND ${time} > ?`, needsNow: true };
    case 'draft':
      return { sql: "status = 'draft'", needsNow: false };
    case 'archived':
      return { sql: "status = 'archived'", needsNow: false };
    case 'any':
      return { sql: '', needsNow: false };
  }
}
