// The Webhooks card's "last delivery" is each repository's own: the apply job records which linked
// repository a delivery was about, so one busy repository does not make a silent one look healthy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';
import { createProject, githubEvent, linkRepo, newSecret, sendGitHub, settledDeliveries } from './support.ts';

const HELLO_WORLD = { owner: 'Codertocat', name: 'Hello-World', externalId: '186853002' };
const QUIET = { owner: 'Codertocat', name: 'Quiet', externalId: '186853999' };

describe.each(engines)('last delivery per repository on %s', (engine) => {
  let baton: TestBaton;
  let owner: TestUser;
  let projectId: string;
  let secret: string;
  let helloId: string;
  let quietId: string;

  beforeAll(async () => {
    baton = await startTestBaton({ engine });
    owner = await baton.addUser({ name: 'Olive Owner' });
    projectId = await createProject(owner, { key: engine === 'sqlite' ? 'LDS' : 'LDP' });
    secret = await newSecret(owner, projectId);
    helloId = await linkRepo(baton, projectId, HELLO_WORLD);
    quietId = await linkRepo(baton, projectId, QUIET);
  });
  afterAll(() => baton?.stop());

  const cards = async () => {
    const res = await owner.api.get(`/api/projects/${projectId}/webhooks`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return new Map((res.body.items as Array<Record<string, any>>).map((w) => [w.repositoryId, w]));
  };
  /** Sends a pull_request delivery about `repo` and returns when Baton received it, once applied. */
  const deliver = async (repo: typeof HELLO_WORLD, number: number) => {
    const body = githubEvent('opened', { number, updatedAt: new Date().toISOString() });
    Object.assign(body.repository, { id: Number(repo.externalId), name: repo.name, full_name: `${repo.owner}/${repo.name}` });
    const sent = await sendGitHub(baton, projectId, { body, secret });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const rows = await settledDeliveries(baton, projectId);
    return rows.find((r) => r.id === sent.body.id)!;
  };

  it('shows no delivery for any repository before one arrives', async () => {
    const before = await cards();
    for (const id of [helloId, quietId]) expect(before.get(id)).toMatchObject({ lastDeliveryAt: null, registeredBy: null, status: 'not-set-up' });
  });

  it("gives a delivery to the repository it was about, and only to that one's card", async () => {
    const delivered = await deliver(HELLO_WORLD, 41);
    expect(delivered).toMatchObject({ outcome: 'applied', repository_id: helloId });

    const after = await cards();
    // Deliveries arrive from a webhook Baton did not register: set up by hand.
    expect(after.get(helloId)).toMatchObject({ lastDeliveryAt: delivered.received_at, registeredBy: 'hand', status: 'healthy' });
    expect(after.get(quietId)).toMatchObject({ lastDeliveryAt: null, registeredBy: null, status: 'not-set-up' });
  });

  it("moves each repository's last delivery on its own", async () => {
    const hello = (await cards()).get(helloId)!.lastDeliveryAt;
    const quiet = await deliver(QUIET, 42);
    const after = await cards();
    expect(after.get(quietId)).toMatchObject({ lastDeliveryAt: quiet.received_at, registeredBy: 'hand' });
    expect(after.get(helloId)!.lastDeliveryAt).toBe(hello);
  });

  it('gives a delivery about a repository the project does not link to none of them', async () => {
    const before = await cards();
    const body = githubEvent('opened', { number: 43, updatedAt: new Date().toISOString() });
    Object.assign(body.repository, { id: 5, name: 'elsewhere', full_name: 'Codertocat/elsewhere' });
    const sent = await sendGitHub(baton, projectId, { body, secret });
    expect(sent.status).toBe(202);
    const row = (await settledDeliveries(baton, projectId)).find((r) => r.id === sent.body.id)!;
    expect(row).toMatchObject({ outcome: 'ignored', repository_id: null });
    const after = await cards();
    for (const id of [helloId, quietId]) expect(after.get(id)!.lastDeliveryAt).toBe(before.get(id)!.lastDeliveryAt);
  });

  it('forgets the repository of its deliveries when the repository is unlinked, keeping the deliveries', async () => {
    const res = await owner.api.delete(`/api/projects/${projectId}/repositories/${quietId}`);
    expect(res.status).toBe(204);
    const rows = await baton.ctx.db.kysely.selectFrom('webhook_deliveries').select(['repository_id']).where('project_id', '=', projectId).execute();
    expect(rows).toHaveLength(3);
    expect(rows.filter((r) => r.repository_id === quietId)).toEqual([]);
    expect((await cards()).has(quietId)).toBe(false);
  });
});
