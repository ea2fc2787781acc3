import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKey, keyringPath, loadMasterKeys } from './master-key.ts';
import { keyIdOf, SecretBox } from './secret-box.ts';

describe('SecretBox', () => {
  const key = Buffer.alloc(32, 7);

  it('round-trips and never repeats a ciphertext', () => {
    const box = new SecretBox([key]);
    const a = box.seal('ghp_example');
    const b = box.seal('ghp_example');
    expect(a).not.toEqual(b);
    expect(a).not.toContain('ghp_example');
    expect(box.open(a)).toBe('ghp_example');
    expect(box.keyIdOfSealed(a)).toBe(keyIdOf(key));
  });

  it('detects tampering with the ciphertext, nonce or tag', () => {
    const box = new SecretBox([key]);
    const parts = box.seal('secret').split(':');
    for (const index of [2, 3, 4]) {
      const altered = [...parts];
      const bytes = Buffer.from(altered[index], 'base64url');
      bytes[0] ^= 1;
      altered[index] = bytes.toString('base64url');
      expect(() => box.open(altered.join(':'))).toThrow(/altered/);
    }
    expect(() => box.open('garbage')).toThrow(/Not a sealed secret/);
  });

  it('refuses a value sealed under a key it does not hold', () => {
    const sealed = new SecretBox([key]).seal('secret');
    expect(() => new SecretBox([Buffer.alloc(32, 8)]).open(sealed)).toThrow(/not loaded/);
  });

  it('opens values sealed under a previous key and seals new ones under the current key', () => {
    const old = new SecretBox([key]).seal('secret');
    const next = Buffer.alloc(32, 9);
    const rotated = new SecretBox([next, key]);
    expect(rotated.open(old)).toBe('secret');
    const resealed = rotated.seal(rotated.open(old));
    expect(rotated.keyIdOfSealed(resealed)).toBe(keyIdOf(next));
    expect(new SecretBox([next]).open(resealed)).toBe('secret');
  });
});

describe('master key', () => {
  it('creates a 0600 keyring on first start and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-key-'));
    const first = loadMasterKeys({ dataDir: dir, secretKey: null, create: true });
    expect(fs.statSync(keyringPath(dir)).mode & 0o777).toBe(0o600);
    expect(loadMasterKeys({ dataDir: dir, secretKey: null, create: true })).toEqual(first);
  });

  it('prefers BATON_SECRET_KEY and fails clearly when no key exists and none may be created', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-key-'));
    const env = generateKey();
    expect(loadMasterKeys({ dataDir: dir, secretKey: env.toString('base64'), create: true })[0]).toEqual(env);
    expect(fs.existsSync(keyringPath(dir))).toBe(false);
    expect(() => loadMasterKeys({ dataDir: dir, secretKey: null, create: false })).toThrow(/No master key/);
  });
});
