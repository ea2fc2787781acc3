import fs from 'node:fs';
import { type Config, ConfigError, type ConfigFlags, loadConfig } from '../config.ts';
import { keyringPath, loadMasterKeys, MasterKeyMissing } from '../crypto/master-key.ts';
import { SecretBox } from '../crypto/secret-box.ts';
import { isPostgresUrl, sqliteFile } from '../db/database.ts';
import { checkGitHubApp } from '../features/github-app/doctor.ts';
import { makePrivateDir, widerThanOwner } from '../private-files.ts';
import { sampleSealed } from '../services/rotate-keys.ts';
import { openStore } from './store.ts';

/** `warn`: worth fixing, but Baton runs. */
type Check = { name: string; ok: boolean | 'warn'; detail: string };

/** Prints one line per check and returns whether none failed. */
export async function runDoctor(env: NodeJS.ProcessEnv, flags: ConfigFlags): Promise<boolean> {
  const checks: Check[] = [];
  let config: Config;
  try {
    config = loadConfig(env, flags);
    checks.push({ name: 'configuration', ok: true, detail: `data dir ${config.dataDir}, database ${describeDb(config.databaseUrl)}` });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    checks.push({ name: 'configuration', ok: false, detail: err.problems.join('; ') });
    return report(checks);
  }

  try {
    makePrivateDir(config.dataDir);
    fs.accessSync(config.dataDir, fs.constants.W_OK);
    checks.push({ name: 'data directory', ok: true, detail: `${config.dataDir} is writable` });
  } catch {
    checks.push({ name: 'data directory', ok: false, detail: `${config.dataDir} is not writable by this user` });
  }
  checks.push(...accessChecks(config));

  let keys: Buffer[] | null = null;
  let missingKey: MasterKeyMissing | null = null;
  try {
    keys = loadMasterKeys({ dataDir: config.dataDir, secretKey: config.secretKey, create: false });
    const mode = config.secretKey ? null : fs.statSync(keyringPath(config.dataDir)).mode & 0o777;
    const loose = mode !== null && (mode & 0o077) !== 0;
    checks.push({
      name: 'master key',
      ok: !loose,
      detail: config.secretKey
        ? 'from BATON_SECRET_KEY'
        : loose
          ? `${keyringPath(config.dataDir)} is readable by others (mode ${mode!.toString(8)}); run chmod 600`
          : `${keyringPath(config.dataDir)} (mode 600)`,
    });
  } catch (err) {
    if (!(err instanceof MasterKeyMissing)) throw err;
    missingKey = err;
  }

  const db = openStore(config);
  try {
    const pending = await db.pendingMigrations();
    checks.push({ name: 'database', ok: true, detail: `reachable (${db.engine})` });
    checks.push({ name: 'migrations', ok: pending.length === 0, detail: pending.length ? `pending: ${pending.join(', ')}; run baton migrate` : 'up to date' });
    const sealed = pending.length === 0 ? await sampleSealed(db) : null;
    if (missingKey) {
      // Before the first start nothing is sealed yet, and `baton serve` creates the key.
      checks.push(
        sealed
          ? { name: 'master key', ok: false, detail: `${missingKey.message}; stored secrets cannot be read without it` }
          : { name: 'master key', ok: true, detail: 'not created yet; the first `baton serve` creates it' },
      );
    }
    if (sealed && keys) {
      try {
        new SecretBox(keys).open(sealed);
        checks.push({ name: 'stored secrets', ok: true, detail: 'readable with the loaded master key' });
      } catch (err) {
        checks.push({ name: 'stored secrets', ok: false, detail: `${(err as Error).message}; is BATON_SECRET_KEY the key they were saved with?` });
      }
    }
  } catch (err) {
    checks.push({ name: 'database', ok: false, detail: `cannot reach ${describeDb(config.databaseUrl)}: ${(err as Error).message}` });
  } finally {
    await db.destroy().catch(() => undefined);
  }
  if (config.githubApp) checks.push(await checkGitHubApp(config));
  return report(checks);
}

/** The data directory and the SQLite file hold password hashes and webhook bodies: owner-only. */
function accessChecks(config: Config): Check[] {
  const paths = [{ name: 'data directory access', path: config.dataDir, fix: 'chmod 700' }];
  if (!isPostgresUrl(config.databaseUrl)) paths.push({ name: 'database file access', path: sqliteFile(config.databaseUrl), fix: 'chmod 600' });
  return paths
    .filter((p) => fs.existsSync(p.path))
    .map((p) => {
      const mode = widerThanOwner(p.path);
      return mode === null
        ? { name: p.name, ok: true, detail: `${p.path} is private to its owner` }
        : { name: p.name, ok: 'warn', detail: `${p.path} can be read by other users (mode ${mode.toString(8)}); run ${p.fix} ${p.path}` };
    });
}

function describeDb(url: string): string {
  // Never print a database password.
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

function report(checks: Check[]): boolean {
  for (const c of checks) process.stdout.write(`${c.ok === 'warn' ? 'WARN' : c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}\n`);
  return checks.every((c) => c.ok !== false);
}
