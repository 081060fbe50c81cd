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
  if (SUSPECT_PROTO.test(text) || SUSPECT_CONSTRUCTOR.test(text)) {
    throw new BundleTextError('suspect', 'The bundle has a __proto__ or constructor key.', [], bytes);
  }
  const paths = SURROGATE_ESCAPE.test(text) ? unpairedSurrogatePaths(value) : [];
  if (paths.length > 0) throw new BundleTextError('surrogates', 'The bundle holds unpaired surrogates.', paths);
  return value;
}
