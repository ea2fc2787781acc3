import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAcme, TOKEN } from '../fakes/github/seed.ts';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/server.ts';
import { addCredential, createProject, createTicket, linkRepository, startWork, waitForStartWork } from '../git/world.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { githubEvent, sendGitHub } from '../webhooks/support.ts';

// Everything Baton logs at the most verbose level while handling credentials, webhook secrets,
// signed deliveries and Start work, checked for every secret it saw.

describe('secrets never reach the log', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  let baton: TestBaton;
  let fake: FakeGitHub;
  let dev: TestUser;

  beforeAll(async () => {
    fake = await startFakeGitHub();
    seedAcme(fake);
    baton = await startTestBaton({ start: { log: pino({ level: 'trace' }, sink) } });
    dev = await baton.addUser({ name: 'Dev' });
  });
  afterAll(async () => {
    await baton?.stop();
    await fake?.close();
  });

  it('logs neither tokens, nor webhook secrets, nor signatures, nor cookies', async () => {
    const projectId = await createProject(dev, { key: 'SEC', provider: 'github', settings: { baseUrl: fake.url } });
    const rejected = await dev.api.post('/api/me/credentials', {
      provider: 'github',
      owner: 'acme',
      token: 'ghp_rejectedTokenValue0000000000000000',
      baseUrl: fake.url,
    });
    expect(rejected.status).toBe(422);
    const credentialId = await addCredential(dev, { provider: 'github', owner: 'acme', token: TOKEN, baseUrl: fake.url });
    await linkRepository(dev, projectId, { credentialId, owner: 'acme', name: 'api' });
    const { key } = await createTicket(dev, projectId, { title: 'Secret safety' });
    await startWork(dev, key);
    expect((await waitForStartWork(dev, key)).startWork.status).toBe('succeeded');

    const secret = (await dev.api.post(`/api/projects/${projectId}/webhook-secret`)).body.secret as string;
    expect(secret).toEqual(expect.any(String));
    const event = githubEvent('closed', { number: 1, merged: true, state: 'closed', updatedAt: new Date(Date.now() + 60_000).toISOString() });
    const sent = await sendGitHub(baton, projectId, { body: event, secret });
    expect(sent.status).toBeLessThan(300);
    const forged = await sendGitHub(baton, projectId, { body: event, signature: `sha256=${'ab'.repeat(32)}` });
    expect(forged.status).toBe(401);

    const log = lines.join('');
    expect(log.length).toBeGreaterThan(1000);
    for (const value of [TOKEN, 'ghp_rejectedTokenValue0000000000000000', secret, dev.token, 'ab'.repeat(32)]) {
      expect(log, 'a secret was logged').not.toContain(value);
    }
    expect(log).not.toMatch(/sha256=[0-9a-f]{64}/);
    expect(log).not.toMatch(/baton_session=/);
  });
});
