import { SURROGATE_ESCAPE, unpairedSurrogatePaths } from '../http/json-body.js';
import { BundleTextError } from './import.store.js';

/** secure-json-parse's tests (what Fastify's JSON parser refuses): a `__proto__` or `constructor` key. */
const SUSPECT_PROTO =
  /"(?:_|\\u005[Ff])(?:_|\\u005[Ff])(?:p|\\u0070)(?:r|\\u0072)(?:o|\\u006[Ff])(?:t|\\u0074)(?:o|\\u006[Ff])(?:_|\\u005[Ff])(?:_|\\u005[Ff])"\s*:/;
const SUSPECT_CONSTRUCTOR =
  /"(?:c|\\u0063)(?:o|\\u006[Ff])(?:n|\\u006[Ee])(?:s|\\u0073)(?:t|\\u0074)(?:r|\\u0072)(?:u|\\u0075)(?:c|\\u0063)(?:t|\\u0074)(?:o|\\u006[Ff])(?:r|\\u0072)"\s*:/;

/** The bundle's JSON text as a value, by the rules of every JSON body (json-body.ts); else a BundleTextError. */
export function parseBundleText(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BundleTextError('utf8', 'The bundle is not valid UTF-8.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BundleTextError('json', (error as Error).message, [], bytes);
  }
  // NOTE: each test first looks for plain text its pattern needs (a fast substring search) and runs the regular
  // expression only where it could match: over 33 MB of bundle, the three expressions cost ~55 ms, the searches
  // a few. A key spelled with escapes needs a `\u`; spelled plainly, it contains the word itself.
  const escapes = text.includes('\\u');
  const suspect = (word: string, pattern: RegExp) => (escapes || text.includes(word)) && pattern.test(text);
  if (suspect('__proto__', SUSPECT_PROTO) || suspect('constructor', SUSPECT_CONSTRUCTOR)) {
    throw new BundleTextError('suspect', 'The bundle has a __proto__ or constructor key.', [], bytes);
  }
  const paths = escapes && SURROGATE_ESCAPE.test(text) ? unpairedSurrogatePaths(value) : [];
  if (paths.length > 0) throw new BundleTextError('surrogates', 'The bundle holds unpaired surrogates.', paths);
  return value;
}
