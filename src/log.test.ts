import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log.ts';

function logged(write: (log: ReturnType<typeof createLogger>) => void): Record<string, any> {
  const out = new PassThrough();
  const lines: string[] = [];
  out.on('data', (chunk) => lines.push(String(chunk)));
  write(createLogger('info', 'json', out as unknown as NodeJS.WriteStream));
  return JSON.parse(lines.join('').trim());
}

describe('log redaction', () => {
  it('censors every signature, token, cookie and authorization header by its name, and keeps the rest', () => {
    const headers = {
      'x-hub-signature-256': 'sha256=abc',
      'x-gitea-signature': 'def',
      'x-some-new-provider-signature': 'ghi',
      authorization: 'Basic dXNlcjpwYXNz',
      cookie: 'baton_session=s3cret',
      'x-csrf-token': 'csrf',
      'x-github-event': 'pull_request',
      'content-type': 'application/json',
    };
    const line = logged((log) => log.warn({ headers, req: { method: 'POST', headers }, res: { headers: { 'set-cookie': 'baton_session=new' } } }, 'seen'));
    for (const shown of [line.headers, line.req.headers]) {
      expect(shown).toEqual({
        'x-hub-signature-256': '[redacted]',
        'x-gitea-signature': '[redacted]',
        'x-some-new-provider-signature': '[redacted]',
        authorization: '[redacted]',
        cookie: '[redacted]',
        'x-csrf-token': '[redacted]',
        'x-github-event': 'pull_request',
        'content-type': 'application/json',
      });
    }
    expect(line.req.method).toBe('POST');
    expect(line.res.headers).toEqual({ 'set-cookie': '[redacted]' });
    expect(JSON.stringify(line)).not.toMatch(/s3cret|abc|dXNlcjpwYXNz/);
  });

  it('redacts tokens, passwords and secrets wherever they appear', () => {
    const line = logged((log) => log.info({ token: 't', credential: { token: 'u', password: 'p' }, webhook: { secret: 's' } }, 'x'));
    expect(line).toMatchObject({ token: '[redacted]', credential: { token: '[redacted]', password: '[redacted]' }, webhook: { secret: '[redacted]' } });
  });
});
