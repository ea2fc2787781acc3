import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batonArgs } from '../support/baton-cli.ts';
import { freePort } from '../support/child-baton.ts';

// `baton serve` stops cleanly on SIGTERM however early it comes once the server answers: an
// orchestrator may stop a pod the moment it looks healthy. The server listens (and logs its URL)
// a moment before start-up ends — the setup link is written to the database after — so a
// SIGTERM sent on that first line lands inside start-up.

/** Starts `baton serve`, sends SIGTERM the moment it logs its URL, and resolves with how it ended. */
async function termOnFirstLine(): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-signals-'));
  const port = await freePort();
  const child = spawn(process.execPath, batonArgs(['serve']), {
    env: { ...process.env, BATON_DATA_DIR: dataDir, BATON_PORT: String(port), BATON_HOST: '127.0.0.1', BATON_LOG_LEVEL: 'info', BATON_LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let sent = false;
  child.stdout.on('data', (d) => {
    output += d;
    if (!sent && output.includes('"msg":"Baton is running at"')) {
      sent = true;
      child.kill('SIGTERM');
    }
  });
  child.stderr.on('data', (d) => (output += d));
  const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  fs.rmSync(dataDir, { recursive: true, force: true });
  expect(sent, output).toBe(true);
  return { ...ended, output };
}

describe('baton serve and signals', () => {
  it('stops cleanly on a SIGTERM sent the moment it says it is running, start after start', async () => {
    for (let run = 0; run < 3; run++) {
      const { code, signal, output } = await termOnFirstLine();
      expect({ code, signal }, output).toEqual({ code: 0, signal: null });
      expect(output).toContain('"msg":"shutting down"');
    }
  });
});
