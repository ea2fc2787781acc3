import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AcmeWorld, DANA_TOKEN, FULL_SCOPES, seedAcme } from '../../../test/fakes/bitbucket/seed.ts';
import { type FakeBitbucket, startFakeBitbucket } from '../../../test/fakes/bitbucket/server.ts';
import { type HookReceiver, startHookReceiver } from '../../../test/support/hook-receiver.ts';
import { HookPermissionMissing } from '../hooks.ts';
import type { GitProvider } from '../types.ts';
import { createBitbucketProvider } from './provider.ts';

const REF = { owner: 'acme', name: 'api' };
const HOOK_SCOPES = [...FULL_SCOPES, 'read:webhook:bitbucket', 'write:webhook:bitbucket'];
const ADMIN_TOKEN = 'ATATT3xFfGF0dana-admin-hooks-0123456789';

describe('Bitbucket provider: repository webhooks', () => {
  let fake: FakeBitbucket;
  let world: AcmeWorld;
  let receiver: HookReceiver;
  let bitbucket: GitProvider;
  const calls = () => fake.calls.map((c) => `${c.method} ${c.path} ${c.status}`);
  const hooks = () => bitbucket.hooks!;
  const provider = (token: string) => createBitbucketProvider({ baseUrl: fake.url, token, username: 'dana@acme.test', settings: {} }, { retryDelayMs: 1 });

  beforeEach(async () => {
    fake = await startFakeBitbucket();
    world = seedAcme(fake);
    fake.state.addApiToken(world.dana, ADMIN_TOKEN, HOOK_SCOPES);
    world.repo.permissions.set(world.dana.uuid, 'admin');
    receiver = await startHookReceiver();
    bitbucket = provider(ADMIN_TOKEN);
  });

  afterEach(async () => {
    await fake.webhooks.idle();
    await fake.close();
    await receiver.close();
    expect(fake.violations).toEqual([]);
  });

  it('creates one signed hook for the pull-request events, and updates it when registered again', async () => {
    const first = await hooks().register(REF, { url: receiver.url, secret: 's1' });
    expect(calls()).toEqual(['GET /repositories/acme/api/hooks 200', 'POST /repositories/acme/api/hooks 201']);
    expect(first.created).toBe(true);
    expect(first.hook).toEqual({ id: world.repo.hooks[0].uuid, url: receiver.url, events: hooks().events, active: true });
    expect(world.repo.hooks[0]).toMatchObject({ url: receiver.url, secret: 's1', description: 'Baton' });

    fake.calls.length = 0;
    const second = await hooks().register(REF, { url: receiver.url, secret: 's2' });
    expect(calls()).toEqual(['GET /repositories/acme/api/hooks 200', `PUT /repositories/acme/api/hooks/${first.hook.id} 200`]);
    expect(second.created).toBe(false);
    expect(world.repo.hooks).toHaveLength(1);
    expect(world.repo.hooks[0].secret).toBe('s2');
  });

  it('delivers pull-request changes signed with the secret', async () => {
    await hooks().register(REF, { url: receiver.url, secret: 's1' });
    const pull = fake.state.addPull(world.repo, { sourceBranch: 'feature/x', author: world.dana });
    fake.merge(world.repo, pull, world.rui);
    await fake.webhooks.idle();

    expect(receiver.received).toHaveLength(1);
    const sent = receiver.received[0];
    expect(sent.headers['x-event-key']).toBe('pullrequest:fulfilled');
    expect(sent.headers['x-hub-signature']).toBe(`sha256=${createHmac('sha256', 's1').update(sent.body).digest('hex')}`);
  });

  it('removes only its own hook, and knows when it is gone already', async () => {
    const other = await hooks().register(REF, { url: `${receiver.url}/other`, secret: 'x' });
    const mine = await hooks().register(REF, { url: receiver.url, secret: 's1' });
    fake.calls.length = 0;

    expect(await hooks().remove(REF, mine.hook.id)).toBe(true);
    expect(await hooks().remove(REF, mine.hook.id)).toBe(false);
    const path = `/repositories/acme/api/hooks/${mine.hook.id}`;
    expect(calls()).toEqual([`DELETE ${path} 204`, `DELETE ${path} 404`, 'GET /repositories/acme/api/hooks 200']);
    expect(world.repo.hooks.map((h) => h.uuid)).toEqual([other.hook.id]);
  });

  it('names the missing webhook scope and creates nothing', async () => {
    const error = await provider(DANA_TOKEN)
      .hooks!.register(REF, { url: receiver.url, secret: 's1' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HookPermissionMissing);
    expect((error as HookPermissionMissing).missing).toContain('write:webhook:bitbucket');
    expect(calls()).toEqual(['GET /repositories/acme/api/hooks 403']);
    expect(world.repo.hooks).toEqual([]);
  });

  it('names the missing permission for a member who is not a repository admin', async () => {
    world.repo.permissions.delete(world.dana.uuid);
    await expect(hooks().register(REF, { url: receiver.url, secret: 's1' })).rejects.toBeInstanceOf(HookPermissionMissing);
    expect(world.repo.hooks).toEqual([]);
  });
});
