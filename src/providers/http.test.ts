import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProviderError } from '../errors.ts';
import { createProviderHttp, type Dialect, rateLimitRetryAt } from './http.ts';
import type { ProviderCall } from './types.ts';

// The layer with a provider that brings nothing but a dialect: what a new provider gets for free.

const TOKEN = 'tok-secret-1234';
const NOW = Date.parse('2025-03-01T12:00:00Z');

const dialect: Dialect = {
  kind: 'demo',
  label: 'Demo',
  authorization: (token) => `Demo ${token}`,
  rateLimitHeaders: { remaining: 'x-left', reset: 'x-reset', limit: 'x-limit' },
  errorMessage: (body, text) => (body as { error?: string } | null)?.error ?? (text || 'no details'),
  describe: ({ kind, status, message, route }) => `Demo said ${kind} (${status}) to ${route}: ${message}`,
};

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

let server: http.Server;
let base: string;
let answers: Answer[];
let seen: { method: string; url: string; authorization: string | undefined; body: string }[];

beforeEach(async () => {
  answers = [];
  seen = [];
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
      const answer = answers.shift() ?? { status: 200, body: { ok: true } };
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});

afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

function client(extra: { pace?: (key: string) => Promise<void>; onRequest?: (c: ProviderCall) => void } = {}) {
  const sleeps: number[] = [];
  const layer = createProviderHttp({ baseUrl: base, token: TOKEN, settings: {}, ...extra }, dialect, {
    sleep: async (ms) => void sleeps.push(ms),
    now: () => NOW,
  });
  return { layer, sleeps };
}

const ok = z.object({ ok: z.boolean() });
const call = (method: 'GET' | 'POST', path = '/things/a%20b') => ({ method, url: `${base}${path}`, route: `${method} /things/{name}`, schema: ok });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  expect(error.message).not.toContain(TOKEN);
  return error;
}

