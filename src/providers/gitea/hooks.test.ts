import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEV_TOKEN, NEEDED_SCOPES, seedAcme } from '../../../test/fakes/gitea/seed.ts';
import { type FakeGitea, startFakeGitea } from '../../../test/fakes/gitea/server.ts';
import { type HookReceiver, startHookReceiver } from '../../../test/support/hook-receiver.ts';
import { HookPermissionMissing } from '../hooks.ts';
import type { GitProvider } from '../types.ts';
import { createGiteaProvider } from './provider.ts';

const REF = { owner: 'acme', name: 'api' };
const ADMIN_TOKEN = 'gitea-token-for-ada-0000000000000000000003';

describe('Gitea provider: repository webhooks', () => {
  let fake: FakeGitea;
  let receiver: HookReceiver;
  let gitea: GitProvider;
  const calls = () => fake.calls.map((c) => `${c.method} ${c.path} ${c.status}`);
  const hooks = () => gitea.hooks!;

  beforeEach(async () => {
    fake = await startFakeGitea();
    const { repo } = seedAcme(fake);
    fake.state.addUser('ada', 'Ada Admin');
    fake.state.addToken(ADMIN_TOKEN, { login: 'ada', scopes: NEEDED_SCOPES });
    repo.collaborators.set('ada', 'admin');
    receiver = await startHookReceiver();
    gitea = createGiteaProvider({ baseUrl: fake.url, token: ADMIN_TOKEN, settings: {} }, { retryDelayMs: 1 });
  });

  afterEach(async () => {
    await fake.close();
    await receiver.close();
    expect(fake.violations).toEqual([]);
  });

  it('creates one signed JSON hook for pull requests, and updates it when registered again', async () => {
    const first = await hooks().register(REF, { url: receiver.url, secret: 's1' });
    expect(calls()).toEqual(['GET /repos/acme/api/hooks 200', 'POST /repos/acme/api/hooks 201']);
    expect(first).toEqual({ created: true, hook: { id: String(fake.hooks[0].id), url: receiver.url, events: ['pull_request'], active: true } });
    expect(fake.hooks[0]).toMatchObject({ url: receiver.url, secret: 's1', contentType: 'json', events: ['pull_request'], active: true });

    fake.calls.length = 0;
    const second = await hooks().register(REF, { url: receiver.url, secret: 's2' });
    expect(calls()).toEqual(['GET /repos/acme/api/hooks 200', `PATCH /repos/acme/api/hooks/${first.hook.id} 200`]);
    expect(second.created).toBe(false);
    expect(fake.hooks).toHaveLength(1);
    expect(fake.hooks[0].secret).toBe('s2');
  });

  it('removes only its own hook, and knows when it is gone already', async () => {
    const other = await hooks().register(REF, { url: `${receiver.url}/other`, secret: 'x' });
    const mine = await hooks().register(REF, { url: receiver.url, secret: 's1' });
    fake.calls.length = 0;

    expect(await hooks().remove(REF, mine.hook.id)).toBe(true);
    expect(await hooks().remove(REF, mine.hook.id)).toBe(false);
    expect(calls()).toEqual([
      `DELETE /repos/acme/api/hooks/${mine.hook.id} 204`,
      `DELETE /repos/acme/api/hooks/${mine.hook.id} 404`,
      'GET /repos/acme/api/hooks 200',
    ]);
    expect(fake.hooks.map((h) => String(h.id))).toEqual([other.hook.id]);
  });

  it('sends a signed test delivery', async () => {
    const { hook } = await hooks().register(REF, { url: receiver.url, secret: 's1' });
    await hooks().test!(REF, hook.id);
    await fake.deliveries();

    expect(receiver.received).toHaveLength(1);
    const sent = receiver.received[0];
    expect(sent.headers['x-gitea-event']).toBe('push');
    expect(sent.headers['x-gitea-signature']).toBe(createHmac('sha256', 's1').update(sent.body).digest('hex'));
  });

  it('names the missing permission and creates nothing for a developer who is not a repository admin', async () => {
    const developer = createGiteaProvider({ baseUrl: fake.url, token: DEV_TOKEN, settings: {} }, { retryDelayMs: 1 });

    const error = await developer.hooks!.register(REF, { url: receiver.url, secret: 's1' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HookPermissionMissing);
    expect((error as HookPermissionMissing).missing).toMatch(/admin rights on the repository/);
    expect(calls()).toEqual(['GET /repos/acme/api/hooks 403']);
    expect(fake.hooks).toEqual([]);
  });

  it('names the missing permission for a token without write:repository', async () => {
    fake.state.addToken('gitea-read-only', { login: 'ada', scopes: ['read:user', 'read:repository'] });
    const readOnly = createGiteaProvider({ baseUrl: fake.url, token: 'gitea-read-only', settings: {} }, { retryDelayMs: 1 });

    await expect(readOnly.hooks!.register(REF, { url: receiver.url, secret: 's1' })).rejects.toBeInstanceOf(HookPermissionMissing);
    expect(fake.hooks).toEqual([]);
  });
});
