import { createHash, randomBytes } from 'node:crypto';

/** A random bearer value: prefix + 32 random bytes, base64url. */
export function randomToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Tokens are high-entropy, so a plain SHA-256 is a sufficient lookup hash. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
