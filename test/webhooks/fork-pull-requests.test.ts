import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signature as bitbucketSignature } from '../fakes/bitbucket/webhooks.ts';
import { deliveryHeaders, signBody } from '../fakes/gitea/webhooks.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';
import { referencePath } from '../support/reference.ts';
import {
  adoPayload,
  createProject,
  createTicket,
  githubEvent,
  linkRepo,
  newSecret,
  post,
  type Sent,
  sendAdo,
  sendGitHub,
  settledDeliveries,
} from './support.ts';

// Each provider's published payload, made to come from the linked repository itself or from a
// fork of it, the way that provider names the head repository: GitHub `pull_request.head.repo`,
// Azure DevOps `resource.forkSource`, Bitbucket `pullrequest.source.repository`, Gitea
// `pull_request.head.repo` (the published Gitea payload is itself from a fork).

const CHECKLIST = '<!-- baton:criteria -->\n- [x] Refund button\n<!-- /baton:criteria -->';

interface Change {
  number: number;
  /** The ticket key the branch and the title name. */
  key: string;
  fork: boolean;
}

interface Provider {
  kind: string;
  settings: Record<string, string>;
  repo: { owner: string; name: string; externalId: string };
  send(baton: TestBaton, projectId: string, secret: string, change: Change): Promise<Sent>;
}

const json = (file: string) => JSON.parse(readFileSync(referencePath('webhook-payloads', ...file.split('/')), 'utf8'));

const PROVIDERS: Provider[] = [
  {
    kind: 'github',
    settings: {},
    repo: { owner: 'Codertocat', name: 'Hello-World', externalId: '186853002' },
    send(baton, projectId, secret, { number, key, fork }) {
      const body = githubEvent('opened', { number, head: `feature/${key}`, title: `${key} Refunds`, body: CHECKLIST, updatedAt: '2025-03-01T10:00:00Z' });
      if (fork) {
        const head = body.pull_request.head;
        head.label = `mallory:feature/${key}`;
        head.repo = {
          ...head.repo,
          id: 99_000_001,
          full_name: 'mallory/Hello-World',
          owner: { ...head.repo.owner, login: 'mallory', id: 99_000_002 },
          fork: true,
        };
      }
      return sendGitHub(baton, projectId, { body, secret });
    },
  },
  {
    kind: 'ado',
    settings: { organization: 'fabrikam', project: 'Fabrikam', baseUrl: 'http://127.0.0.1:9' },
    repo: { owner: 'fabrikam', name: 'Fabrikam', externalId: '4bc14d40-c903-45e2-872e-0462c7748079' },
    send(baton, projectId, secret, { number, key, fork }) {
      const body = adoPayload('created');
      body.id = randomUUID();
      Object.assign(body.resource, { pullRequestId: number, sourceRefName: `refs/heads/feature/${key}`, title: `${key} Refunds`, description: CHECKLIST });
      if (fork) {
        const { repository } = body.resource;
        const forkId = 'c7ad1a4c-56e3-4a2d-9b7f-3c1f0e3b9a11';
        body.resource.forkSource = {
          name: `refs/heads/feature/${key}`,
          repository: { ...repository, id: forkId, name: 'Fabrikam-fork', url: repository.url.replace(repository.id, forkId) },
        };
      }
      return sendAdo(baton, projectId, { body, password: secret });
    },
  },
  {
    kind: 'bitbucket',
    settings: { baseUrl: 'http://127.0.0.1:9' },
    repo: { owner: 'team_name', name: 'repo_name', externalId: '{673a6070-3421-46c9-9d48-90745f7bfe8e}' },
    send(baton, projectId, secret, { number, key, fork }) {
      const body = json('bitbucket/pull-request-created.json');
      const pr = body.pullrequest;
      Object.assign(pr, { id: number, state: 'OPEN', title: `${key} Refunds`, description: CHECKLIST });
      pr.source.branch.name = `feature/${key}`;
      if (fork) pr.source.repository = { ...pr.source.repository, full_name: 'mallory/repo_name', uuid: '{0e7e2f1c-0000-4000-8000-00000000f0c4}' };
      const raw = JSON.stringify(body);
      return post(`${baton.url}/api/webhooks/bitbucket/${projectId}`, raw, {
        'content-type': 'application/json',
        'x-event-key': 'pullrequest:created',
        'x-request-uuid': randomUUID(),
        'x-hub-signature': bitbucketSignature(secret, raw),
      });
    },
  },
  {
    kind: 'gitea',
    settings: { baseUrl: 'http://127.0.0.1:9' },
    repo: { owner: 'example', name: 'example', externalId: '1' },
    send(baton, projectId, secret, { number, key, fork }) {
      const body = json('gitea/pull-request-event.json');
      const pr = body.pull_request;
      Object.assign(pr, { id: 700 + number, number, title: `${key} Refunds`, body: CHECKLIST });
      pr.head.ref = `feature/${key}`;
      // Published from example2/example into example/example; a branch of the repository itself otherwise.
      if (!fork) pr.head.repo = body.repository;
      const raw = JSON.stringify(body);
      return post(`${baton.url}/api/webhooks/gitea/${projectId}`, raw, deliveryHeaders('gitea', randomUUID(), 'pull_request', signBody(raw, secret)));
    },
  },
];

