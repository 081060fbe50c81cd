// Contract: cursors are opaque and checked, ETags compare as RFC 9110 says, and search input cannot inject FTS5 syntax.
import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../../src/http/problems.js';
import { decodeCursor, encodeCursor } from '../../src/shared/cursor.js';
import { ifMatchFails, makeEtag, noneMatch } from '../../src/shared/etag.js';
import { toFtsQuery } from '../../src/shared/fts.js';
import { afterCursor, parseSort } from '../../src/shared/keyset.js';

describe('cursor', () => {
  it('round-trips and is URL-safe', () => {
    const raw = encodeCursor({ sort: '-publishedAt', value: 1736501400000, id: '01JGB1R6ZQ8K9V3M2N4P5Q6R7S' });
    expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(raw, '-publishedAt')).toEqual({
      sort: '-publishedAt',
      value: 1736501400000,
      id: '01JGB1R6ZQ8K9V3M2N4P5Q6R7S',
    });
  });
  it.each([
    '!!',
    'bm90IGpzb24',
    Buffer.from('[1,2]').toString('base64url'),
    Buffer.from('["x",{},"id"]').toString('base64url'),
  ])('refuses %s with a 400 naming cursor', (raw) => {
    try {
      decodeCursor(raw, '-publishedAt');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HttpProblem);
      expect((error as HttpProblem).status).toBe(400);
      expect((error as HttpProblem).extras.errors?.[0]?.path).toBe('cursor');
    }
  });
  it('refuses a cursor made for another sort', () => {
    const raw = encodeCursor({ sort: 'createdAt', value: 1, id: 'x' });
    expect(() => decodeCursor(raw, '-createdAt')).toThrow(HttpProblem);
  });
});

describe('etag', () => {
  const etag = makeEtag('a', 3, 1700000000000);
  it('is a quoted strong tag', () => expect(etag).toMatch(/^"[a-z0-9.]+"$/));
  it('If-None-Match: weak comparison, lists and *', () => {
    expect(noneMatch(etag, etag)).toBe(true);
    expect(noneMatch(`W/${etag}`, etag)).toBe(true);
    expect(noneMatch(`"x", ${etag}`, etag)).toBe(true);
    expect(noneMatch('*', etag)).toBe(true);
    expect(noneMatch('"x"', etag)).toBe(false);
    expect(noneMatch(undefined, etag)).toBe(false);
  });
  it('If-Match: strong comparison', () => {
    expect(ifMatchFails(undefined, etag)).toBe(false);
    expect(ifMatchFails(etag, etag)).toBe(false);
    expect(ifMatchFails('*', etag)).toBe(false);
    expect(ifMatchFails(`W/${etag}`, etag)).toBe(true);
    expect(ifMatchFails('"other"', etag)).toBe(true);
  });
});

describe('toFtsQuery', () => {
  it('quotes every word and makes the last a prefix', () => {
    expect(toFtsQuery('North Korean sol')).toBe('"North" "Korean" "sol"*');
  });
  it('drops FTS5 syntax', () => {
    expect(toFtsQuery('title:"x" OR NEAR(a b) -c *')).toBe('"title" "x" "OR" "NEAR" "a" "b" "c"*');
    expect(toFtsQuery('"*)(')).toBeNull();
    expect(toFtsQuery('')).toBeNull();
  });
});

describe('keyset', () => {
  const columns = {
    publishedAt: { column: 'published_at', nullable: true },
    createdAt: { column: 'created_at', nullable: false },
  };
  it('continues after a value, tie-broken by id, NULLs last when descending', () => {
    const spec = parseSort('-publishedAt', columns);
    expect(afterCursor(spec, { sort: '-publishedAt', value: 5, id: 'B' })).toEqual({
      sql: '((published_at < ? OR (published_at = ? AND id < ?)) OR published_at IS NULL)',
      params: [5, 5, 'B'],
    });
    expect(afterCursor(spec, { sort: '-publishedAt', value: null, id: 'B' }).sql).toBe(
      '(published_at IS NULL AND id < ?)',
    );
  });
  it('ascending: after a NULL come the other NULLs and every value', () => {
    const spec = parseSort('createdAt', columns);
    expect(afterCursor(spec, { sort: 'createdAt', value: 5, id: 'B' }).sql).toBe(
      '(created_at > ? OR (created_at = ? AND id > ?))',
    );
    const nullable = parseSort('publishedAt', columns);
    expect(afterCursor(nullable, { sort: 'publishedAt', value: null, id: 'B' }).sql).toBe(
      '((published_at IS NULL AND id > ?) OR published_at IS NOT NULL)',
    );
  });
});
