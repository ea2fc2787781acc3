// A small world most Gitea tests start from: organisation "acme" with repository "api",
// developer "dev" (token with read:user and write:repository), reviewer "rhea" (a collaborator
// with write access) and "stranger".
import type { FakeGitea } from './server.ts';
import type { FakeRepo } from './state.ts';

export const DEV_TOKEN = 'gitea-token-for-dev-0000000000000000000001';
export const RHEA_TOKEN = 'gitea-token-for-rhea-000000000000000000002';
export const NEEDED_SCOPES = ['read:user', 'write:repository'];

export function seedAcme(fake: FakeGitea): { repo: FakeRepo } {
  const { state } = fake;
  state.addUser('dev', 'Dev Eloper');
  state.addUser('rhea', 'Rhea Reviewer');
  state.addUser('stranger');
  state.addOrg('acme', ['dev']);
  state.addToken(DEV_TOKEN, { login: 'dev', scopes: NEEDED_SCOPES });
  state.addToken(RHEA_TOKEN, { login: 'rhea', scopes: NEEDED_SCOPES });
  const repo = state.addRepo({ owner: 'acme', name: 'api', collaborators: { rhea: 'write' } });
  return { repo };
}
