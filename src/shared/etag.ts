// ETags are made from what the database already knows changes with the representation (a version counter and
// update times), so no response body is ever hashed to make one.
export function makeEtag(...parts: Array<string | number>): string {
  return `"${parts.map((part) => (typeof part === 'number' ? part.toString(36) : part)).join('.')}"`;
}

function listTags(header: string): string[] {
  return header
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

/** If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/ prefixes are ignored. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const strip = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);
  return listTags(header).some((tag) => strip(tag) === strip(etag));
}

/** If-Match uses the strong comparison (RFC 9110 13.1.1): a weak tag never matches. */
export function ifMatchFails(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return false;
  return !listTags(header).some((tag) => !tag.startsWith('W/') && tag === etag);
}
