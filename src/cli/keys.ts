import type { Config } from '../config.ts';
import { generateKey, loadMasterKeys, writeKeyringFile } from '../crypto/master-key.ts';
import { SecretBox } from '../crypto/secret-box.ts';
import { resealAll } from '../services/rotate-keys.ts';
import { openStore } from './store.ts';

/**
 * With the keyring file: write [new, old...] first (a crash mid-way keeps both keys), re-seal
 * everything, then drop the old keys. With BATON_SECRET_KEY: re-seal under a new key and print
 * it; the operator sets it as BATON_SECRET_KEY before the next start.
 */
export async function rotateKeys(config: Config): Promise<void> {
  const old = loadMasterKeys({ dataDir: config.dataDir, secretKey: config.secretKey, create: false });
  const next = generateKey();
  const db = openStore(config);
  try {
    await db.migrate();
    if (!config.secretKey) writeKeyringFile(config.dataDir, [next, ...old]);
    const count = await resealAll(db, new SecretBox([next, ...old]));
    if (config.secretKey) {
      process.stderr.write(`Re-encrypted ${count} secrets. Set BATON_SECRET_KEY to the new key below before starting Baton again:\n`);
      process.stdout.write(`${next.toString('base64')}\n`);
    } else {
      writeKeyringFile(config.dataDir, [next]);
      process.stdout.write(`Re-encrypted ${count} secrets under a new master key\n`);
    }
  } finally {
    await db.destroy();
  }
}
