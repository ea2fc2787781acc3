// A real Baton against the fake providers, driven through the REST API as a person would.
import { expect } from 'vitest';
import type { Engine } from '../../src/db/database.ts';
import { seedAcme, TOKEN } from '../fakes/github/seed.ts';
import { type FakeGitHub, type FakeRepo, startFakeGitHub } from '../fakes/github/server.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { eventually } from '../support/eventually.ts';

export { eventually };

export const RHEA_TOKEN = 'ghp_fakeClassicTokenForRhea000000000000';

export interface GitHubWorld {
  baton: TestBaton;
  fake: FakeGitHub;
  repo: FakeRepo;
  /** Developer, project owner; GitHub user "octo". */
  dev: TestUser;
  /** Reviewer; GitHub user "rhea", a collaborator on acme/api. */
  rhea: TestUser;
  projectId: string;
  repositoryId: string;
  close(): Promise<void>;
}

export async function startGitHubWorld(opts: { engine?: Engine; pathPrefix?: '' | '/api/v3'; projectKey?: string } = {}): Promise<GitHubWorld> {
  const fake = await startFakeGitHub({ pathPrefix: opts.pathPrefix ?? '' });
  const { repo } = seedAcme(fake);
  fake.state.addToken(RHEA_TOKEN, { kind: 'classic', login: 'rhea', scopes: ['repo'] });
  const baton = await startTestBaton({ engine: opts.engine });
  const dev = await baton.addUser({ name: 'Dev Octo' });
  const rhea = await baton.addUser({ name: 'Rhea Reviewer' });
  const projectId = await createProject(dev, { key: opts.projectKey ?? 'PAY', provider: 'github', settings: { baseUrl: fake.url } });
  await addMember(dev, projectId, rhea);
  const credentialId = await addCredential(dev, { provider: 'github', owner: 'acme', token: TOKEN, baseUrl: fake.url });
  await addCredential(rhea, { provider: 'github', owner: 'acme', token: RHEA_TOKEN, baseUrl: fake.url });
  const repositoryId = await linkRepository(dev, projectId, { credentialId, owner: 'acme', name: 'api' });
  return {
    baton,
    fake,
    repo,
    dev,
    rhea,
    projectId,
    repositoryId,
    async close() {
      await baton.stop();
      await fake.close();
    },
  };
}

export async function createProject(owner: TestUser, body: Record<string, unknown>): Promise<string> {
  const res = await owner.api.post('/api/projects', { name: `Project ${body.key}`, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

export async function addMember(owner: TestUser, projectId: string, user: TestUser): Promise<void> {
  const res = await owner.api.post(`/api/projects/${projectId}/members`, { userId: user.id, role: 'member' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

export async function addCredential(user: TestUser, body: Record<string, unknown>): Promise<string> {
  const res = await user.api.post('/api/me/credentials', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

/** Links through the API and waits for the webhook setup the link starts, so later call lists hold only what a test does. */
export async function linkRepository(owner: TestUser, projectId: string, body: { credentialId: string; owner: string; name: string }): Promise<string> {
  const res = await owner.api.post(`/api/projects/${projectId}/repositories`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.id as string;
  await eventually(
    async () => {
      const webhooks = await owner.api.get(`/api/projects/${projectId}/webhooks`);
      return webhooks.body.items?.some((w: { repositoryId: string; status: string }) => w.repositoryId === id && w.status !== 'pending');
    },
    { what: 'the webhook setup started by the link to finish' },
  );
  return id;
}

export async function createTicket(user: TestUser, projectId: string, body: Record<string, unknown> = {}): Promise<{ key: string; id: string }> {
  const res = await user.api.post(`/api/projects/${projectId}/tickets`, {
    title: 'Refund flow',
    spec: 'Customers get their money back within five days.\n\n## Notes\n\nUse the payment provider API.',
    acceptanceCriteria: ['Refund button on the order page', 'Customer gets an email'],
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { key: res.body.key, id: res.body.id };
}

/** Polls the ticket until its Start work flow is no longer running. */
export function waitForStartWork(user: TestUser, key: string): Promise<any> {
  return eventually(
    async () => {
      const ticket = (await user.api.get(`/api/tickets/${key}`)).body;
      if (ticket.startWork?.status === 'running') throw new Error(`still running: ${JSON.stringify(ticket.startWork)}`);
      return ticket.startWork ? ticket : null;
    },
    { what: `Start work of ${key} to end` },
  );
}

/** POST start, expect 202, wait for the flow to end. */
export async function startWork(user: TestUser, key: string): Promise<any> {
  const res = await user.api.post(`/api/tickets/${key}/start`);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return waitForStartWork(user, key);
}

export const steps = (ticket: any): string[] => ticket.startWork.steps.map((s: any) => `${s.name}:${s.status}`);

/** Commits on `branch` that the base branch does not have. */
export function commitsOnBranch(fake: FakeGitHub, repo: FakeRepo, branch: string): Array<{ message: string }> {
  return fake.state.commits.messagesSince(repo.branches, branch, repo.defaultBranch).map((message) => ({ message }));
}

export const callList = (fake: FakeGitHub, from = 0) => fake.calls.slice(from).map((c) => `${c.method} ${c.path} ${c.status}`);
