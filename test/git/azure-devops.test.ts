import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCriteriaChecklist } from '../../src/domain/criteria-checklist.ts';
import { ALICE_PAT, type FakeAzureDevOps, FULL_SCOPES, seedFabrikam, startFakeAzureDevOps } from '../fakes/azure-devops/index.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { addCredential, addMember, createProject, createTicket, linkRepository, startWork, steps } from './world.ts';

const BOB_PAT = 'bob-pat-0123456789abcdef';
const GIT = '/fabrikam/Baton/_apis/git/repositories/api';

describe('Azure DevOps: credentials, repositories and Start work', () => {
  let fake: FakeAzureDevOps;
  let world: ReturnType<typeof seedFabrikam>;
  let baton: TestBaton;
  let alice: TestUser;
  let bob: TestUser;
  let projectId: string;

  beforeAll(async () => {
    fake = await startFakeAzureDevOps();
    world = seedFabrikam(fake);
    fake.state.addToken(BOB_PAT, world.bob, FULL_SCOPES, ['fabrikam']);
    baton = await startTestBaton();
    alice = await baton.addUser({ name: 'Alice Example' });
    bob = await baton.addUser({ name: 'Bob Example' });
    projectId = await createProject(alice, { key: 'FAB', provider: 'ado', settings: { organization: 'fabrikam', project: 'Baton', baseUrl: fake.url } });
    await addMember(alice, projectId, bob);
  });
  afterAll(async () => {
    await baton?.stop();
    await fake?.close();
  });
  afterEach(() => expect(fake.violations).toEqual([]));

  const post = (user: TestUser, token: string) => user.api.post('/api/me/credentials', { provider: 'ado', owner: 'fabrikam', token, baseUrl: fake.url });

  it.each([
    ['401', false],
    ['203 with an HTML sign-in page', true],
  ])('refuses a token Azure DevOps rejects (%s) as "token rejected", saving nothing', async (_answer, signInPage) => {
    fake.signInPageForBadTokens = signInPage;
    try {
      const res = await post(alice, 'not-a-real-pat-000000');
      expect(res.status).toBe(422);
      expect(res.body.error.message).toBe(
        'Could not add the Azure DevOps token for fabrikam: Azure DevOps rejected the token: it is invalid, expired or lacks a scope',
      );
      expect((await alice.api.get('/api/me/credentials')).body.items).toEqual([]);
    } finally {
      fake.signInPageForBadTokens = false;
    }
  });

  it('names what a token lacks: Code read & write', async () => {
    fake.state.addToken('alice-read-only-pat-00', world.alice, ['vso.code'], ['fabrikam']);
    const res = await post(alice, 'alice-read-only-pat-00');
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe('Azure DevOps token (alice@example.com) lacks Code: Read & write on fabrikam; grant it and add the token again');
  });

  it('saves an organisation-scoped PAT with Code: Read & write only, which the service refuses on profiles/me', async () => {
    fake.state.addToken('alice-org-scoped-pat-0', world.alice, ['vso.code_write'], ['fabrikam']);
    const probe = await fetch(`${fake.url}/_apis/profile/profiles/me?api-version=7.1`, {
      headers: { authorization: `Basic ${Buffer.from(':alice-org-scoped-pat-0').toString('base64')}` },
    });
    expect(probe.status).toBe(401);
    const user = await baton.addUser({ name: 'Alice Again' });
    await addMember(alice, projectId, user);
    const saved = await post(user, 'alice-org-scoped-pat-0');
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ login: 'alice@example.com', missing: [], scopes: ['vso.code', 'vso.code_write'] });
    // Only the probe above went to profiles/me.
    expect(fake.calls.filter((c) => c.path.includes('/profile/'))).toHaveLength(1);
  });

  it('stores the identity id reviewers are added by, and lists and links the project repositories', async () => {
    const credential = await post(alice, ALICE_PAT);
    expect(credential.status).toBe(201);
    expect(credential.body).toMatchObject({ provider: 'ado', owner: 'fabrikam', login: 'alice@example.com', missing: [], last4: 'cdef' });
    const row = await baton.ctx.db.kysely
      .selectFrom('git_credentials')
      .select('external_user_id')
      .where('id', '=', credential.body.id)
      .executeTakeFirstOrThrow();
    expect(row.external_user_id).toBe(world.alice.id);
    await addCredential(bob, { provider: 'ado', owner: 'fabrikam', token: BOB_PAT, baseUrl: fake.url });

    const available = await alice.api.get(`/api/projects/${projectId}/repositories/available?credentialId=${credential.body.id}`);
    expect(available.body).toEqual({ items: [{ owner: 'fabrikam', name: 'api', defaultBranch: 'main', private: true }], hasMore: false });
    const repositoryId = await linkRepository(alice, projectId, { credentialId: credential.body.id, owner: 'fabrikam', name: 'api' });
    const listed = (await alice.api.get(`/api/projects/${projectId}/repositories`)).body.items;
    expect(listed).toEqual([expect.objectContaining({ id: repositoryId, owner: 'fabrikam', name: 'api', defaultBranch: 'main' })]);
  });

  it('starts work in four calls: base head, one push (branch + spec), PR, reviewer by identity id', async () => {
    const { key } = await createTicket(alice, projectId);
    const from = fake.calls.length;
    const ticket = await startWork(alice, key);

    const branch = `feature/${key}-refund-flow`;
    expect(ticket.startWork.status).toBe('succeeded');
    expect(steps(ticket)).toEqual(['branch:done', 'spec:done', 'pull_request:done', 'reviewer:done']);
    expect(ticket).toMatchObject({ branch, status: 'in_review', reviewer: { id: bob.id } });
    expect(fake.callList().slice(from)).toEqual([
      `GET ${GIT}/refs`,
      `POST ${GIT}/pushes`,
      `POST ${GIT}/pullrequests`,
      `PUT ${GIT}/pullRequests/1/reviewers/${world.bob.id}`,
    ]);
    // The documented new-branch push: the new ref's old id is the base tip it starts from.
    const baseTip = world.repo.refs.get('refs/heads/main')!;
    expect(world.repo.pushes).toEqual([expect.objectContaining({ refName: `refs/heads/${branch}`, oldObjectId: baseTip })]);
    expect(world.repo.commits.get(world.repo.refs.get(`refs/heads/${branch}`)!)!.parents).toEqual([baseTip]);
    expect(fake.state.fileAt(world.repo, `refs/heads/${branch}`, `/.tickets/${key}.md`)).toMatch(new RegExp(`^# ${key}: Refund flow\\n`));
    const [pr] = world.repo.pullRequests;
    expect(pr).toMatchObject({ title: `${key}: Refund flow`, sourceRefName: `refs/heads/${branch}`, targetRefName: 'refs/heads/main', isDraft: false });
    expect(parseCriteriaChecklist(pr.description)).toEqual([
      { text: 'Refund button on the order page', checked: false },
      { text: 'Customer gets an email', checked: false },
    ]);
    expect(pr.reviewers.map((r) => r.identity.id)).toEqual([world.bob.id]);
    expect(ticket.pullRequests).toEqual([
      expect.objectContaining({ number: pr.pullRequestId, url: `${fake.url}/fabrikam/Baton/_git/api/pullrequest/${pr.pullRequestId}` }),
    ]);
  });

  it('started twice: no second push, PR or reviewer', async () => {
    const { key } = await createTicket(alice, projectId, { title: 'Twice' });
    await startWork(alice, key);
    const pushes = world.repo.pushes.length;
    const again = await startWork(alice, key);
    expect(again.startWork.status).toBe('succeeded');
    expect(world.repo.pushes).toHaveLength(pushes);
    expect(world.repo.pullRequests.filter((p) => p.sourceRefName.endsWith(`${key}-twice`))).toHaveLength(1);
    expect(again.startWork.steps[3].detail).toBe(`Bob Example (bob@example.com) was already requested`);
  });

  it('says on the ticket why a reviewer without an identity id cannot be requested, and never puts an address in a URL', async () => {
    const bobs = baton.ctx.db.kysely.updateTable('git_credentials').where('user_id', '=', bob.id);
    await bobs.set({ external_user_id: null }).execute();
    try {
      const { key } = await createTicket(alice, projectId, { title: 'No identity' });
      const from = fake.calls.length;
      const ticket = await startWork(alice, key);
      expect(steps(ticket)).toEqual(['branch:done', 'spec:done', 'pull_request:done', 'reviewer:failed']);
      expect(ticket.startWork.error).toBe(
        'Could not request a review from Bob Example (bob@example.com): Azure DevOps adds reviewers by identity id, and none is on record for bob@example.com: they can add their Azure DevOps credential again; set a reviewer on the ticket and press Start work again',
      );
      expect(fake.calls.slice(from).filter((c) => decodeURIComponent(c.path + c.query).includes('@'))).toEqual([]);
      expect(
        fake
          .callList()
          .slice(from)
          .some((c) => c.includes('/reviewers/')),
      ).toBe(false);
    } finally {
      await bobs.set({ external_user_id: world.bob.id }).execute();
    }
  });

  it('fails when opening the PR is refused, and resumes without pushing again', async () => {
    const { key } = await createTicket(alice, projectId, { title: 'Resume' });
    fake.fail({
      method: 'POST',
      path: /\/pullrequests$/,
      status: 403,
      body: {
        $id: '1',
        message: 'TF401027: You need the Git Contribute To Pull Requests permission to perform this action.',
        typeKey: 'GitNeedsPermissionException',
      },
    });
    const broken = await startWork(alice, key);
    expect(steps(broken)).toEqual(['branch:done', 'spec:done', 'pull_request:failed', 'reviewer:pending']);
    expect(broken.startWork.error).toContain('TF401027');

    const from = fake.calls.length;
    const resumed = await startWork(alice, key);
    expect(resumed.startWork.status).toBe('succeeded');
    expect(fake.callList().slice(from)).toEqual([
      `POST ${GIT}/pullrequests`,
      expect.stringMatching(new RegExp(`^PUT ${GIT}/pullRequests/\\d+/reviewers/${world.bob.id}$`)),
    ]);
    expect(world.repo.pushes.filter((p) => p.refName.endsWith(`${key}-resume`))).toHaveLength(1);
  });

  it('adopts the active PR already open for the branch', async () => {
    const { key } = await createTicket(alice, projectId, { title: 'Adopt' });
    const branch = `refs/heads/feature/${key}-adopt`;
    world.repo.refs.set(branch, world.repo.refs.get('refs/heads/main')!);
    const existing = fake.state.addPullRequest(world.repo, {
      sourceRefName: branch,
      targetRefName: 'refs/heads/main',
      title: 'WIP',
      description: '',
      isDraft: false,
      createdBy: world.alice,
    });

    const ticket = await startWork(alice, key);

    expect(ticket.startWork.status).toBe('succeeded');
    expect(ticket.startWork.steps[2].detail).toMatch(new RegExp(`^Adopted the open pull request #${existing.pullRequestId}`));
    expect(world.repo.pullRequests.filter((p) => p.sourceRefName === branch)).toHaveLength(1);
    expect(existing.reviewers.map((r) => r.identity.id)).toEqual([world.bob.id]);
  });

  it('ends the flow plainly when the stored token is rejected at start (401)', async () => {
    fake.state.tokens.delete(ALICE_PAT);
    try {
      const { key } = await createTicket(alice, projectId, { title: 'Revoked' });
      const ticket = await startWork(alice, key);
      expect(steps(ticket)).toEqual(['branch:failed', 'spec:pending', 'pull_request:pending', 'reviewer:pending']);
      expect(ticket.startWork.error).toBe('Azure DevOps rejected the token: it is invalid, expired or lacks a scope');
    } finally {
      fake.state.addToken(ALICE_PAT, world.alice, FULL_SCOPES, ['fabrikam']);
    }
  });
});

describe('Azure DevOps credentials outside any Baton project', () => {
  it('asks for the project the token is checked in, or takes it from the request', async () => {
    const fake = await startFakeAzureDevOps();
    const world = seedFabrikam(fake);
    const baton = await startTestBaton();
    try {
      const carol = await baton.addUser({ name: 'Carol' });
      const body = { provider: 'ado', owner: 'fabrikam', token: ALICE_PAT, baseUrl: fake.url };
      const refused = await carol.api.post('/api/me/credentials', body);
      expect(refused.status).toBe(422);
      expect(refused.body.error.details.fields).toEqual({
        project:
          'Azure DevOps project is needed: Baton checks a token inside a project, and none of your Baton projects is in organization fabrikam. Name the Azure DevOps project, or join (or create) the Baton project for fabrikam first.',
      });
      const saved = await carol.api.post('/api/me/credentials', { ...body, project: 'Baton' });
      expect(saved.status).toBe(201);
      expect(saved.body.login).toBe(world.alice.uniqueName);
      expect(fake.violations).toEqual([]);
    } finally {
      await baton.stop();
      await fake.close();
    }
  });
});
