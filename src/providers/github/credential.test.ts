import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedAcme, TOKEN } from '../../../test/fakes/github/seed.ts';
import { type FakeGitHub, type FakeRepo, startFakeGitHub } from '../../../test/fakes/github/server.ts';
import type { FakeToken } from '../../../test/fakes/github/state.ts';
import { createGitHubProvider, parseTokenExpiry } from './provider.ts';

describe('GitHub credential validation', () => {
  let fake: FakeGitHub;
  let repo: FakeRepo;
  const validate = (token: string, owner = 'acme') => createGitHubProvider({ baseUrl: fake.url, token, settings: {} }).validateCredential(owner);
  const withToken = (token: FakeToken) => {
    const value = `github_pat_${fake.state.tokens.size}`;
    fake.state.addToken(value, token);
    return value;
  };

  beforeEach(async () => {
    fake = await startFakeGitHub();
    ({ repo } = seedAcme(fake));
  });

  afterEach(async () => {
    await fake.close();
    expect(fake.violations).toEqual([]);
  });

  it('accepts a classic token with the repo scope in one call', async () => {
    expect(await validate(TOKEN)).toEqual({
      login: 'octo',
      externalUserId: String(fake.state.account('octo')!.id),
      displayName: 'Octo Cat',
      scopes: ['repo', 'read:org'],
      missing: [],
      expiresAt: null,
    });
    expect(fake.calls.map((c) => c.path)).toEqual(['/user']);
  });

  it('names the repo scope a classic token lacks', async () => {
    const token = withToken({ kind: 'classic', login: 'octo', scopes: ['public_repo'] });
    expect(await validate(token)).toMatchObject({ scopes: ['public_repo'], missing: ['repo'] });
    const none = withToken({ kind: 'classic', login: 'octo', scopes: [] });
    expect(await validate(none)).toMatchObject({ scopes: [], missing: ['repo'] });
  });

  it('reads the expiry GitHub sends for expiring tokens', async () => {
    const token = withToken({ kind: 'classic', login: 'octo', scopes: ['repo'], expiresAt: new Date('2030-06-30T12:00:00Z') });
    expect((await validate(token)).expiresAt).toEqual(new Date('2030-06-30T12:00:00Z'));
  });

  it('probes a fine-grained token without changing anything', async () => {
    const token = withToken({
      kind: 'fine-grained',
      login: 'octo',
      owner: 'acme',
      permissions: { metadata: 'read', contents: 'write', pull_requests: 'write' },
    });
    expect(await validate(token)).toMatchObject({ login: 'octo', scopes: [], missing: [] });
    expect(fake.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      'GET /user 200',
      'GET /user/repos 200',
      'POST /repos/acme/api/git/refs 422',
      'POST /repos/acme/api/pulls 422',
    ]);
    expect([...repo.branches.keys()]).toEqual(['main']);
    expect(repo.pulls).toEqual([]);
  });

  it('names each permission a fine-grained token lacks', async () => {
    const readOnly = withToken({ kind: 'fine-grained', login: 'octo', permissions: { metadata: 'read', contents: 'read', pull_requests: 'read' } });
    expect((await validate(readOnly)).missing).toEqual(['Contents: write', 'Pull requests: write']);
    const noPulls = withToken({ kind: 'fine-grained', login: 'octo', permissions: { metadata: 'read', contents: 'write' } });
    expect((await validate(noPulls)).missing).toEqual(['Pull requests: write']);
  });

  it('says everything is missing when the token sees no repository of the owner', async () => {
    const elsewhere = withToken({
      kind: 'fine-grained',
      login: 'octo',
      owner: 'octo',
      permissions: { metadata: 'read', contents: 'write', pull_requests: 'write' },
    });
    expect((await validate(elsewhere)).missing).toEqual(['Metadata: read', 'Contents: write', 'Pull requests: write']);
  });

  it('throws auth for a rejected token', async () => {
    await expect(validate('ghp_nope')).rejects.toMatchObject({ kind: 'auth' });
  });

  it('parses the expiry header formats', () => {
    expect(parseTokenExpiry('2025-09-01 12:00:00 UTC')).toEqual(new Date('2025-09-01T12:00:00Z'));
    expect(parseTokenExpiry('2025-09-01 12:00:00 -0700')).toEqual(new Date('2025-09-01T19:00:00Z'));
    expect(parseTokenExpiry(undefined)).toBeNull();
    expect(parseTokenExpiry('soon')).toBeNull();
  });
});
