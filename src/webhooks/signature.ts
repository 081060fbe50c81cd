import { createHmac, randomBytes } from 'node:crypto';

// Standard Webhooks (https://www.standardwebhooks.com): a secret is `whsec_` + base64 of random bytes; a
// signature is `v1,` + base64 of HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the
// secret's decoded bytes. The `standardwebhooks` npm package verifies what this makes (test/webhooks).

export const SECRET_PREFIX = 'whsec_';

/** 32 random bytes (the contract asks for at least 24). */
export function newSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** How long after a rotation deliveries also carry the replaced secret's signature. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

/** The `webhook-signature` header: the current secret's signature, then the replaced one's within 24 h. */
export function signatureHeader(
  secrets: { secret: string; previousSecret: string | null; rotatedAt: number | null },
  id: string,
  timestamp: number,
  body: string,
  now: number,
): string {
  const signatures = [sign(secrets.secret, id, timestamp, body)];
  if (secrets.previousSecret && secrets.rotatedAt !== null && now - secrets.rotatedAt < ROTATION_OVERLAP_MS) {
    signatures.push(sign(secrets.previousSecret, id, timestamp, body));
  }
  return signatures.join(' ');
}
