// PostgreSQL cannot store the NUL character (U+0000) in text (SQLSTATE 22021), and SQLite can: the API stores any
// valid Unicode text, NUL included, on both engines (test/reliability/text-fidelity.test.ts). On PostgreSQL every
// text column (schema.pg.ts `text`) writes NUL as U+FFFF followed by "0", and U+FFFF itself as U+FFFF twice, so
// the mapping is reversible for every string; every text value read is mapped back (pg-client.ts registers
// decodeNul as the driver's parser for text). U+FFFF is a noncharacter, so real text almost never meets either
// branch, and a string without it is passed through as it is. Only texts holding NUL or U+FFFF sort differently
// from SQLite (after other text rather than before).

const NUL = '\u0000';
const ESCAPE = '\uffff';

/** Text as PostgreSQL stores it: NUL and the escape character escaped. */
export function encodeNul(value: string): string {
  if (!value.includes(NUL) && !value.includes(ESCAPE)) return value;
  let out = '';
  for (const char of value) {
    if (char === NUL) out += `${ESCAPE}0`;
    else if (char === ESCAPE) out += ESCAPE + ESCAPE;
    else out += char;
  }
  return out;
}

/** Text as it was written (the inverse of encodeNul). */
export function decodeNul(value: string): string {
  if (!value.includes(ESCAPE)) return value;
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i];
    if (char === ESCAPE && i + 1 < value.length) {
      out += value[i + 1] === '0' ? NUL : ESCAPE;
      i += 1;
    } else {
      out += char;
    }
  }
  return out;
}
