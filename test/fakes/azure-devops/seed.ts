// The world most Azure DevOps tests start from: organisation `fabrikam`, project `Baton`,
// repository `api` with a README on `main`, Alice (holding a PAT) and Bob (a reviewer).
import type { FakeAzureDevOps } from './server.ts';

export const ALICE_PAT = 'alice-pat-0123456789abcdef';
export const FULL_SCOPES = ['vso.profile', 'vso.code_write', 'vso.identity'];

export function seedFabrikam(fake: FakeAzureDevOps, scopes: string[] = FULL_SCOPES) {
  const { state } = fake;
  const org = state.addOrganization('fabrikam');
  const project = state.addProject(org, 'Baton');
  const alice = state.addIdentity(org, 'Alice Example', 'alice@example.com');
  const bob = state.addIdentity(org, 'Bob Example', 'bob@example.com');
  const repo = state.addRepository(project, 'api');
  state.addToken(ALICE_PAT, alice, scopes);
  return { org, project, repo, alice, bob };
}
