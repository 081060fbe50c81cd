import fc from 'fast-check';

// fast-check generators for hostile input: strings an attacker or a broken client sends, values of the wrong
// type, keys that target prototypes, structures nested deep enough to overflow a recursive walker, and
// mutations of valid bodies (one field wrong at a time finds more than random noise does).

/** Text that is valid Unicode but awkward: NUL, controls, right-to-left marks, emoji sequences, combining marks. */
export const awkwardText = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '\u0007\u0008\u001b[31m',
  '\u202eRTL override\u202c',
  'مرحبا بالعالم',
  'שלום עולם',
  '👩‍👩‍👧‍👦',
  '🇺🇦🇰🇷',
  'e\u0301',
  '\ufeffBOM',
  '\r\n\t',
  '<script>alert(1)</script>',
  "'; DROP TABLE articles; --",
  '" OR 1=1 --',
  'NEAR(a b) * ^ "',
  '%00%2F..%2F',
  '../../etc/passwd',
  'javascript:alert(1)',
  '\u2028\u2029',
  '𝕳𝖊𝖆𝖉𝖑𝖎𝖓𝖊',
);

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

export const hostileString = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 2 },
  { arbitrary: awkwardText, weight: 3 },
  { arbitrary: fc.constantFrom('', ' ', '0', '20', '-1', '1e3', 'NaN', 'null', 'true', '[]', '{}'), weight: 2 },
  { arbitrary: fc.constantFrom('http://x', 'https://', 'ftp://a.b/c', 'https://example.org/p.jpg'), weight: 1 },
  { arbitrary: fc.constantFrom('2025-13-45T99:99:99Z', '2025-01-10T09:30:00+02:00', '1700000000'), weight: 1 },
  { arbitrary: fc.string({ unit: loneSurrogate, minLength: 1, maxLength: 3 }), weight: 1 },
  // Huge strings (a body stays under the 1 MiB limit, so the validators, not the limit, must refuse them).
  { arbitrary: fc.integer({ min: 301, max: 200_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
);

/**
 * Deep nesting is generated as a short placeholder string and expanded only in the serialized text (see
 * `toJsonText`): neither fast-check's reporter nor JSON.stringify, both recursive, would survive the real thing.
 */
export const deepPlaceholder = (depth: number) => `\u0001DEEP:${depth}\u0001`;

/** JSON text of `value`, with each deep placeholder replaced by an array nested that many levels: `[[[…]]]`. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0001DEEP:(\d+)\\u0001"/g, (_match, depth: string) =>
    nestedText(Number(depth)),
  );
}

export function nestedText(depth: number, leaf = '"deep"'): string {
  return `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
}

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 6 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: fc.constantFrom(null, true, false, 0, -1, 1e308, 0.5, 2 ** 53 + 1), weight: 2 },
  { arbitrary: fc.integer({ min: 10, max: 100_000 }).map(deepPlaceholder), weight: 1 },
  { arbitrary: fc.array(hostileString, { maxLength: 5 }), weight: 1 },
);

export const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'hedline', 'id', 'createdAt', '', ' ', 'toString'),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

/** Sets an own, enumerable property even for `__proto__`, so JSON.stringify writes the key out. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

type Path = Array<string | number>;

/** Every path into a JSON value (objects and arrays), the root included. */
export function pathsOf(value: unknown): Path[] {
  const out: Path[] = [];
  const stack: Array<{ value: unknown; path: Path }> = [{ value, path: [] }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    out.push(item.path);
    if (Array.isArray(item.value)) {
      for (const [i, v] of item.value.entries()) stack.push({ value: v, path: [...item.path, i] });
    } else if (item.value && typeof item.value === 'object') {
      for (const [k, v] of Object.entries(item.value)) stack.push({ value: v, path: [...item.path, k] });
    }
  }
  return out;
}

export type Mutation =
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number; key: string; value: unknown };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: hostileValue }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: hostileKey, value: hostileValue }),
);

/** Applies mutations to a deep copy of `template`, each at a path chosen among the copy's current paths. */
export function mutate(template: unknown, mutations: readonly Mutation[]): unknown {
  let root: unknown = structuredClone(template);
  for (const m of mutations) {
    const paths = pathsOf(root);
    const path = paths[m.at % paths.length]!;
    if (path.length === 0) {
      if (m.kind === 'set') root = m.value;
      else if (m.kind === 'add' && root && typeof root === 'object' && !Array.isArray(root)) {
        setOwn(root as Record<string, unknown>, m.key, m.value);
      }
      continue;
    }
    let parent = root as Record<string | number, unknown>;
    for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
    const last = path.at(-1)!;
    if (m.kind === 'set') parent[last] = m.value;
    else if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else {
      const target = parent[last];
      if (target && typeof target === 'object' && !Array.isArray(target)) {
        setOwn(target as Record<string, unknown>, m.key, m.value);
      } else parent[last] = m.value;
    }
  }
  return root;
}

/** Raw-byte damage to a serialized body: invalid UTF-8, NUL bytes, truncation, a flipped byte. */
export const byteDamage = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.constantFrom(
      [0xff],
      [0xc3],
      [0xe2, 0x82],
      [0xed, 0xa0, 0x80],
      [0xc0, 0xaf],
      [0x00],
      [0xf4, 0x90, 0x80, 0x80],
    ),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
);

export function damage(body: Buffer, d: DamageSpec): Buffer {
  if (body.length === 0) return body;
  const at = d.at % body.length;
  if (d.kind === 'truncate') return body.subarray(0, at);
  if (d.kind === 'flip') {
    const copy = Buffer.from(body);
    copy[at] = copy[at]! ^ (1 << d.bit);
    return copy;
  }
  return Buffer.concat([body.subarray(0, at), Buffer.from(d.bytes), body.subarray(at)]);
}

export type DamageSpec =
  | { kind: 'insert'; at: number; bytes: readonly number[] }
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number };

/** Header values a broken or hostile client sends (printable ASCII and Latin-1, as HTTP allows). */
export const headerValue = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
  fc.string({ unit: fc.integer({ min: 0xa0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 10 }),
  fc.constantFrom('', ' ', '*', 'W/"x"', '"x"', 'null', 'Bearer', 'Bearer ', 'Basic YTpi', 'bearer  x  y'),
);

/** A query-string or path fragment: encoded random text, or raw junk the URL parser must survive. */
export const urlPart = fc.oneof(
  hostileString.map((s) => encodeURIComponent(s.replace(/\p{Cs}/gu, '\ufffd'))),
  fc.constantFrom(
    '%',
    '%zz',
    '%E0%A4%A',
    '%00',
    '%2F',
    '..',
    '%2e%2e',
    '&&',
    '==',
    '%C0%AF',
    '%ED%A0%80',
    '+',
    '[]',
    'a[b]=c',
  ),
);
