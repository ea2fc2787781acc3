import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// AES-256-GCM envelope: "v1:<key id>:<nonce>:<ciphertext>:<tag>" (base64url parts).
// The key id travels with each value so old values stay readable during a key rotation.

const VERSION = 'v1';

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/** A stable, non-secret id for a key: the first 8 bytes of its SHA-256. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export class SecretBox {
  private readonly keys: Map<string, Buffer>;

  /** `keys[0]` seals new values; all of them open old ones. */
  constructor(keys: Buffer[]) {
    if (keys.length === 0) throw new SecretBoxError('A secret box needs at least one key');
    for (const key of keys) if (key.length !== 32) throw new SecretBoxError('Master keys must be 32 bytes');
    this.keys = new Map(keys.map((k) => [keyIdOf(k), k]));
    this.currentId = keyIdOf(keys[0]);
  }

  readonly currentId: string;

  seal(plaintext: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId)!, nonce);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.currentId, nonce.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(':');
  }

  open(sealed: string): string {
    const [version, keyId, nonce, body, tag] = sealed.split(':');
    if (version !== VERSION || !keyId || nonce === undefined || body === undefined || tag === undefined) {
      throw new SecretBoxError('Not a sealed secret');
    }
    const key = this.keys.get(keyId);
    if (!key) throw new SecretBoxError(`Secret was sealed with key ${keyId}, which is not loaded`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('Secret failed authentication: it was altered or sealed with another key');
    }
  }

  keyIdOfSealed(sealed: string): string | null {
    const [version, keyId] = sealed.split(':');
    return version === VERSION && keyId ? keyId : null;
  }
}
