// A real Baton against the fake Bitbucket Cloud, set up through the REST API as a person would:
// a project on the fake's API root, two members with their own Atlassian API tokens (and the
// account emails they belong to), acme/api linked.
import type { Engine } from '../../src/db/database.ts';
import { type AcmeWorld, DANA_TOKEN, RUI_TOKEN, seedAcme } from '../fakes/bitbucket/seed.ts';
import { type FakeBitbucket, type FakeRepo, startFakeBitbucket } from '../fakes/bitbucket/server.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { addCredential, addMember, createProject, linkRepository } from './world.ts';

export interface BitbucketWorld {
  baton: TestBaton;
  fake: FakeBitbucket;
  accounts: AcmeWorld;
  repo: FakeRepo;
  /** Developer, project owner; Bitbucket account "dana". */
  dana: TestUser;
  /** Reviewer; Bitbucket account "rui", a member of the workspace. */
  rui: TestUser;
  projectId: string;
  repositoryId: string;
  credentialId: string;
  close(): Promise<void>;
}

export async function startBitbucketWorld(
  opts: { engine?: Engine; projectKey?: string; draftPullRequests?: boolean; env?: Record<string, string> } = {},
): Promise<BitbucketWorld> {
  const fake = await startFakeBitbucket();
  const accounts = seedAcme(fake);
  const baton = await startTestBaton({ engine: opts.engine, env: opts.env });
  const dana = await baton.addUser({ name: 'Dana Developer' });
  const rui = await baton.addUser({ name: 'Rui Reviewer' });
  const projectId = await createProject(dana, {
    key: opts.projectKey ?? 'BB',
    provider: 'bitbucket',
    settings: { baseUrl: fake.url },
    draftPullRequests: opts.draftPullRequests ?? false,
  });
  await addMember(dana, projectId, rui);
  const credentialId = await addCredential(dana, { provider: 'bitbucket', owner: 'acme', email: 'dana@acme.test', token: DANA_TOKEN, baseUrl: fake.url });
  await addCredential(rui, { provider: 'bitbucket', owner: 'acme', email: 'rui@acme.test', token: RUI_TOKEN, baseUrl: fake.url });
  const repositoryId = await linkRepository(dana, projectId, { credentialId, owner: 'acme', name: 'api' });
  return {
    baton,
    fake,
    accounts,
    repo: accounts.repo,
    dana,
    rui,
    projectId,
    repositoryId,
    credentialId,
    async close() {
      await baton.stop();
      await fake.close();
    },
  };
}

export const bitbucketCalls = (fake: FakeBitbucket, from = 0) => fake.calls.slice(from).map((c) => `${c.method} ${c.path} ${c.status}`);

/** Commit messages on `branch` that the main branch does not have, newest first. */
export function bitbucketCommitsOnBranch(fake: FakeBitbucket, repo: FakeRepo, branch: string): string[] {
  const base = repo.branches.get(repo.mainBranch);
  const out: string[] = [];
  for (let hash = repo.branches.get(branch); hash && hash !== base; hash = fake.state.commits.get(hash)?.parents[0]) {
    out.push(fake.state.commits.get(hash)!.message);
  }
  return out;
}
