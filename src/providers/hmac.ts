// HMAC-SHA256 signatures over a webhook's raw body, as hex: GitHub, Bitbucket Cloud and Gitea
// sign this way (each in its own header and prefix). Checked against every secret (current and,
// during rotation, previous) in constant time; anything malformed simply does not match.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmacSha256Matches(rawBody: Buffer, hex: string | undefined, secrets: string[]): boolean {
  if (!/^[0-9a-f]{64}$/i.test(hex ?? '')) return false;
  const given = Buffer.from(hex!, 'hex');
  return secrets.filter((secret) => secret.length > 0).some((secret) => timingSafeEqual(createHmac('sha256', secret).update(rawBody).digest(), given));
}
