// The provider's own report of a failed delivery, end to end on the fakes whose API keeps a
// delivery log (GitHub's hook deliveries, Azure DevOps' notification history): the webhook at the
// provider is edited by hand to a wrong secret, "Send test" makes the provider deliver, Baton
// refuses the delivery, the provider logs the failure, and the Webhooks API shows it; a repair
// and a new test turn the webhook healthy again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/database.ts';
import { ALICE_PAT, seedFabrikam, startFakeAzureDevOps } from '../fakes/azure-devops/index.ts';
import { TOKEN as GITHUB_TOKEN, seedAcme as seedGitHub } from '../fakes/github/seed.ts';
import { startFakeGitHub } from '../fakes/github/server.ts';
import { addCredential, createProject } from '../git/world.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { freePort } from '../support/child-baton.ts';
import { engines } from '../support/databases.ts';
import { eventually } from '../support/eventually.ts';

/** A provider fake whose API reports the deliveries of a webhook. */
interface LoggingProvider {
  provider: string;
  settings: Record<string, string>;
  credential: Record<string, string>;
  repo: { owner: string; name: string };
  /** Somebody edits Baton's webhook at the provider and sets another secret. */
  editSecretByHand(url: string): void;
  /** The failed attempts in the provider's own log for Baton's webhook. */
  failures(url: string): number;
  idle(): Promise<void>;
  violations(): string[];
  close(): Promise<void>;
}

async function github(): Promise<LoggingProvider> {
  const fake = await startFakeGitHub();
  const { repo } = seedGitHub(fake);
  const hooks = (url: string) => repo.hooks.filter((h) => h.url === url);
  return {
    provider: 'github',
    settings: { baseUrl: fake.url },
    credential: { provider: 'github', owner: 'acme', token: GITHUB_TOKEN, baseUrl: fake.url },
    repo: { owner: 'acme', name: 'api' },
    editSecretByHand: (url) => {
      for (const h of hooks(url)) h.secret = 'typed-in-by-hand';
    },
    failures: (url) => hooks(url).flatMap((h) => h.deliveries.filter((d) => d.statusCode >= 400)).length,
    idle: () => fake.hooks.idle(),
    violations: () => fake.violations,
    close: () => fake.close(),
  };
}

async function azureDevOps(): Promise<LoggingProvider> {
  const fake = await startFakeAzureDevOps();
  const world = seedFabrikam(fake);
  const subscriptions = (url: string) => world.org.subscriptions.filter((s) => s.consumerInputs.url === url);
  return {
    provider: 'ado',
    settings: { organization: 'fabrikam', project: 'Baton', baseUrl: fake.url },
    credential: { provider: 'ado', owner: 'fabrikam', token: ALICE_PAT, baseUrl: fake.url },
    repo: { owner: 'fabrikam', name: 'api' },
    editSecretByHand: (url) => {
      for (const s of subscriptions(url)) s.consumerInputs.basicAuthPassword = 'typed-in-by-hand';
    },
    failures: (url) => subscriptions(url).flatMap((s) => s.notifications.filter((n) => n.result === 'failed')).length,
    idle: () => fake.state.serviceHooks.idle(),
    violations: () => fake.violations,
    close: () => fake.close(),
  };
}

const PROVIDERS: Array<[string, () => Promise<LoggingProvider>]> = [
  ['GitHub', github],
  ['Azure DevOps', azureDevOps],
];
const cases = PROVIDERS.flatMap(([name, start]) => engines.map((engine) => [name, engine, start] as [string, Engine, () => Promise<LoggingProvider>]));

describe.each(cases)('a failed delivery reported by the %s fake (%s)', (name, engine, start) => {
  let world: LoggingProvider;
  let baton: TestBaton;
  let owner: TestUser;
  let projectId: string;
  let repositoryId: string;
  let hookUrl: string;

  const card = async () => {
    const res = await owner.api.get(`/api/projects/${projectId}/webhooks`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.items as Array<Record<string, any>>).find((w) => w.repositoryId === repositoryId)!;
  };
  const cardWhen = (check: (w: Record<string, any>) => boolean, what: string) =>
    eventually(
      async () => {
        const w = await card();
        return check(w) ? w : null;
      },
      { what: `${name}: ${what}` },
    );
  const sendTest = async () => {
    const res = await owner.api.post(`/api/projects/${projectId}/repositories/${repositoryId}/webhook/test`);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.status).toBe('testing');
    return res.body.test.requestedAt as string;
  };

  beforeAll(async () => {
    world = await start();
    const port = await freePort();
    baton = await startTestBaton({ engine, env: { BATON_PORT: String(port), BATON_PUBLIC_URL: `http://127.0.0.1:${port}`, BATON_RECONCILIATION_PERIOD: '0' } });
    owner = await baton.addUser({ name: 'Olive Owner' });
    projectId = await createProject(owner, { key: 'FAIL', provider: world.provider, settings: world.settings });
    const credentialId = await addCredential(owner, world.credential);
    hookUrl = `http://127.0.0.1:${port}/api/webhooks/${world.provider}/${projectId}`;
    const linked = await owner.api.post(`/api/projects/${projectId}/repositories`, { credentialId, ...world.repo });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
    repositoryId = linked.body.id;
    await cardWhen((w) => w.status === 'waiting' || w.status === 'healthy', 'registered');
    await world.idle();
  });

  /**
   * Provider logs that keep whole seconds cannot tell a test's delivery from an earlier one in
   * the same second (GitHub pings a hook it creates): each test starts in a later second.
   */
  const nextSecond = async () => {
    const seen = Math.floor(Date.now() / 1000);
    await eventually(() => Math.floor(Date.now() / 1000) > seen, { what: 'the next second' });
  };

  afterAll(async () => {
    await world?.idle();
    await baton?.stop();
    await world?.close();
    expect(world.violations()).toEqual([]);
  });

  it("shows the provider's failed attempt once Baton refused a test signed with a secret edited at the provider", async () => {
    expect((await card()).providerFailure).toBeNull();
    world.editSecretByHand(hookUrl);
    await nextSecond();
    const requestedAt = await sendTest();

    const failing = await cardWhen((w) => w.status === 'failing', 'failure reported');
    expect(world.failures(hookUrl)).toBeGreaterThan(0);
    expect(failing.test).toEqual({ requestedAt, passed: false });
    expect(failing.providerFailure.message).toMatch(/401/);
    // The provider's log may keep whole seconds: the failure is no earlier than the second the test was asked for.
    expect(Math.floor(Date.parse(failing.providerFailure.at) / 1000)).toBeGreaterThanOrEqual(Math.floor(Date.parse(requestedAt) / 1000));
    expect(JSON.stringify(failing)).not.toContain('typed-in-by-hand');
  });

  it('turns healthy after "Repair webhook" and a test that gets through, keeping the older failure on record', async () => {
    const failure = (await card()).providerFailure;
    const repair = await owner.api.post(`/api/projects/${projectId}/repositories/${repositoryId}/webhook`);
    expect(repair.status, JSON.stringify(repair.body)).toBe(202);
    await cardWhen((w) => w.status !== 'pending', 'repaired');
    await nextSecond();

    await sendTest();
    const healthy = await cardWhen((w) => w.status === 'healthy', 'test passed after the repair');
    expect(healthy.test.passed).toBe(true);
    expect(healthy.providerFailure).toEqual(failure);
  });
});
