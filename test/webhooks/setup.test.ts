// Webhook setup end to end on every provider fake: a real Baton whose public URL the fake can
// reach, repositories linked through the API, the provider's webhook followed in the fake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/database.ts';
import { ALICE_PAT, type FakeAzureDevOps, seedFabrikam, startFakeAzureDevOps } from '../fakes/azure-devops/index.ts';
import { FULL_SCOPES as BITBUCKET_SCOPES, RUI_TOKEN, seedAcme as seedBitbucket } from '../fakes/bitbucket/seed.ts';
import { startFakeBitbucket } from '../fakes/bitbucket/server.ts';
import { DEV_TOKEN, NEEDED_SCOPES as GITEA_SCOPES, seedAcme as seedGitea } from '../fakes/gitea/seed.ts';
import { startFakeGitea } from '../fakes/gitea/server.ts';
import { TOKEN as GITHUB_TOKEN, seedAcme as seedGitHub } from '../fakes/github/seed.ts';
import { startFakeGitHub } from '../fakes/github/server.ts';
import { addCredential, createProject, createTicket } from '../git/world.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { freePort } from '../support/child-baton.ts';
import { engines } from '../support/databases.ts';
import { eventually } from '../support/eventually.ts';

interface Hook {
  id: string;
  url: string;
  secret: string;
}

/** One provider fake, seen the way these tests need it. */
interface ProviderWorld {
  provider: string;
  settings: Record<string, string>;
  /** A credential that may manage webhooks, and one that may not. */
  credential: Record<string, string>;
  limited: Record<string, string>;
  repo: { owner: string; name: string };
  /** Provider-side webhook objects per webhook Baton registers (Azure DevOps: three subscriptions). */
  perHook: number;
  hooks(): Hook[];
  /** A webhook somebody set up by hand. */
  addHandHook(url: string): void;
  /** A pull request for the ticket, opened without any webhook delivery. */
  openPullSilently(key: string): void;
  /** Without a test call: make a change the provider delivers. */
  deliverChange?(key: string): void;
  /** The provider answers 503 to every webhook update until `releaseUpdates`: it keeps the secret it has. */
  holdUpdates(): void;
  releaseUpdates(): void;
  idle(): Promise<void>;
  violations(): string[];
  close(): Promise<void>;
}

async function github(): Promise<ProviderWorld> {
  const fake = await startFakeGitHub();
  const { repo } = seedGitHub(fake);
  fake.state.addToken('github_pat_noHooks', {
    kind: 'fine-grained',
    login: 'octo',
    owner: 'acme',
    permissions: { metadata: 'read', contents: 'write', pull_requests: 'write' },
  });
  return {
    provider: 'github',
    settings: { baseUrl: fake.url },
    credential: { provider: 'github', owner: 'acme', token: GITHUB_TOKEN, baseUrl: fake.url },
    limited: { provider: 'github', owner: 'acme', token: 'github_pat_noHooks', baseUrl: fake.url },
    repo: { owner: 'acme', name: 'api' },
    perHook: 1,
    hooks: () => repo.hooks.map((h) => ({ id: String(h.id), url: h.url, secret: h.secret })),
    addHandHook: (url) =>
      repo.hooks.push({
        id: fake.state.id(),
        url,
        secret: 'by-hand',
        contentType: 'json',
        events: ['pull_request'],
        active: true,
        createdAt: '',
        updatedAt: '',
        deliveries: [],
      }),
    openPullSilently(key) {
      fake.state.addBranch(repo, `feature/${key}`);
      fake.state.addPull(repo, { head: `feature/${key}`, title: `${key} silent` });
    },
    holdUpdates: () => fake.fail({ method: 'PATCH', path: /^\/repos\/acme\/api\/hooks\/\d+$/, status: 503, times: 10_000 }),
    releaseUpdates: () => fake.clearFaults(),
    idle: () => fake.hooks.idle(),
    violations: () => fake.violations,
    close: () => fake.close(),
  };
}

