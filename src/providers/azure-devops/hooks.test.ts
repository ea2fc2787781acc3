import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE_PAT, type FakeAzureDevOps, seedFabrikam, startFakeAzureDevOps } from '../../../test/fakes/azure-devops/index.ts';
import { type HookReceiver, startHookReceiver } from '../../../test/support/hook-receiver.ts';
import { HookPermissionMissing } from '../hooks.ts';
import type { GitProvider } from '../types.ts';
import { createAzureDevOpsProvider } from './provider.ts';

const REF = { owner: 'fabrikam', name: 'api' };
const SUBSCRIPTIONS = '/fabrikam/_apis/hooks/subscriptions';

describe('Azure DevOps provider: service-hook subscriptions', () => {
  let fake: FakeAzureDevOps;
  let world: ReturnType<typeof seedFabrikam>;
  let receiver: HookReceiver;
  let ado: GitProvider;
  const calls = () => fake.calls.map((c) => `${c.method} ${c.path} ${c.status}`);
  const hooks = () => ado.hooks!;
  const basicPassword = (header: string | undefined) =>
    Buffer.from((header ?? '').replace(/^Basic /, ''), 'base64')
      .toString('utf8')
      .split(':')
      .slice(1)
      .join(':');

  beforeEach(async () => {
    fake = await startFakeAzureDevOps();
    world = seedFabrikam(fake);
    receiver = await startHookReceiver();
    ado = createAzureDevOpsProvider({ baseUrl: fake.url, token: ALICE_PAT, settings: { organization: 'fabrikam', project: 'Baton' } }, { retryDelayMs: 1 });
  });

  afterEach(async () => {
    await fake.state.serviceHooks.idle();
    await fake.close();
    await receiver.close();
    expect(fake.violations).toEqual([]);
  });

  it('creates the three subscriptions for the repository with Basic auth, and updates them when registered again', async () => {
    const first = await hooks().register(REF, { url: receiver.url, secret: 's1' });
    const repoPath = '/fabrikam/Baton/_apis/git/repositories/api 200';
    expect(calls()).toEqual([
      `GET ${repoPath}`,
      `GET ${SUBSCRIPTIONS} 200`,
      `POST ${SUBSCRIPTIONS} 200`,
      `POST ${SUBSCRIPTIONS} 200`,
      `POST ${SUBSCRIPTIONS} 200`,
    ]);
    const subs = world.org.subscriptions;
    expect(subs.map((s) => s.eventType)).toEqual(['git.pullrequest.created', 'git.pullrequest.updated', 'git.pullrequest.merged']);
    for (const s of subs) {
      expect(s.publisherInputs).toEqual({ projectId: world.project.id, repository: world.repo.id });
      expect(s.consumerInputs).toMatchObject({ url: receiver.url, basicAuthPassword: 's1' });
    }
    expect(first).toEqual({
      created: true,
      hook: { id: subs.map((s) => s.id).join(','), url: receiver.url, events: subs.map((s) => s.eventType), active: true },
    });

    fake.calls.length = 0;
    const second = await hooks().register(REF, { url: receiver.url, secret: 's2' });
    expect(calls().filter((c) => c.startsWith('PUT'))).toHaveLength(3);
    expect(calls().filter((c) => c.startsWith('POST'))).toEqual([]);
    expect(second).toEqual({ created: false, hook: first.hook });
    expect(world.org.subscriptions.map((s) => s.consumerInputs.basicAuthPassword)).toEqual(['s2', 's2', 's2']);
  });

  it('sends a test notification with the secret as the Basic password, and reads the notification history', async () => {
    const { hook } = await hooks().register(REF, { url: receiver.url, secret: 's1' });
    await hooks().test!(REF, hook.id);
    await fake.state.serviceHooks.idle();

    expect(receiver.received).toHaveLength(1);
    expect(basicPassword(receiver.received[0].headers.authorization)).toBe('s1');
    expect(JSON.parse(receiver.received[0].body).eventType).toBe('git.pullrequest.created');
    expect(await hooks().deliveries!(REF, hook.id)).toEqual([{ at: expect.any(String), event: 'git.pullrequest.created', ok: true, status: 200, error: null }]);

    receiver.answer(401);
    await hooks().test!(REF, hook.id);
    await fake.state.serviceHooks.idle();
    const [latest] = await hooks().deliveries!(REF, hook.id);
    expect(latest).toMatchObject({ ok: false, status: 401, error: expect.stringContaining('(401)') });
  });

  it('removes only its own subscriptions', async () => {
    const other = await hooks().register(REF, { url: `${receiver.url}/other`, secret: 'x' });
    const mine = await hooks().register(REF, { url: receiver.url, secret: 's1' });

    expect(await hooks().remove(REF, mine.hook.id)).toBe(true);
    expect(await hooks().remove(REF, mine.hook.id)).toBe(false);
    expect(world.org.subscriptions.map((s) => s.id).join(',')).toBe(other.hook.id);
    expect(await hooks().find(REF, receiver.url)).toBeNull();
  });

  it('names the missing service-hooks permission and creates nothing', async () => {
    world.org.hooksDenied.add(world.alice.id);

    const error = await hooks()
      .register(REF, { url: receiver.url, secret: 's1' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HookPermissionMissing);
    expect((error as HookPermissionMissing).missing).toContain('Edit subscriptions');
    expect(world.org.subscriptions).toEqual([]);
  });
  it('leaves none of the subscriptions it made when a later one fails, and makes all three on the next try', async () => {
    // The third create fails, its retries too.
    fake.fail({ method: 'POST', path: SUBSCRIPTIONS, skip: 2, status: 503, times: 10 });

    const error = await hooks()
      .register(REF, { url: receiver.url, secret: 's1' })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ retryable: true });
    expect(world.org.subscriptions).toEqual([]);
    expect(calls().filter((c) => c.startsWith('DELETE '))).toHaveLength(2);

    fake.clearFaults();
    const { hook } = await hooks().register(REF, { url: receiver.url, secret: 's1' });
    expect(hook.id.split(',')).toHaveLength(3);
    expect(world.org.subscriptions.map((s) => s.eventType).sort()).toEqual(['git.pullrequest.created', 'git.pullrequest.merged', 'git.pullrequest.updated']);
  });
});
