import { getRandomValues } from 'node:crypto';
import { monotonicFactory } from 'ulid';

// ULIDs: 26 upper-case Crockford base32 characters that sort by creation time. The monotonic factory keeps that
// order for ids made within the same millisecond.
// NOTE: ulid's own source of randomness asks the OS (getRandomValues) for one byte per character, 16 calls per
// id: ~3% of a create's CPU. The same bytes drawn from a pool refilled 4 KiB at a time; byte / 256 picks one of
// the 32 characters uniformly (256 is a multiple of 32), as ulid's does.
const pool = new Uint8Array(4096);
let taken = pool.length;
function pooledRandom(): number {
  if (taken === pool.length) {
    getRandomValues(pool);
    taken = 0;
  }
  return pool[taken++]! / 256;
}

const next = monotonicFactory(pooledRandom);

export function newId(now: number = Date.now()): string {
  return next(now);
}

export const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
