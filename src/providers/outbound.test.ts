import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkBaseUrl, checkSavedBaseUrl, createOutbound, isPublicAddress, type Outbound, type Resolver } from './outbound.ts';
import { createProviderRegistry } from './registry.ts';

// The address forms that reach a private IPv4 address through an IPv6 spelling.
const DISGUISED = [
  '[::ffff:169.254.169.254]',
  '[::ffff:10.0.0.1]',
  '[0:0:0:0:0:ffff:7f00:1]',
  '[::127.0.0.1]',
  '[64:ff9b::a9fe:a9fe]',
  '[64:ff9b:1::a9fe:a9fe]',
  '[2002:a9fe:a9fe::]',
  '[::ffff:0:7f00:1]',
];

/** A resolver that never touches the network: it answers from `answers` in turn, repeating the last. */
function scripted(...answers: string[][]): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    return answers[Math.min(calls.length, answers.length) - 1];
  };
  return Object.assign(resolve, { calls });
}

describe('address policy', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '127.0.0.1',
    '0.0.0.0',
    '100.64.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fd00::1',
    'fe80::1',
    'ff02::1',
    ...DISGUISED,
  ])('%s is not public', (ip) => expect(isPublicAddress(ip)).toBe(false));

  it.each(['140.82.112.3', '8.8.8.8', '2606:4700::1111', '[2a01:111:f100::1]'])('%s is public', (ip) => expect(isPublicAddress(ip)).toBe(true));

  it('accepts https and refuses http, credentials and private literals in any spelling unless allowlisted', () => {
    expect(checkBaseUrl('https://ghe.example.com/api/v3/', [])).toBe('https://ghe.example.com/api/v3');
    expect(() => checkBaseUrl('http://ghe.example.com', [])).toThrow(/https/);
    expect(() => checkBaseUrl('https://u:p@ghe.example.com', [])).toThrow(/must not contain a user name or password/);
    for (const host of ['127.0.0.1:8443', '[::1]', '2130706433', '0x7f.1', ...DISGUISED]) {
      expect(() => checkBaseUrl(`https://${host}/`, []), host).toThrow(/private address/);
    }
    expect(checkBaseUrl('http://127.0.0.1:9000', ['127.0.0.1'])).toBe('http://127.0.0.1:9000');
  });

  it('looks up a base URL being saved: a name resolving to a private address, or to nothing, is refused', async () => {
    await expect(checkSavedBaseUrl('https://intranet.example/api', [], 'settings.baseUrl', scripted(['10.0.0.8']))).rejects.toMatchObject({
      status: 422,
      details: { fields: { 'settings.baseUrl': expect.stringMatching(/private/) } },
    });
    const nowhere: Resolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    await expect(checkSavedBaseUrl('https://nowhere.example', [], 'baseUrl', nowhere)).rejects.toMatchObject({
      details: { fields: { baseUrl: 'The base URL: the host nowhere.example was not found. Check the address for typos.' } },
    });
    expect(await checkSavedBaseUrl('https://ghe.example.com/api/v3', [], 'baseUrl', scripted(['140.82.112.3']))).toBe('https://ghe.example.com/api/v3');
  });
});

describe('outbound fetch', () => {
  let server: http.Server;
  let port: number;
  let connections = 0;
  let outbound: Outbound | null = null;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/moved') res.writeHead(302, { location: 'http://elsewhere.example/' }).end();
      else res.end('ok');
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  afterEach(async () => {
    await outbound?.close();
    outbound = null;
    connections = 0;
  });

  const open = (resolve: Resolver, allowlist: string[] = []) => {
    outbound = createOutbound({ allowlist, resolve });
    return outbound;
  };

  it('refuses other origins and every spelling of a private literal, connecting to nothing', async () => {
    const o = open(scripted(['140.82.112.3']));
    await expect(o.fetchFor(['https://ghe.example.com'])('https://evil.example.com/x')).rejects.toThrow(/saved for https:\/\/ghe.example.com/);
    // The loopback server answers on the IPv4-mapped spelling of its address too.
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[0:0:0:0:0:ffff:7f00:1]']) {
      const url = `http://${host}:${port}/user`;
      await expect(o.fetchFor([url])(url), host).rejects.toMatchObject({ name: 'OutboundRefused' });
    }
    expect(connections).toBe(0);
  });

  it('refuses a host with any private address among its answers', async () => {
    const url = `http://mixed.example:${port}/user`;
    await expect(open(scripted(['140.82.112.3', '127.0.0.1'])).fetchFor([url])(url)).rejects.toThrow(/resolves to 127\.0\.0\.1, which is a private address/);
    expect(connections).toBe(0);
  });

  it('checks the addresses it connects to: a name that rebinds to loopback after the check is refused', async () => {
    // Public for the check before sending, loopback from then on (the connect-time lookup).
    const rebinding = scripted(['140.82.112.3'], ['127.0.0.1']);
    const url = `http://rebind.example:${port}/user`;
    await expect(open(rebinding).fetchFor([url])(url)).rejects.toThrow(/rebind\.example resolves to 127\.0\.0\.1, which is a private address/);
    expect(rebinding.calls).toEqual(['rebind.example', 'rebind.example']);
    expect(connections).toBe(0);
  });

  it('fails a provider call once and plainly when its host rebinds to a private address', async () => {
    const registry = createProviderRegistry({ allowedProviderHosts: [], resolve: scripted(['140.82.112.3'], ['127.0.0.1']), retryDelayMs: 1 });
    const github = registry.create('github', { baseUrl: `https://ghe.example:${port}/api/v3`, token: 'ghp_never_sent', settings: {} });
    const failure = await github.getRepository({ owner: 'acme', name: 'api' }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: 'ProviderError', kind: 'validation', message: expect.stringMatching(/ghe\.example resolves to 127\.0\.0\.1/) });
    expect(connections).toBe(0);
  });

  it('connects an allowlisted host to the address its lookup answered, and never follows a redirect', async () => {
    const url = `http://provider.test:${port}`;
    const f = open(scripted(['127.0.0.1']), ['provider.test']).fetchFor([url]);
    expect(await (await f(`${url}/user`)).text()).toBe('ok');
    const moved = await f(`${url}/moved`);
    expect(moved.status).toBe(302);
    expect(moved.headers.get('location')).toBe('http://elsewhere.example/');
    expect(connections).toBeGreaterThan(0);
  });
});
