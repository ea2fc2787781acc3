// A small world most GitHub tests start from: organisation "acme" with repository "api",
// developer "octo" (classic token with `repo`), reviewer "rhea" (a collaborator), and "stranger".
import type { FakeGitHub } from './server.ts';
import type { FakeRepo } from './state.ts';

export const TOKEN = 'ghp_fakeClassicTokenForOcto000000000000';

export function seedAcme(fake: FakeGitHub): { repo: FakeRepo } {
  const { state } = fake;
  state.addUser('octo', 'Octo Cat');
  state.addUser('rhea', 'Rhea Reviewer');
  state.addUser('stranger');
  state.addOrg('acme', ['octo']);
  state.addToken(TOKEN, { kind: 'classic', login: 'octo', scopes: ['repo', 'read:org'] });
  const repo = state.addRepo({ owner: 'acme', name: 'api', collaborators: ['rhea'] });
  return { repo };
}
