// Contract: publishedAt is set on first publish, kept on re-publish, and a future time schedules an article.
import { describe, expect, it } from 'vitest';
import { isPublic, nextPublishState } from '../../src/articles/publishing.js';

const now = 1_700_000_000_000;

describe('nextPublishState', () => {
  it('makes a draft with no time by default', () => {
    expect(nextPublishState(null, {}, now)).toEqual({ status: 'draft', publishedAt: null });
  });
  it('lets a draft carry a planned time', () => {
    expect(nextPublishState(null, { publishedAt: now + 5 }, now)).toEqual({ status: 'draft', publishedAt: now + 5 });
  });
  it('sets now on first publish when no time is given', () => {
    expect(nextPublishState({ status: 'draft', publishedAt: null }, { status: 'published' }, now)).toEqual({
      status: 'published',
      publishedAt: now,
    });
  });
  it('keeps the time on a re-publish', () => {
    expect(nextPublishState({ status: 'archived', publishedAt: 42 }, { status: 'published' }, now).publishedAt).toBe(
      42,
    );
  });
  it('uses a planned time on publish', () => {
    expect(nextPublishState({ status: 'draft', publishedAt: now + 10 }, { status: 'published' }, now).publishedAt).toBe(
      now + 10,
    );
  });
  it('never leaves a published article without a time', () => {
    expect(nextPublishState({ status: 'published', publishedAt: 42 }, { publishedAt: null }, now).publishedAt).toBe(
      now,
    );
  });
});

describe('isPublic', () => {
  it('is true only for published articles whose time has come', () => {
    expect(isPublic({ status: 'published', publishedAt: now }, now)).toBe(true);
    expect(isPublic({ status: 'published', publishedAt: now + 1 }, now)).toBe(false);
    expect(isPublic({ status: 'draft', publishedAt: now - 1 }, now)).toBe(false);
    expect(isPublic({ status: 'archived', publishedAt: now - 1 }, now)).toBe(false);
  });
});
