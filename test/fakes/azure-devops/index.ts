export { ALICE_PAT, FULL_SCOPES, seedFabrikam } from './seed.ts';
export { type FakeAzureDevOps, type FakeCall, type FaultRule, startFakeAzureDevOps } from './server.ts';
export type { FakeIdentity, FakeOrganization, FakeProject, FakePullRequest, FakeRepository } from './state.ts';
export { FakeAzureDevOpsState, ZERO_ID } from './state.ts';
