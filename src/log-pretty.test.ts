import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';
import { formatRecord } from './log-pretty.ts';

const time = new Date(2025, 2, 1, 9, 5, 7).getTime();

describe('readable log lines', () => {
  it('puts the time, the level and the message first, other fields after, and URLs on lines of their own', () => {
    const text = formatRecord(
      { level: 30, time, pid: 1, hostname: 'h', msg: 'No administrator yet', setupUrl: 'http://localhost:3000/setup?token=abc', role: 'all' },
      { color: false },
    );
    expect(text).toBe('09:05:07 INFO  No administrator yet  role=all\n               http://localhost:3000/setup?token=abc\n');
  });

  it('shows an error with its stack under the line, and quotes values with spaces', () => {
    const text = formatRecord(
      { level: 50, time, msg: 'job failed', kind: 'start work', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at run (job.ts:1:1)' } },
      { color: false },
    );
    expect(text).toBe('09:05:07 ERROR job failed  kind="start work"\n               Error: boom\n                   at run (job.ts:1:1)\n');
  });

  it('sums a request up in one phrase', () => {
    const text = formatRecord(
      {
        level: 20,
        time,
        msg: 'request completed',
        reqId: 'r1',
        req: { method: 'GET', url: '/api/projects', remotePort: 1 },
        res: { statusCode: 200 },
        responseTime: 12.4,
      },
      { color: false },
    );
    expect(text).toBe('09:05:07 DEBUG request completed  GET /api/projects 200 12 ms  reqId=r1\n');
  });

  it('colours only when asked', () => {
    expect(formatRecord({ level: 40, time, msg: 'careful' }, { color: true })).toBe('\x1b[90m09:05:07\x1b[0m \x1b[33mWARN \x1b[0m careful\n');
  });
});

describe('the log format', () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    const out = Object.assign(new Writable({ write: (c, _e, done) => done(void chunks.push(String(c))) }), { isTTY }) as unknown as NodeJS.WriteStream;
    return { out, text: () => chunks.join('') };
  };

  it('is readable on a terminal and JSON anywhere else, unless BATON_LOG_FORMAT chose', () => {
    const cases = [
      { isTTY: true, format: null, json: false },
      { isTTY: false, format: null, json: true },
      { isTTY: true, format: 'json', json: true },
      { isTTY: false, format: 'pretty', json: false },
    ] as const;
    for (const { isTTY, format, json } of cases) {
      const { out, text } = sink(isTTY);
      createLogger('info', format, out).info({ url: 'http://localhost:3000' }, 'Baton is running at');
      if (json) expect(JSON.parse(text())).toMatchObject({ level: 30, url: 'http://localhost:3000', msg: 'Baton is running at' });
      else expect(stripVTControlCharacters(text())).toMatch(/^\d\d:\d\d:\d\d INFO {2}Baton is running at\n {15}http:\/\/localhost:3000\n$/);
    }
  });
});