describe.each(engines)('pull requests from forks on %s', (engine) => {
  let baton: TestBaton;
  let owner: TestUser;

  beforeAll(async () => {
    baton = await startTestBaton({ engine, env: { BATON_RECONCILIATION_PERIOD: '0' } });
    owner = await baton.addUser({ name: 'Olive Owner' });
  });
  afterAll(() => baton?.stop());

  const ticket = async (key: string) => (await owner.api.get(`/api/tickets/${key}`)).body;
  const prRow = (projectId: string, number: number) =>
    baton.ctx.db.kysely
      .selectFrom('pull_requests')
      .innerJoin('repositories', 'repositories.id', 'pull_requests.repository_id')
      .select(['pull_requests.ticket_id', 'pull_requests.state'])
      .where('repositories.project_id', '=', projectId)
      .where('pull_requests.number', '=', number)
      .executeTakeFirstOrThrow();

  it.each(PROVIDERS.map((p) => [p.kind, p] as const))(
    '%s: a fork PR naming a ticket links nothing and ticks nothing until the project accepts forks; a PR from the repository does',
    async (_kind, provider) => {
      const prefix = { github: 'G', ado: 'A', bitbucket: 'B', gitea: 'T' }[provider.kind]!;
      const projectId = await createProject(owner, {
        key: `FK${prefix}${engine === 'sqlite' ? 'S' : 'P'}`,
        provider: provider.kind,
        settings: provider.settings,
      });
      const secret = await newSecret(owner, projectId);
      await linkRepo(baton, projectId, provider.repo, { provider: provider.kind });
      expect((await owner.api.get(`/api/projects/${projectId}`)).body.acceptForkPullRequests).toBe(false);
      const send = async (change: Change) => {
        const res = await provider.send(baton, projectId, secret, change);
        expect(res.status, JSON.stringify(res.body)).toBe(202);
        const rows = await settledDeliveries(baton, projectId);
        expect(rows.find((r) => r.id === res.body.id)).toMatchObject({ outcome: 'applied', error: null });
      };

      // A fork's PR is stored, and its state is known, but it moves no ticket.
      const attacked = await createTicket(owner, projectId, ['Refund button']);
      await send({ number: 101, key: attacked, fork: true });
      expect(await prRow(projectId, 101)).toEqual({ ticket_id: null, state: 'open' });
      const untouched = await ticket(attacked);
      expect(untouched.status).not.toBe('in_review');
      expect(untouched.acceptanceCriteria.map((c: { done: boolean }) => c.done)).toEqual([false]);

      // The same PR from a branch of the linked repository links and ticks.
      const own = await createTicket(owner, projectId, ['Refund button']);
      await send({ number: 102, key: own, fork: false });
      const linked = await ticket(own);
      expect((await prRow(projectId, 102)).ticket_id).toBe(linked.id);
      expect(linked.status).toBe('in_review');
      expect(linked.acceptanceCriteria.map((c: { done: boolean }) => c.done)).toEqual([true]);

      // An owner who trusts forks turns them on; from then on a fork's PR links and ticks too.
      const patched = await owner.api.patch(`/api/projects/${projectId}`, { acceptForkPullRequests: true });
      expect([patched.status, patched.body.acceptForkPullRequests]).toEqual([200, true]);
      const trusted = await createTicket(owner, projectId, ['Refund button']);
      await send({ number: 103, key: trusted, fork: true });
      const accepted = await ticket(trusted);
      expect((await prRow(projectId, 103)).ticket_id).toBe(accepted.id);
      expect(accepted.status).toBe('in_review');
      expect(accepted.acceptanceCriteria.map((c: { done: boolean }) => c.done)).toEqual([true]);
    },
  );
});
