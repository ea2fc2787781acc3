import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from './server.ts';

describe('fake GitHub', () => {
  let fake: FakeGitHub;
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${fake.url}${path}`, {
      method,
      headers: { authorization: 'token t-classic', 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeEach(async () => {
    fake = await startFakeGitHub();
    fake.state.addUser('octo');
    fake.state.addOrg('acme', ['octo']);
    fake.state.addToken('t-classic', { kind: 'classic', login: 'octo', scopes: ['repo'] });
    fake.state.addRepo({ owner: 'acme', name: 'api' });
  });

  afterEach(async () => {
    await fake.close();
    expect(fake.violations).toEqual([]);
  });

  it('flags a request whose body breaks the OpenAPI schema, and answers 400', async () => {
    const res = await call('POST', '/repos/acme/api/pulls', { title: 7, head: 'x' });
    expect(res.status).toBe(400);
    expect(fake.violations).toEqual([
      "POST /repos/acme/api/pulls: body must have required property 'base'",
      'POST /repos/acme/api/pulls: body/title must be string',
    ]);
    fake.violations.length = 0;
  });

  it('flags unknown paths, wrong methods, undeclared query parameters and unknown body fields', async () => {
    await call('GET', '/repos/acme/api/pullz');
    await call('DELETE', '/user/repos');
    await call('GET', '/repos/acme/api/pulls?status=open');
    await call('PATCH', '/repos/acme/api/pulls/1', { titel: 'x' });
    expect(fake.violations).toEqual([
      "GET /repos/acme/api/pullz: no path in GitHub's OpenAPI description matches /repos/acme/api/pullz",
      "DELETE /user/repos: DELETE is not an operation of /user/repos in GitHub's OpenAPI description",
      'GET /repos/acme/api/pulls: query parameter "status" is not declared for pulls/list',
      'PATCH /repos/acme/api/pulls/1: body has unknown property "titel"',
    ]);
    fake.violations.length = 0;
  });

  it('answers valid requests with state, rate-limit headers, and 304 for a matching ETag', async () => {
    const first = await call('GET', '/repos/acme/api/pulls?state=all&per_page=10');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(first.headers.get('x-oauth-scopes')).toBe('repo');
    const again = await call('GET', '/repos/acme/api/pulls?state=all&per_page=10', undefined, { 'if-none-match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
    expect(fake.violations).toEqual([]);
  });

  it('injects faults for the next matching requests only', async () => {
    fake.fail({ method: 'GET', path: '/user', status: 502, times: 1 });
    expect((await call('GET', '/user')).status).toBe(502);
    expect((await call('GET', '/user')).status).toBe(200);
    expect(fake.calls.map((c) => c.status)).toEqual([502, 200]);
    expect(fake.violations).toEqual([]);
  });

  it('serves the Enterprise Server layout under /api/v3', async () => {
    const ghes = await startFakeGitHub({ pathPrefix: '/api/v3' });
    ghes.state.addUser('octo');
    ghes.state.addToken('t', { kind: 'classic', login: 'octo', scopes: [] });
    const res = await fetch(`${ghes.url}/user`, { headers: { authorization: 'token t' } });
    expect(ghes.url).toMatch(/\/api\/v3$/);
    expect(await res.json()).toMatchObject({ login: 'octo' });
    expect(ghes.violations).toEqual([]);
    await ghes.close();
  });
});
