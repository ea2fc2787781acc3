import { describe, expect, it } from 'vitest';
import { checkBaseUrl, guardedFetch, isPrivateAddress } from './outbound.ts';

describe('outbound policy', () => {
  it('accepts https and refuses http, credentials and private literals unless allowlisted', () => {
    expect(checkBaseUrl('https://ghe.example.com/api/v3/', [])).toBe('https://ghe.example.com/api/v3');
    expect(() => checkBaseUrl('http://ghe.example.com', [])).toThrow(/https/);
    expect(() => checkBaseUrl('https://u:p@ghe.example.com', [])).toThrow(/credentials/);
    expect(() => checkBaseUrl('https://127.0.0.1:8443', [])).toThrow(/private/);
    expect(() => checkBaseUrl('https://[::1]/', [])).toThrow(/private/);
    expect(checkBaseUrl('http://127.0.0.1:9000', ['127.0.0.1'])).toBe('http://127.0.0.1:9000');
  });

  it.each(['10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '127.0.0.1', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1', '100.64.0.1'])(
    '%s is private',
    (ip) => expect(isPrivateAddress(ip)).toBe(true),
  );

  it.each(['140.82.112.3', '8.8.8.8', '2606:4700::1111'])('%s is public', (ip) => expect(isPrivateAddress(ip)).toBe(false));

  it('refuses other origins and hosts resolving to private addresses, without sending anything', async () => {
    const sent: string[] = [];
    const inner = (async (input: RequestInfo | URL) => {
      sent.push(String(input));
      return new Response('ok');
    }) as typeof fetch;
    const f = guardedFetch(['https://localhost:1234'], [], inner);
    await expect(f('https://evil.example.com/x')).rejects.toThrow(/saved for https:\/\/localhost:1234/);
    await expect(f('https://localhost:1234/user')).rejects.toThrow(/private address/);
    const allowed = guardedFetch(['http://localhost:1234'], ['localhost'], inner);
    expect(await (await allowed('http://localhost:1234/user')).text()).toBe('ok');
    expect(sent).toEqual(['http://localhost:1234/user']);
  });
});
