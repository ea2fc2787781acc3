// A small world most Bitbucket tests start from: workspace "acme" with repository "api",
// developer Dana (an Atlassian API token with every scope Baton needs), reviewer Rui (a member,
// with his own token), and Olga, who is not a member of the workspace.
import type { FakeBitbucket } from './server.ts';
import type { FakeAccount, FakeRepo } from './state.ts';

/** What Baton asks for: read the user, the workspace, repositories and pull requests; write repositories and pull requests. */
export const FULL_SCOPES = [
  'read:user:bitbucket',
  'read:workspace:bitbucket',
  'read:repository:bitbucket',
  'write:repository:bitbucket',
  'read:pullrequest:bitbucket',
  'write:pullrequest:bitbucket',
];

export const DANA_TOKEN = 'ATATT3xFfGF0dana-fake-api-token-0123456789';
export const RUI_TOKEN = 'ATATT3xFfGF0rui-fake-api-token-0123456789';

export interface AcmeWorld {
  dana: FakeAccount;
  rui: FakeAccount;
  olga: FakeAccount;
  repo: FakeRepo;
}

export function seedAcme(fake: FakeBitbucket): AcmeWorld {
  const { state } = fake;
  const dana = state.addAccount('dana', 'Dana Developer', 'dana@acme.test');
  const rui = state.addAccount('rui', 'Rui Reviewer', 'rui@acme.test');
  const olga = state.addAccount('olga', 'Olga Outsider', 'olga@elsewhere.test');
  state.addWorkspace('acme', [dana, rui], 'Acme');
  state.addApiToken(dana, DANA_TOKEN, FULL_SCOPES);
  state.addApiToken(rui, RUI_TOKEN, FULL_SCOPES);
  const repo = state.addRepo({ workspace: 'acme', slug: 'api', name: 'API' });
  return { dana, rui, olga, repo };
}

/** `Authorization` for an Atlassian API token: Basic base64(email:token). */
export function basicAuth(email: string, token: string): string {
  return `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
}