describe('the provider HTTP layer', () => {
  it("sends the dialect's auth header, reports each call below the base path, and paces every attempt at a write", async () => {
    const reported: ProviderCall[] = [];
    const paced: string[] = [];
    answers.push({ status: 502 }, { status: 201, body: { ok: true } });
    const { layer, sleeps } = client({ onRequest: (c) => reported.push(c), pace: async (key) => void paced.push(key) });
    expect((await layer.request({ ...call('POST'), body: { a: 1 } })).data).toEqual({ ok: true });
    await layer.request(call('GET'));
    expect(seen.map((s) => [s.method, s.authorization, s.body])).toEqual([
      ['POST', `Demo ${TOKEN}`, '{"a":1}'],
      ['POST', `Demo ${TOKEN}`, '{"a":1}'],
      ['GET', `Demo ${TOKEN}`, ''],
    ]);
    expect(reported).toEqual([
      { method: 'POST', path: '/things/a b', status: 502 },
      { method: 'POST', path: '/things/a b', status: 201 },
      { method: 'GET', path: '/things/a b', status: 200 },
    ]);
    expect(sleeps).toEqual([250]);
    expect(paced).toHaveLength(2);
    expect(paced[0]).toMatch(/^demo:[0-9a-f]{32}$/);
    expect(paced[1]).toBe(paced[0]);
  });

  it('sends no Authorization without a token (a call that authenticates in its body), form-encoded when asked', async () => {
    const layer = createProviderHttp({ baseUrl: base, token: '', settings: {} }, dialect, { now: () => NOW });
    await layer.request({ ...call('POST'), form: { client_id: 'c', code: 'x y' } });
    expect(seen.map((s) => [s.authorization, s.body])).toEqual([[undefined, 'client_id=c&code=x+y']]);
  });

  it('turns statuses into typed errors in the dialect’s words', async () => {
    const { layer } = client();
    const cases: Array<[number, string]> = [
      [401, 'auth'],
      [403, 'forbidden'],
      [404, 'not_found'],
      [409, 'conflict'],
      [422, 'validation'],
    ];
    for (const [status, kind] of cases) {
      answers.push({ status, body: { error: `no ${status}` } });
      expect(await failure(layer.request(call('GET')))).toMatchObject({
        kind,
        status,
        message: `Demo said ${kind} (${status}) to GET /things/{name}: no ${status}`,
      });
    }
    answers.push({ status: 503 }, { status: 503 }, { status: 503, body: { error: 'down' } });
    expect(await failure(layer.request(call('GET')))).toMatchObject({ kind: 'transient', status: 503 });
  });

  it('answers a redirect without following it', async () => {
    answers.push({ status: 302, headers: { location: 'http://127.0.0.1:9/steal' } });
    const { layer } = client();
    expect(await failure(layer.request(call('GET')))).toMatchObject({ kind: 'not_found', status: 302 });
    expect(seen).toHaveLength(1);
  });

  it('hands a 429 back with its retry time, and waits before the next call when asked to slow down', async () => {
    answers.push({ status: 429, headers: { 'retry-after': '30' } });
    const { layer, sleeps } = client();
    expect(await failure(layer.request(call('GET')))).toMatchObject({ kind: 'rate_limited', retryAt: new Date(NOW + 30_000) });
    const fresh = client();
    answers.push({ status: 200, headers: { 'retry-after': '2' }, body: { ok: true } });
    await fresh.layer.request(call('GET'));
    await fresh.layer.request(call('GET'));
    expect(fresh.sleeps).toEqual([2000]);
    expect(sleeps).toEqual([]);
  });

  it('spreads calls out when the budget runs low', async () => {
    answers.push({ status: 200, headers: { 'x-limit': '100', 'x-left': '4', 'x-reset': String(NOW / 1000 + 5) }, body: { ok: true } });
    const { layer, sleeps } = client();
    await layer.request(call('GET'));
    await layer.request(call('GET'));
    expect(sleeps).toEqual([1000]);
  });

  it('refuses a body that is not what the schema reads', async () => {
    answers.push({ status: 200, body: { ok: 'yes' } });
    const { layer } = client();
    expect(await failure(layer.request(call('GET')))).toMatchObject({
      kind: 'validation',
      message: 'Demo answered GET /things/{name} with an unexpected body at ok: Invalid input: expected boolean, received string',
    });
  });

  it('sends form fields url-encoded and reads a text answer as a string', async () => {
    answers.push({ status: 201 }, { status: 200, body: '# PAY-1\n' });
    const { layer } = client();
    await layer.request({ ...call('POST'), form: { branch: 'feature/x', '/a b.md': 'x & y' }, schema: z.unknown() });
    expect(seen[0]!.body).toBe('branch=feature%2Fx&%2Fa+b.md=x+%26+y');
    // The test server answers JSON; the layer hands the raw text over unparsed.
    expect((await layer.request({ ...call('GET'), text: true, schema: z.string() })).data).toBe('"# PAY-1\\n"');
  });

  it('lets a dialect throw its own error carrying what the body says, but never for a rate limit', async () => {
    class Refused extends ProviderError {
      constructor(readonly fields: unknown) {
        super('validation', 'refused', null, 400);
      }
    }
    const own = createProviderHttp(
      { baseUrl: base, token: TOKEN, settings: {} },
      { ...dialect, error: (f, body) => (f.status === 400 || f.status === 429 ? new Refused((body as { fields: unknown }).fields) : null) },
      {
        sleep: async () => {},
        now: () => NOW,
      },
    );
    answers.push({ status: 400, body: { fields: { title: ['required'] } } }, { status: 404, body: { error: 'gone' } }, { status: 429, body: { fields: {} } });
    expect(await failure(own.request(call('GET')))).toMatchObject({ constructor: Refused, fields: { title: ['required'] } });
    expect(await failure(own.request(call('GET')))).toMatchObject({ kind: 'not_found', message: 'Demo said not_found (404) to GET /things/{name}: gone' });
    expect(await failure(own.request(call('GET')))).toMatchObject({ kind: 'rate_limited' });
  });

  it('reads retry times from Retry-After, else from an exhausted budget’s reset', () => {
    expect(rateLimitRetryAt(dialect, 403, { 'x-left': '0', 'x-reset': String(NOW / 1000 + 900) }, 'over', NOW)).toEqual(new Date(NOW + 900_000));
    expect(rateLimitRetryAt(dialect, 403, { 'x-left': '10', 'x-reset': String(NOW / 1000 + 900) }, 'no', NOW)).toBeNull();
    expect(rateLimitRetryAt(dialect, 429, { 'x-reset': String(NOW / 1000 + 90) }, '', NOW)).toEqual(new Date(NOW + 90_000));
    expect(rateLimitRetryAt(dialect, 429, { 'retry-after': 'Sat, 01 Mar 2025 12:01:00 GMT' }, '', NOW)).toEqual(new Date(NOW + 60_000));
  });
});
