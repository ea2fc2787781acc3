export { startFakeAzureDevOps, type FakeAzureDevOps, type FakeCall, type FaultRule } from './server.ts';
export { FakeAzureDevOpsState, ZERO_ID } from './state.ts';
export type { FakeIdentity, FakeOrganization, FakeProject, FakePullRequest, FakeRepository } from './state.ts';
export { seedFabrikam, ALICE_PAT, FULL_SCOPES } from './seed.ts';
