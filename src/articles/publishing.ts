import type { ArticleStatus } from '../db/enums.js';

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
