import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeNul, encodeNul } from '../../src/db/pg-text.js';

describe('NUL in PostgreSQL text (pg-text.ts)', () => {
  it('writes no NUL, and reads back every string exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '0', '\u0000', '\uffff', 'é', '\\') }), (value) => {
        const stored = encodeNul(value);
        expect(stored.includes('\u0000')).toBe(false);
        expect(decodeNul(stored)).toBe(value);
      }),
      { numRuns: 2_000 },
    );
  });

  it('leaves text without NUL or U+FFFF as it is', () => {
    expect(encodeNul('Kursk: "the front"')).toBe('Kursk: "the front"');
    expect(encodeNul('a\u0000b')).toBe('a\uffff0b');
    expect(encodeNul('\uffff0')).toBe('\uffff\uffff0');
    expect(decodeNul('\uffff\uffff0')).toBe('\uffff0');
  });
});
