import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedAcme, TOKEN } from '../../../test/fakes/github/seed.ts';
import { type FakeGitHub, type FakeRepo, startFakeGitHub } from '../../../test/fakes/github/server.ts';
import { type HookReceiver, startHookReceiver } from '../../../test/support/hook-receiver.ts';
import { HookPermissionMissing } from '../hooks.ts';
import type { GitProvider } from '../types.ts';
import { createGitHubProvider } from './provider.ts';

const REF = { owner: 'acme', name: 'api' };

describe('GitHub provider: repository webhooks', () => {
  let fake: FakeGitHub;
  let repo: FakeRepo;
  let receiver: HookReceiver;
  let github: GitProvider;
  const calls = () => fake.calls.map((c) => `${c.method} ${c.path} ${c.status}`);
  const hooks = () => github.hooks!;

  beforeEach(async () => {
    fake = await startFakeGitHub();
    ({ repo } = seedAcme(fake));
    receiver = await startHookReceiver();
    github = createGitHubProvider({ baseUrl: fake.url, token: TOKEN, settings: {} }, { retryDelayMs: 1 });
  });

  afterEach(async () => {
    await fake.hooks.idle();
    await fake.close();
    await receiver.close();
    expect(fake.violations).toEqual([]);
  });

  it('creates one signed JSON hook for pull requests, and updates it when registered again', async () => {
    const first = await hooks().register(REF, { url: receiver.url, secret: 's1' });
    expect(calls()).toEqual(['GET /repos/acme/api/hooks 200', 'POST /repos/acme/api/hooks 201']);
    expect(first).toEqual({ created: true, hook: { id: String(repo.hooks[0].id), url: receiver.url, events: ['pull_request'], active: true } });
    expect(repo.hooks[0]).toMatchObject({ url: receiver.url, secret: 's1', contentType: 'json', events: ['pull_request'] });

    fake.calls.length = 0;
    repo.hooks[0].active = false;
    const second = await hooks().register(REF, { url: receiver.url, secret: 's2' });
    expect(calls()).toEqual(['GET /repos/acme/api/hooks 200', `PATCH /repos/acme/api/hooks/${first.hook.id} 200`]);
    expect(second.created).toBe(false);
    expect(repo.hooks).toHaveLength(1);
    expect(repo.hooks[0]).toMatchObject({ secret: 's2', active: true });
  });

  it('finds only the hook for its URL and removes only that one', async () => {
    fake.state.tick();
    const other = await hooks().register(REF, { url: `${receiver.url}/other`, secret: 'x' });
    const mine = await hooks().register(REF, { url: receiver.url, secret: 's1' });
    expect((await hooks().find(REF, receiver.url))?.id).toBe(mine.hook.id);

    fake.calls.length = 0;
    expect(await hooks().remove(REF, mine.hook.id)).toBe(true);
    expect(await hooks().remove(REF, mine.hook.id)).toBe(false);
    expect(calls()).toEqual([
      `DELETE /repos/acme/api/hooks/${mine.hook.id} 204`,
      `DELETE /repos/acme/api/hooks/${mine.hook.id} 404`,
      'GET /repos/acme/api/hooks 200',
    ]);
    expect(repo.hooks.map((h) => String(h.id))).toEqual([other.hook.id]);
  });

  it('pings the hook: the delivery arrives signed, and the delivery log reports it', async () => {
    const { hook } = await hooks().register(REF, { url: receiver.url, secret: 's1' });
    await fake.hooks.idle();
    receiver.received.length = 0;

    await hooks().test!(REF, hook.id);
    await fake.hooks.idle();

    expect(receiver.received).toHaveLength(1);
    const ping = receiver.received[0];
    expect(ping.headers['x-github-event']).toBe('ping');
    expect(ping.headers['x-hub-signature-256']).toBe(`sha256=${createHmac('sha256', 's1').update(ping.body).digest('hex')}`);
    const log = await hooks().deliveries!(REF, hook.id);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ event: 'ping', ok: true, status: 200, error: null });
  });

  it('reports a failed delivery in GitHub’s words', async () => {
    receiver.answer(500);
    const { hook } = await hooks().register(REF, { url: receiver.url, secret: 's1' });
    await fake.hooks.idle();
    expect(await hooks().deliveries!(REF, hook.id)).toEqual([
      { at: expect.any(String), event: 'ping', ok: false, status: 500, error: 'Invalid HTTP Response: 500' },
    ]);
  });

  it('names the missing permission and creates nothing for a token without "Webhooks: write"', async () => {
    fake.state.addToken('github_pat_noHooks', {
      kind: 'fine-grained',
      login: 'octo',
      owner: 'acme',
      permissions: { metadata: 'read', contents: 'write', pull_requests: 'write' },
    });
    const limited = createGitHubProvider({ baseUrl: fake.url, token: 'github_pat_noHooks', settings: {} }, { retryDelayMs: 1 });

    const error = await limited.hooks!.register(REF, { url: receiver.url, secret: 's1' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HookPermissionMissing);
    expect((error as HookPermissionMissing).missing).toMatch(/admin:repo_hook.*Webhooks: write/);
    expect((error as Error).message).toContain('acme/api');
    expect(calls()).toEqual(['GET /repos/acme/api/hooks 403']);
    expect(repo.hooks).toEqual([]);
  });

  it('names the missing permission for a person who is not an admin of the repository', async () => {
    fake.state.addToken('ghp_rhea', { kind: 'classic', login: 'rhea', scopes: ['repo', 'admin:repo_hook'] });
    const collaborator = createGitHubProvider({ baseUrl: fake.url, token: 'ghp_rhea', settings: {} }, { retryDelayMs: 1 });

    await expect(collaborator.hooks!.register(REF, { url: receiver.url, secret: 's1' })).rejects.toBeInstanceOf(HookPermissionMissing);
    expect(repo.hooks).toEqual([]);
  });
});