async function gitea(): Promise<ProviderWorld> {
  const fake = await startFakeGitea();
  const { repo } = seedGitea(fake);
  // Webhooks need a repository admin; organisation members only write.
  fake.state.addUser('ada', 'Ada Admin');
  fake.state.addToken('gitea-token-for-ada', { login: 'ada', scopes: GITEA_SCOPES });
  repo.collaborators.set('ada', 'admin');
  return {
    provider: 'gitea',
    settings: { baseUrl: fake.webUrl },
    credential: { provider: 'gitea', owner: 'acme', token: 'gitea-token-for-ada', baseUrl: fake.url },
    limited: { provider: 'gitea', owner: 'acme', token: DEV_TOKEN, baseUrl: fake.url },
    repo: { owner: 'acme', name: 'api' },
    perHook: 1,
    hooks: () => fake.hooks.map((h) => ({ id: String(h.id ?? ''), url: h.url, secret: h.secret })),
    addHandHook: (url) => fake.hooks.push({ repo: 'acme/api', url, secret: 'by-hand', id: fake.state.id(), events: ['pull_request'], active: true }),
    openPullSilently(key) {
      repo.branches.set(`feature/${key}`, repo.branches.get(repo.defaultBranch)!);
      fake.state.addPull(repo, { head: `feature/${key}`, title: `${key} silent` });
    },
    holdUpdates: () => fake.fail({ method: 'PATCH', path: /\/repos\/acme\/api\/hooks\/\d+$/, status: 503, times: 10_000 }),
    releaseUpdates: () => fake.clearFaults(),
    idle: async () => void (await fake.deliveries()),
    violations: () => fake.violations,
    close: () => fake.close(),
  };
}

async function bitbucket(): Promise<ProviderWorld> {
  const fake = await startFakeBitbucket();
  const world = seedBitbucket(fake);
  const token = 'ATATT3xFfGF0dana-admin-hooks-0123456789';
  fake.state.addApiToken(world.dana, token, [...BITBUCKET_SCOPES, 'read:webhook:bitbucket', 'write:webhook:bitbucket']);
  world.repo.permissions.set(world.dana.uuid, 'admin');
  return {
    provider: 'bitbucket',
    settings: { baseUrl: fake.url },
    credential: { provider: 'bitbucket', owner: 'acme', email: 'dana@acme.test', token, baseUrl: fake.url },
    limited: { provider: 'bitbucket', owner: 'acme', email: 'rui@acme.test', token: RUI_TOKEN, baseUrl: fake.url },
    repo: { owner: 'acme', name: 'api' },
    perHook: 1,
    hooks: () => world.repo.hooks.map((h) => ({ id: h.uuid, url: h.url, secret: h.secret })),
    addHandHook: (url) => void fake.state.addHook(world.repo, { url, secret: 'by-hand' }),
    openPullSilently(key) {
      world.repo.branches.set(`feature/${key}`, world.repo.branches.get(world.repo.mainBranch)!);
      fake.state.addPull(world.repo, { sourceBranch: `feature/${key}`, title: `${key} silent`, author: world.dana });
    },
    deliverChange(key) {
      const pull = world.repo.pulls.find((p) => p.title.startsWith(key))!;
      fake.approve(world.repo, pull, world.rui);
    },
    holdUpdates: () => fake.fail({ method: 'PUT', path: /\/repositories\/acme\/api\/hooks\/[^/]+$/, status: 503, times: 10_000 }),
    releaseUpdates: () => fake.clearFaults(),
    idle: () => fake.webhooks.idle(),
    violations: () => fake.violations,
    close: () => fake.close(),
  };
}

async function azureDevOps(): Promise<ProviderWorld> {
  const fake: FakeAzureDevOps = await startFakeAzureDevOps();
  const world = seedFabrikam(fake);
  fake.state.addToken('bob-pat-0123456789abcdef', world.bob, ['vso.code_write']);
  world.org.hooksDenied.add(world.bob.id);
  return {
    provider: 'ado',
    settings: { organization: 'fabrikam', project: 'Baton', baseUrl: fake.url },
    credential: { provider: 'ado', owner: 'fabrikam', token: ALICE_PAT, baseUrl: fake.url },
    limited: { provider: 'ado', owner: 'fabrikam', token: 'bob-pat-0123456789abcdef', baseUrl: fake.url },
    repo: { owner: 'fabrikam', name: 'api' },
    perHook: 3,
    hooks: () => world.org.subscriptions.map((s) => ({ id: s.id, url: s.consumerInputs.url ?? '', secret: s.consumerInputs.basicAuthPassword ?? '' })),
    addHandHook(url) {
      const now = new Date().toISOString();
      world.org.subscriptions.push({
        id: crypto.randomUUID(),
        eventType: 'git.pullrequest.updated',
        publisherInputs: { projectId: world.project.id, repository: world.repo.id },
        consumerInputs: { url, basicAuthUsername: 'me', basicAuthPassword: 'by-hand' },
        createdBy: world.alice.id,
        createdDate: now,
        modifiedDate: now,
        notifications: [],
      });
    },
    openPullSilently(key) {
      const head = world.repo.refs.get('refs/heads/main')!;
      world.repo.refs.set(`refs/heads/feature/${key}`, head);
      fake.state.addPullRequest(world.repo, {
        sourceRefName: `refs/heads/feature/${key}`,
        targetRefName: 'refs/heads/main',
        title: `${key} silent`,
        description: '',
        isDraft: false,
        createdBy: world.alice,
      });
    },
    holdUpdates: () => fake.fail({ method: 'PUT', path: /\/_apis\/hooks\/subscriptions\/[^/]+$/, status: 503, times: 10_000 }),
    releaseUpdates: () => fake.clearFaults(),
    idle: () => fake.state.serviceHooks.idle(),
    violations: () => fake.violations,
    close: () => fake.close(),
  };
}

