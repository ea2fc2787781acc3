// The world most Azure DevOps tests start from: organisation `fabrikam`, project `Baton`,
// repository `api` with a README on `main`, Alice (holding a PAT for this one organisation, as
// the README advises) and Bob (a reviewer).
import type { FakeAzureDevOps } from './server.ts';

export const ALICE_PAT = 'alice-pat-0123456789abcdef';
/** All Baton needs: Code (Read & write). */
export const FULL_SCOPES = ['vso.code_write'];

export function seedFabrikam(fake: FakeAzureDevOps, scopes: string[] = FULL_SCOPES) {
  const { state } = fake;
  const org = state.addOrganization('fabrikam');
  const project = state.addProject(org, 'Baton');
  const alice = state.addIdentity(org, 'Alice Example', 'alice@example.com');
  const bob = state.addIdentity(org, 'Bob Example', 'bob@example.com');
  const repo = state.addRepository(project, 'api');
  state.addToken(ALICE_PAT, alice, scopes, ['fabrikam']);
  return { org, project, repo, alice, bob };
}
