// A Baton with a GitHub project and a linked repository on the fake GitHub, ready for issue sync.
import { expect } from 'vitest';
import type { Engine } from '../../src/db/database.ts';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/server.ts';
import type { FakeRepo } from '../fakes/github/state.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { createProject, linkRepo, storeCredential, waitFor } from '../webhooks/support.ts';

export interface IssueWorld {
  fake: FakeGitHub;
  baton: TestBaton;
  owner: TestUser;
  projectId: string;
  close(): Promise<void>;
  /** A repository of acme on the fake, linked to the project; returns its Baton id. */
  link(name: string): Promise<{ repo: FakeRepo; repositoryId: string }>;
  /** Gives a Baton person a GitHub account (their credential's login). */
  account(user: TestUser, login: string): Promise<void>;
}

export async function startIssueWorld(engine: Engine, key: string): Promise<IssueWorld> {
  const fake = await startFakeGitHub();
  fake.state.addUser('octo');
  fake.state.addOrg('acme', ['octo']);
  fake.state.addToken('octo-token', { kind: 'classic', login: 'octo', scopes: ['repo'] });
  // Reconciliation is driven by the tests, not by the clock.
  const baton = await startTestBaton({ engine, env: { BATON_RECONCILIATION_PERIOD: '0' } });
  const owner = await baton.addUser({ name: 'Olive Owner' });
  const projectId = await createProject(owner, { key, settings: { baseUrl: fake.url } });
  const credentialId = await storeCredential(baton, owner, { provider: 'github', owner: 'acme', baseUrl: fake.url, token: 'octo-token' });
  await baton.ctx.db.kysely.updateTable('git_credentials').set({ login: 'octo' }).where('id', '=', credentialId).execute();
  return {
    fake,
    baton,
    owner,
    projectId,
    async close() {
      await baton.stop();
      await fake.close();
    },
    async link(name) {
      const repo = fake.state.addRepo({ owner: 'acme', name });
      const repositoryId = await linkRepo(baton, projectId, { owner: 'acme', name, externalId: String(repo.id) }, { credentialId });
      return { repo, repositoryId };
    },
    async account(user, login) {
      if (!fake.state.account(login)) fake.state.addUser(login);
      fake.state.account('acme')!.members.add(login.toLowerCase());
      const id = await storeCredential(baton, user, { provider: 'github', owner: 'acme', baseUrl: fake.url, token: `${login}-token` });
      await baton.ctx.db.kysely.updateTable('git_credentials').set({ login }).where('id', '=', id).execute();
      fake.state.addToken(`${login}-token`, { kind: 'classic', login, scopes: ['repo'] });
      await baton.ctx.db.kysely
        .insertInto('project_members')
        .values({ project_id: projectId, user_id: user.id, role: 'member', created_at: new Date().toISOString() })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
  };
}

/** Waits for the repository's import to end (done or failed) and answers the settings. */
export async function importSettled(world: IssueWorld, repositoryId: string) {
  const url = `/api/projects/${world.projectId}/repositories/${repositoryId}/issue-sync`;
  const view = await waitFor(
    async () => (await world.owner.api.get(url)).body,
    (v) => v.import?.status === 'done' || v.import?.status === 'failed',
    60_000,
  );
  expect(['done', 'failed']).toContain(view.import.status);
  return view;
}

export const putSync = (world: IssueWorld, repositoryId: string, body: unknown) =>
  world.owner.api.put(`/api/projects/${world.projectId}/repositories/${repositoryId}/issue-sync`, body);
