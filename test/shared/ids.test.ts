// Contract: ids are ULIDs (26 Crockford base32 characters) that are unique and sort by creation time, also for ids
// made within one millisecond, drawn from a pooled source of randomness.
import { describe, expect, it } from 'vitest';
import { ID_PATTERN, newId } from '../../src/shared/ids.js';

describe('newId', () => {
  it('makes well-formed, unique ids that sort in the order they were made, within one millisecond too', () => {
    const now = Date.now();
    const ids = Array.from({ length: 10_000 }, (_, i) => newId(now + Math.floor(i / 1000)));
    for (const id of ids) expect(id).toMatch(ID_PATTERN);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('varies the random part between milliseconds (more than the pool of 4,096 bytes holds)', () => {
    const start = Date.now() + 1_000_000;
    const randoms = Array.from({ length: 2_000 }, (_, i) => newId(start + i).slice(10));
    expect(new Set(randoms).size).toBe(randoms.length);
    const firstChars = new Set(randoms.map((random) => random[0]));
    expect(firstChars.size).toBe(32);
  });
});
