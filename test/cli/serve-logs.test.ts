import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { childBaton, freePort } from '../support/child-baton.ts';

// What `baton serve` prints, as a log collector (a pipe) and as a person (readable lines) see it.

async function serve(env: Record<string, string>, terminal = false): Promise<string> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-logs-'));
  // Blank means unset: the choice must not come from the environment the tests run in.
  const server = childBaton({ BATON_DATA_DIR: dataDir, BATON_PUBLIC_URL: `http://localhost:${port}`, BATON_LOG_FORMAT: '', ...env }, port, { terminal });
  await server.start();
  try {
    expect((await fetch(`${server.url}/api/projects`)).status).toBe(401);
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return server.output();
}

describe('baton serve logs', () => {
  it('writes JSON lines when stdout is not a terminal; requests only at debug', async () => {
    for (const level of ['info', 'debug']) {
      const records = (await serve({ BATON_LOG_LEVEL: level }))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, any>);
      expect(records).toContainEqual(
        expect.objectContaining({ level: 30, msg: 'Baton is running at', url: expect.stringMatching(/^http:\/\/localhost:\d+$/) }),
      );
      expect(records).toContainEqual(expect.objectContaining({ level: 30, setupUrl: expect.stringMatching(/^http:\/\/localhost:\d+\/setup\?token=[\w-]+$/) }));
      const requests = records.filter((r) => r.req);
      if (level === 'info') expect(requests).toEqual([]);
      else {
        expect(requests).toContainEqual(
          expect.objectContaining({
            level: 20,
            msg: 'request completed',
            req: expect.objectContaining({ method: 'GET', url: '/api/projects' }),
            res: { statusCode: 401 },
          }),
        );
        expect(requests.every((r) => r.level === 20)).toBe(true);
      }
    }
  });

  function expectReadable(output: string) {
    const lines = stripVTControlCharacters(output).replaceAll('\r', '').split('\n');
    const running = lines.findIndex((l) => /^\d\d:\d\d:\d\d INFO {2}Baton is running at$/.test(l));
    expect(running).toBeGreaterThanOrEqual(0);
    expect(lines[running + 1]).toMatch(/^ +http:\/\/localhost:\d+$/);
    const setup = lines.findIndex((l) => l.includes('No administrator yet: open this one-time setup link to create the first admin'));
    expect(lines[setup + 1]).toMatch(/^ +http:\/\/localhost:\d+\/setup\?token=[\w-]+$/);
    expect(lines.filter((l) => l.startsWith('{'))).toEqual([]);
  }

  it('writes readable lines on a terminal: the URL and the setup link each on a line of its own', async () => {
    const output = await serve({ BATON_LOG_LEVEL: 'info' }, true);
    expectReadable(output);
    expect(output).toContain('\x1b['); // coloured, as a terminal shows it
  });

  it('writes readable lines with BATON_LOG_FORMAT=pretty, and JSON on a terminal with BATON_LOG_FORMAT=json', async () => {
    expectReadable(await serve({ BATON_LOG_LEVEL: 'info', BATON_LOG_FORMAT: 'pretty' }));
    const lines = (await serve({ BATON_LOG_LEVEL: 'info', BATON_LOG_FORMAT: 'json' }, true)).replaceAll('\r', '').split('\n');
    // Beside the log, only what `script` itself says when it is stopped.
    expect(lines.filter((l) => l && !l.startsWith('{') && !l.startsWith('Session terminated'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ msg: 'Baton is running at' }));
  });
});
