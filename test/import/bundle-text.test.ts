// Unit: a bundle's text is refused by the rules of every JSON body (json-body.ts): __proto__ and constructor keys,
// plain or spelled with escapes, and unpaired surrogates; the same words as values, or paired escapes, pass.
import { describe, expect, it } from 'vitest';
import { parseBundleText } from '../../src/import/bundle-text.js';
import { BundleTextError } from '../../src/import/import.store.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const reason = (text: string) => {
  try {
    parseBundleText(bytes(text));
    return 'ok';
  } catch (error) {
    if (error instanceof BundleTextError) return error.reason;
    throw error;
  }
};

describe('parseBundleText', () => {
  it.each([
    ['{"articles":[{"__proto__":{"x":1}}]}'],
    ['{"articles":[{"\\u005f_proto__":{"x":1}}]}'],
    ['{"quotes":[{"constructor" :{"prototype":{}}}]}'],
    ['{"quotes":[{"\\u0063onstructor":{}}]}'],
  ])('refuses a suspect key: %s', (text) => {
    expect(reason(text)).toBe('suspect');
  });

  it.each([
    ['{"articles":[{"slug":"a","headline":"The __proto__ of a constructor"}]}'],
    ['{"articles":[{"slug":"a","headline":"caf\\u00e9 \\ud83d\\ude00 constructor"}]}'],
    ['{"articles":[]}'],
  ])('parses text that only names them, or holds paired escapes: %s', (text) => {
    expect(reason(text)).toBe('ok');
  });

  it('refuses an unpaired surrogate, naming where it is', () => {
    try {
      parseBundleText(bytes('{"articles":[{"slug":"a","headline":"x\\ud800y"}]}'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BundleTextError);
      expect((error as BundleTextError).reason).toBe('surrogates');
      expect((error as BundleTextError).paths).toEqual(['articles[0].headline']);
    }
  });

  it('refuses bytes that are not UTF-8, and text that is not JSON', () => {
    expect(() => parseBundleText(new Uint8Array([0x7b, 0xff, 0x7d]))).toThrow(BundleTextError);
    expect(reason('{"articles":[')).toBe('json');
  });
});
