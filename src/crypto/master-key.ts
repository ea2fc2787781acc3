import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makePrivateDir } from '../private-files.ts';
import { SecretBox } from './secret-box.ts';

// The master key comes from BATON_SECRET_KEY, or else from a keyring file created with mode
// 0600 in the data directory on first start. The file holds the current key first; during a
// rotation it briefly holds the previous one too.

export const KEYRING_FILE = 'master.key';

interface KeyringFile {
  keys: string[]; // base64, current first
}

export class MasterKeyMissing extends Error {
  constructor(dataDir: string) {
    super(`No master key: set BATON_SECRET_KEY, or start Baton once (baton serve) to create ${keyringPath(dataDir)}`);
    this.name = 'MasterKeyMissing';
  }
}

export function keyringPath(dataDir: string): string {
  return path.join(dataDir, KEYRING_FILE);
}

export function readKeyringFile(dataDir: string): Buffer[] | null {
  const file = keyringPath(dataDir);
  if (!fs.existsSync(file)) return null;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyringFile;
  return parsed.keys.map((k) => Buffer.from(k, 'base64'));
}

export function writeKeyringFile(dataDir: string, keys: Buffer[]): void {
  makePrivateDir(dataDir);
  const file = keyringPath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ keys: keys.map((k) => k.toString('base64')) } satisfies KeyringFile), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export function generateKey(): Buffer {
  return randomBytes(32);
}

/** Load the keys, creating the keyring file on first start when no key is configured. */
export function loadMasterKeys(opts: { dataDir: string; secretKey: string | null; create: boolean }): Buffer[] {
  if (opts.secretKey) {
    // Keys left in the file (from before the variable was set) still open old values.
    const fromFile = readKeyringFile(opts.dataDir) ?? [];
    return [Buffer.from(opts.secretKey, 'base64'), ...fromFile];
  }
  const existing = readKeyringFile(opts.dataDir);
  if (existing) return existing;
  if (!opts.create) throw new MasterKeyMissing(opts.dataDir);
  const key = generateKey();
  writeKeyringFile(opts.dataDir, [key]);
  return [key];
}

export function openSecretBox(opts: { dataDir: string; secretKey: string | null; create: boolean }): SecretBox {
  return new SecretBox(loadMasterKeys(opts));
}