const PROVIDERS: Array<[string, () => Promise<ProviderWorld>]> = [
  ['GitHub', github],
  ['Azure DevOps', azureDevOps],
  ['Bitbucket', bitbucket],
  ['Gitea', gitea],
];

const cases = PROVIDERS.flatMap(([name, start]) => engines.map((engine) => [name, engine, start] as [string, Engine, () => Promise<ProviderWorld>]));

describe.each(cases)('webhook setup on the %s fake (%s)', (name, engine, start) => {
  let world: ProviderWorld;
  let baton: TestBaton;
  let owner: TestUser;
  let projectId: string;
  let credentialId: string;
  let repositoryId: string;
  let hookUrl: string;

  const webhooks = async (pid = projectId) => {
    const res = await owner.api.get(`/api/projects/${pid}/webhooks`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items as Array<Record<string, any>>;
  };
  const card = async (id = repositoryId, pid = projectId) => (await webhooks(pid)).find((w) => w.repositoryId === id)!;
  const cardWhen = (check: (w: Record<string, any>) => boolean, what: string, id = repositoryId, pid = projectId) =>
    eventually(
      async () => {
        const w = await card(id, pid);
        return check(w) ? w : null;
      },
      { what },
    );
  const mine = () => world.hooks().filter((h) => h.url === hookUrl);
  const link = async (pid: string, credential: string) => {
    const res = await owner.api.post(`/api/projects/${pid}/repositories`, { credentialId: credential, ...world.repo });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const currentSecret = async () => {
    const row = await baton.ctx.db.kysely.selectFrom('projects').select('webhook_secret_ciphertext').where('id', '=', projectId).executeTakeFirstOrThrow();
    return baton.ctx.secrets.open(row.webhook_secret_ciphertext!);
  };

  beforeAll(async () => {
    world = await start();
    const port = await freePort();
    // The fake delivers to Baton itself; reconciliation runs only when a test asks for it.
    baton = await startTestBaton({
      engine,
      // No grace period for a rotated-out secret: only a provider still holding it keeps it accepted.
      env: { BATON_PORT: String(port), BATON_PUBLIC_URL: `http://127.0.0.1:${port}`, BATON_RECONCILIATION_PERIOD: '0', BATON_WEBHOOK_SECRET_GRACE: '0' },
    });
    owner = await baton.addUser({ name: 'Olive Owner' });
    projectId = await createProject(owner, { key: 'HOOK', provider: world.provider, settings: world.settings });
    credentialId = await addCredential(owner, world.credential);
    hookUrl = `http://127.0.0.1:${port}/api/webhooks/${world.provider}/${projectId}`;
  });

  afterAll(async () => {
    await world?.idle();
    await baton?.stop();
    await world?.close();
    expect(world.violations()).toEqual([]);
  });

  it('registers the webhook when the repository is linked, with the project secret', async () => {
    repositoryId = await link(projectId, credentialId);

    const registered = await cardWhen((w) => w.status === 'waiting', `${name}: registered`);
    expect(mine()).toHaveLength(world.perHook);
    expect(registered).toMatchObject({ registeredBy: 'baton', registeredByUserId: owner.id, error: null, missingPermission: null });
    expect(registered.providerHookId).toBe(
      mine()
        .map((h) => h.id)
        .join(','),
    );
    expect(registered.events.length).toBeGreaterThan(0);
    const secret = await currentSecret();
    expect(mine().every((h) => h.secret === secret)).toBe(true);
  });

  it('updates the webhook it registered instead of making a second one', async () => {
    const before = (await card()).providerHookId;
    const res = await owner.api.post(`/api/projects/${projectId}/repositories/${repositoryId}/webhook`);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.status).toBe('pending');

    const after = await cardWhen((w) => w.status !== 'pending', `${name}: repaired`);
    expect(after.providerHookId).toBe(before);
    expect(mine()).toHaveLength(world.perHook);
  });

  it('follows a rotated secret on every webhook it registered', async () => {
    const rotated = await owner.api.post(`/api/projects/${projectId}/webhook-secret`);
    expect(rotated.status).toBe(201);
    await cardWhen((w) => w.status !== 'pending' && mine().every((h) => h.secret === rotated.body.secret), `${name}: secret followed`);
    expect(mine()).toHaveLength(world.perHook);
  });

  it('keeps accepting the rotated-out secret past its grace period while the provider still signs with it', async () => {
    const old = await currentSecret();
    const key = (await createTicket(owner, projectId)).key;
    const since = new Date().toISOString();
    world.holdUpdates();
    let rotated = '';
    try {
      const res = await owner.api.post(`/api/projects/${projectId}/webhook-secret`);
      expect(res.status).toBe(201);
      rotated = res.body.secret;
      // A delivery signed with what the provider holds: a test where its API has one, else a change.
      if (world.deliverChange) {
        world.openPullSilently(key);
        world.deliverChange(key);
      } else {
        const test = await owner.api.post(`/api/projects/${projectId}/repositories/${repositoryId}/webhook/test`);
        expect(test.status, JSON.stringify(test.body)).toBe(202);
      }
      const accepted = await cardWhen(
        (w) => (w.test?.passed && w.test.requestedAt >= since) || (!!w.lastDeliveryAt && w.lastDeliveryAt >= since),
        `${name}: delivery signed with the old secret accepted`,
      );
      expect(accepted.status).toBe('pending');
      expect(mine().every((h) => h.secret === old)).toBe(true);
    } finally {
      world.releaseUpdates();
    }
    // The queued update goes through on its next try.
    await eventually(
      async () => {
        const w = await card();
        return w.status !== 'pending' && mine().every((h) => h.secret === rotated);
      },
      { what: `${name}: secret followed once the provider takes updates`, timeoutMs: 120_000 },
    );
    // Provider logs that keep whole seconds cannot tell this delivery from the next test's in
    // the same second: start the next test in a later one.
    const seen = Math.floor(Date.now() / 1000);
    await eventually(() => Math.floor(Date.now() / 1000) > seen, { what: 'the next second' });
  }, 180_000);

  it('turns healthy when a test delivery (or, without a test call, the next delivery) arrives', async () => {
    const key = (await createTicket(owner, projectId)).key;
    if (!world.deliverChange) {
      const res = await owner.api.post(`/api/projects/${projectId}/repositories/${repositoryId}/webhook/test`);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(res.body.status).toBe('testing');
      const green = await cardWhen((w) => w.status === 'healthy', `${name}: test arrived`);
      expect(green.test).toMatchObject({ passed: true });
      expect(green.lastDeliveryAt ?? green.test.requestedAt).toBeTruthy();
      expect(green.withoutTest).toBeNull();
    } else {
      const res = await owner.api.post(`/api/projects/${projectId}/repositories/${repositoryId}/webhook/test`);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/no test delivery.*next delivery/);
      // No broken button: the card says how the webhook is verified instead, as the refusal does.
      expect(await card()).toMatchObject({ canTest: false, withoutTest: res.body.error.message });
      world.openPullSilently(key);
      world.deliverChange(key);
      await world.idle();
      const green = await cardWhen((w) => w.status === 'healthy', `${name}: delivery arrived`);
      expect(green.lastDeliveryAt).toBeTruthy();
    }
  });

  it('warns that the webhook is silent when reconciliation repairs a change no delivery brought', async () => {
    const key = (await createTicket(owner, projectId)).key;
    world.openPullSilently(key);
    const synced = await owner.api.post(`/api/projects/${projectId}/sync`);
    expect(synced.status).toBe(202);

    const silent = await cardWhen((w) => w.status === 'silent', `${name}: silent webhook`);
    expect(silent.silentChanges).toBeGreaterThanOrEqual(1);
  });

  it('names the missing permission, keeps the manual steps, and leaves nothing at the provider', async () => {
    const other = await createProject(owner, { key: 'NOPE', provider: world.provider, settings: world.settings });
    const limitedUser = await baton.addUser({ name: 'Lim Ited' });
    const add = await owner.api.post(`/api/projects/${other}/members`, { userId: limitedUser.id, role: 'owner' });
    expect(add.status, JSON.stringify(add.body)).toBe(200);
    const limitedCredential = await addCredential(limitedUser, world.limited);
    const res = await limitedUser.api.post(`/api/projects/${other}/repositories`, { credentialId: limitedCredential, ...world.repo });
    expect(res.status, JSON.stringify(res.body)).toBe(201);

    const failed = await eventually(
      async () => {
        const list = await limitedUser.api.get(`/api/projects/${other}/webhooks`);
        const w = list.body.items.find((x: { repositoryId: string }) => x.repositoryId === res.body.id);
        return w?.status === 'failed' ? w : null;
      },
      { what: `${name}: refused setup` },
    );
    expect(failed.missingPermission).toBeTruthy();
    expect(failed.error).toContain(failed.missingPermission);
    expect(failed.providerHookId).toBeNull();
    const otherUrl = hookUrl.replace(projectId, other);
    expect(world.hooks().filter((h) => h.url === otherUrl)).toEqual([]);
    const manual = await limitedUser.api.get(`/api/projects/${other}/webhook-secret`);
    expect(manual.body.setup.steps.length).toBeGreaterThan(0);
  });

  it('removes the webhook it registered on request, keeping one set up by hand, and sets it up again', async () => {
    world.addHandHook(`${hookUrl}?kept`);
    const res = await owner.api.delete(`/api/projects/${projectId}/repositories/${repositoryId}/webhook`);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toEqual({ status: 'removing' });

    const removed = await cardWhen((w) => w.status !== 'pending' && w.providerHookId === null, `${name}: removed on request`);
    expect(removed.events).toEqual([]);
    expect(mine()).toEqual([]);
    expect(world.hooks().filter((h) => h.url === `${hookUrl}?kept`)).toHaveLength(1);
    const again = await owner.api.delete(`/api/projects/${projectId}/repositories/${repositoryId}/webhook`);
    expect(again.status).toBe(404);

    const setUp = await owner.api.post(`/api/projects/${projectId}/repositories/${repositoryId}/webhook`);
    expect(setUp.status, JSON.stringify(setUp.body)).toBe(202);
    await cardWhen((w) => w.status !== 'pending' && w.registeredBy === 'baton', `${name}: set up again`);
    expect(mine()).toHaveLength(world.perHook);
  });

  it('removes only the webhook it registered when the repository is unlinked', async () => {
    world.addHandHook(`${hookUrl}?by-hand`);
    const res = await owner.api.delete(`/api/projects/${projectId}/repositories/${repositoryId}`);
    expect(res.status).toBe(204);

    await eventually(() => mine().length === 0, { what: `${name}: hook removed` });
    expect(world.hooks().filter((h) => h.url === `${hookUrl}?by-hand`)).toHaveLength(1);
    await eventually(
      async () =>
        (await baton.ctx.db.kysely.selectFrom('repository_webhooks').select('repository_id').where('repository_id', '=', repositoryId).execute()).length === 0,
      { what: `${name}: record dropped` },
    );
  });
  it("adopts a webhook for Baton's URL already at the provider when the repository is linked again, and two requests at once make no second one", async () => {
    // Left behind by an earlier set-up (Baton's own record of it lost), or made by hand with Baton's URL.
    world.addHandHook(hookUrl);
    const leftOver = mine().map((h) => h.id);
    expect(leftOver).toHaveLength(1);

    repositoryId = await link(projectId, credentialId);
    const [a, b] = await Promise.all([
      owner.api.post(`/api/projects/${projectId}/repositories/${repositoryId}/webhook`),
      owner.api.post(`/api/projects/${projectId}/repositories/${repositoryId}/webhook`),
    ]);
    expect([a.status, b.status], JSON.stringify([a.body, b.body])).toEqual([202, 202]);

    const adopted = await cardWhen((w) => w.status !== 'pending' && w.registeredBy === 'baton', `${name}: adopted`);
    await world.idle();
    expect(mine()).toHaveLength(world.perHook);
    expect(adopted.providerHookId.split(',')).toContain(leftOver[0]);
    const secret = await currentSecret();
    expect(mine().every((h) => h.secret === secret)).toBe(true);
  });
});
