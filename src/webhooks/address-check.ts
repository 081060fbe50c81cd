import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

// Outbound safety for webhook URLs: a webhook must not become a way to make the server call loopback, private or
// link-local addresses (an internal admin panel, a cloud metadata endpoint). ipaddr.js names every special range
// (RFC 6890 and friends); only `unicast` is public.

/** Whether an IP address (v4 or v6, no brackets) is public; IPv4-mapped IPv6 is judged as the IPv4 it carries. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

/** A URL's host without IPv6 brackets or the trailing dot of a fully qualified name, in lower case. */
export function bareHost(url: URL): string {
  return url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

/**
 * Why a webhook URL may not be saved, or null. Only what the URL itself says is checked here (an IP literal that
 * is not public, `localhost`); names are resolved and checked at every delivery (dispatcher.ts).
 */
export function refusedUrl(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (allowPrivate) return null;
  const host = bareHost(url);
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return 'names localhost: deliveries to this host are refused (WEBHOOK_ALLOW_PRIVATE=true allows them)';
  }
  if (isIP(host) !== 0 && !isPublicAddress(host)) {
    return 'is a loopback, private, link-local or other non-public address (WEBHOOK_ALLOW_PRIVATE=true allows it)';
  }
  return null;
}
