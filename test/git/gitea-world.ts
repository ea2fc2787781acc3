// A real Baton against the fake Gitea (or Forgejo), set up through the REST API as a person would:
// a project on the server's address (completed to its API root), two members with their own
// tokens, acme/api linked.
import type { Engine } from '../../src/db/database.ts';
import { DEV_TOKEN, RHEA_TOKEN, seedAcme } from '../fakes/gitea/seed.ts';
import { type FakeGitea, type FakeRepo, type Flavour, startFakeGitea } from '../fakes/gitea/server.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { addCredential, addMember, createProject, linkRepository } from './world.ts';

export interface GiteaWorld {
  baton: TestBaton;
  fake: FakeGitea;
  repo: FakeRepo;
  /** Developer, project owner; Gitea user "dev". */
  dev: TestUser;
  /** Reviewer; Gitea user "rhea", a collaborator on acme/api. */
  rhea: TestUser;
  projectId: string;
  repositoryId: string;
  credentialId: string;
  close(): Promise<void>;
}

export async function startGiteaWorld(
  opts: { engine?: Engine; flavour?: Flavour; projectKey?: string; draftPullRequests?: boolean; env?: Record<string, string> } = {},
): Promise<GiteaWorld> {
  const fake = await startFakeGitea({ flavour: opts.flavour });
  const { repo } = seedAcme(fake);
  const baton = await startTestBaton({ engine: opts.engine, env: opts.env });
  const dev = await baton.addUser({ name: 'Dev Eloper' });
  const rhea = await baton.addUser({ name: 'Rhea Reviewer' });
  const projectId = await createProject(dev, {
    key: opts.projectKey ?? 'TEA',
    provider: 'gitea',
    settings: { baseUrl: fake.webUrl },
    draftPullRequests: opts.draftPullRequests ?? false,
  });
  await addMember(dev, projectId, rhea);
  const credentialId = await addCredential(dev, { provider: 'gitea', owner: 'acme', token: DEV_TOKEN, baseUrl: fake.url });
  await addCredential(rhea, { provider: 'gitea', owner: 'acme', token: RHEA_TOKEN, baseUrl: fake.webUrl });
  const repositoryId = await linkRepository(dev, projectId, { credentialId, owner: 'acme', name: 'api' });
  return {
    baton,
    fake,
    repo,
    dev,
    rhea,
    projectId,
    repositoryId,
    credentialId,
    async close() {
      await baton.stop();
      await fake.close();
    },
  };
}

export const giteaCalls = (fake: FakeGitea, from = 0) => fake.calls.slice(from).map((c) => `${c.method} ${c.path} ${c.status}`);

/** Messages of the commits on `branch` that the base branch does not have, newest first. */
export const giteaCommitsOnBranch = (fake: FakeGitea, repo: FakeRepo, branch: string) =>
  fake.state.commits.messagesSince(repo.branches, branch, repo.defaultBranch);
