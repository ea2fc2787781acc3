import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startBaton } from '../../src/main.ts';
import { batonArgs } from '../support/baton-cli.ts';

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

function doctor(dataDir: string) {
  const result = spawnSync(process.execPath, batonArgs(['doctor']), {
    env: { ...process.env, BATON_DATA_DIR: dataDir, BATON_LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout };
}

describe('files at rest', () => {
  it('creates a new data directory 0700 with the SQLite file, its WAL and the master key 0600, and doctor warns once they are wider', async () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'baton-modes-')), 'nested', 'data');
    const baton = await startBaton(loadConfig({ BATON_DATA_DIR: dataDir, BATON_PORT: '0', BATON_LOG_LEVEL: 'silent' }));
    try {
      expect(modeOf(dataDir).toString(8)).toBe('700');
      expect(modeOf(path.join(dataDir, '..')).toString(8)).toBe('700');
      for (const file of ['baton.sqlite', 'baton.sqlite-wal', 'master.key'])
        expect([file, modeOf(path.join(dataDir, file)).toString(8)]).toEqual([file, '600']);
    } finally {
      await baton.stop();
    }

    const tight = doctor(dataDir);
    expect(tight.status).toBe(0);
    expect(tight.stdout).toMatch(/ok {3}data directory access: .* is private to its owner/);
    expect(tight.stdout).toMatch(/ok {3}database file access: .* is private to its owner/);

    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, 'baton.sqlite'), 0o644);
    const loose = doctor(dataDir);
    expect(loose.status).toBe(0);
    expect(loose.stdout).toContain(`WARN data directory access: ${dataDir} can be read by other users (mode 755); run chmod 700 ${dataDir}`);
    expect(loose.stdout).toMatch(/WARN database file access: .*baton\.sqlite can be read by other users \(mode 644\); run chmod 600 /);
  });
});
