// The GitHub App's own identity: a JSON Web Token signed RS256 with the App's private key, which
// GitHub accepts on the /app endpoints (e.g. to mint installation tokens).
// https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app
import { createPrivateKey, type KeyObject, sign } from 'node:crypto';

/** GitHub refuses an `exp` more than ten minutes after `iat`. */
export const JWT_LIFETIME_SECONDS = 10 * 60;
/** `iat` is set this far in the past, so a server whose clock runs slightly ahead of GitHub's is still believed. */
export const JWT_BACKDATE_SECONDS = 60;

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export interface AppJwtSigner {
  /** A JWT valid from a minute ago for nine more minutes (ten in all). */
  sign(): string;
}

/** `issuer` is the App's client ID (GitHub also accepts the numeric App ID). */
export function createAppJwtSigner(options: { issuer: string; privateKey: string | KeyObject; now?: () => number }): AppJwtSigner {
  const key = typeof options.privateKey === 'string' ? createPrivateKey(options.privateKey) : options.privateKey;
  const now = options.now ?? Date.now;
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  return {
    sign() {
      const iat = Math.floor(now() / 1000) - JWT_BACKDATE_SECONDS;
      const claims = base64url(JSON.stringify({ iat, exp: iat + JWT_LIFETIME_SECONDS, iss: options.issuer }));
      const signature = sign('sha256', Buffer.from(`${header}.${claims}`), key);
      return `${header}.${claims}.${base64url(signature)}`;
    },
  };
}
