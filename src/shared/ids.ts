import { monotonicFactory } from 'ulid';

// ULIDs: 26 upper-case Crockford base32 characters that sort by creation time. The monotonic factory keeps that
// order for ids made within the same millisecond.
const next = monotonicFactory();

export function newId(now: number = Date.now()): string {
  return next(now);
}

export const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
