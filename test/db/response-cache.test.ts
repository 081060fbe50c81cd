// The caches over the change feed (src/db/change-watch.ts) and the render memo (articles/article-renders.ts): an
// answer read before a write, whose store comes after another request has already emptied the cache for that write,
// is not kept.
import { describe, expect, it } from 'vitest';
import { createRenderMemo } from '../../src/articles/article-renders.js';
import { type ChangeFeed, createDerivedCache, createResponseCache } from '../../src/db/change-watch.js';

/** A feed whose watches say "changed" once after each `write()`. */
function fakeFeed() {
  let generation = 0;
  const feed: ChangeFeed = {
    watch() {
      let last = -1;
      return {
        changed() {
          const moved = generation !== last;
          last = generation;
          return moved;
        },
      };
    },
  };
  return { feed, write: () => (generation += 1) };
}

const limits = { maxEntries: 10, maxBytes: 10_000 };

describe('createResponseCache', () => {
  it('keeps an answer stored with the epoch of its lookup', () => {
    const { feed } = fakeFeed();
    const cache = createResponseCache<{ json: string }>(feed, limits);
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', { json: 'v1' }, cache.epoch());
    expect(cache.get('k')).toEqual({ json: 'v1' });
  });

  it('drops an answer read before a write once another lookup has emptied the cache', () => {
    const { feed, write } = fakeFeed();
    const cache = createResponseCache<{ json: string }>(feed, limits);
    cache.get('other');
    // Request 1 misses and starts reading the old state.
    expect(cache.get('k')).toBeUndefined();
    const since = cache.epoch();
    // A write commits; request 2 looks up (the cache empties) and starts reading the new state.
    write();
    expect(cache.get('k')).toBeUndefined();
    const since2 = cache.epoch();
    // Request 1 ends: its answer predates the write and is not kept.
    cache.set('k', { json: 'old' }, since);
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', { json: 'new' }, since2);
    expect(cache.get('k')).toEqual({ json: 'new' });
  });
});

describe('createDerivedCache', () => {
  it('drops a value read before a write once another lookup has emptied the cache', () => {
    const { feed, write } = fakeFeed();
    const cache = createDerivedCache<number>(feed, { maxEntries: 10 });
    expect(cache.get('total', 0)).toBeUndefined();
    const since = cache.epoch();
    write();
    expect(cache.get('total', 0)).toBeUndefined();
    cache.set('total', 1, Number.POSITIVE_INFINITY, since);
    expect(cache.get('total', 0)).toBeUndefined();
    cache.set('total', 2, Number.POSITIVE_INFINITY, cache.epoch());
    expect(cache.get('total', 0)).toBe(2);
  });
});

describe('createRenderMemo', () => {
  it('drops a rendering read before an image or quote write once another request has forgotten everything', () => {
    let changed = true;
    const memo = createRenderMemo(() => changed, { full: limits, card: limits });
    memo.sync();
    changed = false;
    const since = memo.epoch();
    // An image is edited while the rendering is read; another request syncs (forgets everything) meanwhile.
    changed = true;
    memo.sync();
    changed = false;
    memo.set('full', 'a1', { state: '1:1', json: '{"old":true}', etag: '"x"' }, since);
    expect(memo.get('full', 'a1', '1:1')).toBeUndefined();
    memo.set('full', 'a1', { state: '1:1', json: '{"new":true}', etag: '"y"' }, memo.epoch());
    expect(memo.get('full', 'a1', '1:1')?.json).toBe('{"new":true}');
  });
});
