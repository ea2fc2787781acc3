import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton } from '../support/baton.ts';
import { engines } from '../support/databases.ts';

describe.each(engines)('login throttling under concurrency on %s', (engine) => {
  let baton: TestBaton;
  const signIn = (email: string, password: string) =>
    fetch(`${baton.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

  beforeAll(async () => {
    baton = await startTestBaton({ engine });
  });
  afterAll(() => baton?.stop());

  it('evaluates at most 5 of 40 concurrent wrong passwords for one account; the rest get 429 with Retry-After', async () => {
    const user = await baton.addUser({ password: 'the right password' });
    const answers = await Promise.all(Array.from({ length: 40 }, () => signIn(user.email, 'a wrong password')));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    for (const refused of answers.filter((a) => a.status === 429)) {
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await refused.json()).error.code).toBe('too_many_requests');
    }
    // The right password waits for the window too.
    expect((await signIn(user.email, 'the right password')).status).toBe(429);
  });
});
