import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';

// Every documented route, called with malformed bodies, parameters and queries, answers a 4xx
// in the one error shape — never a 500.

const BODIES = [
  '{',
  '[]',
  'null',
  '"text"',
  '123',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{}}}',
  JSON.stringify({ unknown: 'field' }),
  JSON.stringify({ key: 'x'.repeat(5000), name: ['a'], provider: 7 }),
];
const PARAMS: Record<string, string[]> = {
  projectId: ['not-a-uuid', '00000000-0000-0000-0000-000000000000', '%00'],
  ticketKey: ['PAY-99999', 'pay-1', '..%2F..%2Fetc'],
};

describe('malformed input on every route', () => {
  let baton: TestBaton;
  let user: TestUser;
  let projectId: string;
  beforeAll(async () => {
    baton = await startTestBaton();
    user = await baton.addUser({ isAdmin: false });
    projectId = (await user.api.post('/api/projects', { key: 'PAY', name: 'Payments', provider: 'github' })).body.id;
    await user.api.post(`/api/projects/${projectId}/tickets`, { title: 'A ticket' });
  });
  afterAll(() => baton?.stop());

  it('answers 4xx with the error shape and never 500', async () => {
    const doc = (await user.api.get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const failures: string[] = [];
    let calls = 0;
    for (const [template, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const variants = [
          // Real ids where we have them, so the body is what is malformed.
          template
            .replace('{projectId}', projectId)
            .replace('{ticketKey}', 'PAY-1')
            .replace(/\{\w+\}/g, '00000000-0000-0000-0000-000000000000'),
          ...names.flatMap((name) => (PARAMS[name] ?? ['nope', '%ff']).map((bad) => template.replace(`{${name}}`, bad).replace(/\{\w+\}/g, 'x'))),
        ];
        for (const path of variants) {
          const queries = ['', '?limit=-1&cursor=%00', '?page=abc&credentialId=nope&status=weird'];
          for (const query of queries) {
            const bodies = method === 'get' || method === 'delete' ? [undefined] : BODIES;
            for (const body of bodies) {
              calls++;
              const res = await fetch(`${baton.url}${path}${query}`, {
                method: method.toUpperCase(),
                headers: { authorization: `Bearer ${user.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
                body,
              });
              if (res.status === 200 && res.headers.get('content-type')?.startsWith('text/event-stream')) {
                await res.body?.cancel(); // a well-formed request for a stream: it never ends by itself
                continue;
              }
              const text = await res.text();
              const label = `${method.toUpperCase()} ${path}${query} ${(body ?? '').slice(0, 40)} → ${res.status}`;
              if (res.status >= 500) failures.push(`${label} ${text.slice(0, 200)}`);
              else if (res.status >= 400 && !/^\{"error":\{"code":"[a-z_]+","message":"[^"]+/.test(text))
                failures.push(`${label} (shape) ${text.slice(0, 200)}`);
            }
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(200);
    expect(failures).toEqual([]);
    // Thousands of sequential calls, more with every route: on a busy machine that is minutes.
  }, 180_000);
});
