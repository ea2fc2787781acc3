import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signature as bitbucketSignature } from '../fakes/bitbucket/webhooks.ts';
import { deliveryHeaders, signBody } from '../fakes/gitea/webhooks.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';
import { referencePath } from '../support/reference.ts';
import {
  adoPayload,
  createProject,
  examplesRoot,
  githubEvent,
  linkRepo,
  newSecret,
  post,
  type Sent,
  sendAdo,
  sendGitHub,
  settledDeliveries,
} from './support.ts';

// Whatever shape the provider's description allows reaches Baton: users and teams as reviewers,
// null where a field may be null, fields left out. Baton reads only what it uses, so none of
// these may fail a delivery.

/** Every `pull_request` example the package ships, api.github.com and each GHES version. */
function everyGitHubExample(): Array<{ source: string; body: Record<string, any> }> {
  return readdirSync(examplesRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const definitions = JSON.parse(readFileSync(path.join(examplesRoot, entry.name, 'index.json'), 'utf8')) as Array<{ name: string; examples: any[] }>;
      return (definitions.find((d) => d.name === 'pull_request')?.examples ?? []).map((body, i) => ({ source: `${entry.name} #${i} ${body.action}`, body }));
    });
}

// A team as GitHub puts it in `requested_reviewers` (webhook description: user or team).
const TEAM = {
  name: 'Justice League',
  id: 1,
  node_id: 'MDQ6VGVhbTE=',
  slug: 'justice-league',
  description: 'A great team.',
  privacy: 'closed',
  notification_setting: 'notifications_enabled',
  url: 'https://api.github.com/teams/1',
  html_url: 'https://github.com/orgs/github/teams/justice-league',
  members_url: 'https://api.github.com/teams/1/members{/member}',
  repositories_url: 'https://api.github.com/teams/1/repos',
  permission: 'admin',
  parent: null,
};

describe.each(engines)('webhook payload variants on %s', (engine) => {
  let baton: TestBaton;
  let owner: TestUser;

  beforeAll(async () => {
    baton = await startTestBaton({ engine, env: { BATON_RECONCILIATION_PERIOD: '0' } });
    owner = await baton.addUser({ name: 'Olive Owner' });
  });
  afterAll(() => baton?.stop());

  const project = async (key: string, provider: string, repo: { owner: string; name: string; externalId: string }, settings: Record<string, string> = {}) => {
    const projectId = await createProject(owner, { key: `${key}${engine === 'sqlite' ? 'S' : 'P'}`, provider, settings });
    const secret = await newSecret(owner, projectId);
    await linkRepo(baton, projectId, repo, { provider });
    return { projectId, secret };
  };
  /** Every delivery accepted, and each one settled without failing. */
  const expectNoneFailed = async (projectId: string, sent: Array<{ label: string; res: Sent }>) => {
    for (const s of sent) expect([s.label, s.res.status < 300]).toEqual([s.label, true]);
    const rows = await settledDeliveries(baton, projectId);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const s of sent) {
      const row = byId.get(s.res.body.id);
      expect([s.label, row?.outcome === 'failed' ? row.error : 'not failed']).toEqual([s.label, 'not failed']);
    }
    return byId;
  };
  const prRow = (projectId: string, number: number) =>
    baton.ctx.db.kysely
      .selectFrom('pull_requests')
      .innerJoin('repositories', 'repositories.id', 'pull_requests.repository_id')
      .select(['pull_requests.state', 'pull_requests.title'])
      .where('repositories.project_id', '=', projectId)
      .where('pull_requests.number', '=', number)
      .executeTakeFirstOrThrow();

  it('applies every pull_request example of @octokit/webhooks-examples, from every GitHub version, without a failed delivery', async () => {
    const { projectId, secret } = await project('VEX', 'github', { owner: 'Codertocat', name: 'Hello-World', externalId: '186853002' });
    const sent = [];
    for (const [i, { source, body: example }] of everyGitHubExample().entries()) {
      const body = structuredClone(example);
      body.number = body.pull_request.number = 2000 + i;
      sent.push({ label: source, res: await sendGitHub(baton, projectId, { body, secret }) });
    }
    expect(sent.length).toBeGreaterThan(40);
    const rows = await expectNoneFailed(projectId, sent);
    expect([...rows.values()].filter((r) => r.outcome === 'applied').length).toBeGreaterThan(15);
  });

  it('GitHub: a team among the requested reviewers, null body, draft and reviewers left out, a deleted fork', async () => {
    const { projectId, secret } = await project('VGH', 'github', { owner: 'Codertocat', name: 'Hello-World', externalId: '186853002' });
    const edited = githubEvent('edited', { number: 1, updatedAt: '2025-04-01T10:00:00Z' });
    const user = structuredClone(edited.pull_request.user);
    edited.pull_request.requested_reviewers = [user, TEAM];
    edited.pull_request.requested_teams = [TEAM];
    edited.pull_request.body = null;
    edited.changes = { title: { from: 'Old title' } };
    const bare = githubEvent('opened', { number: 2, updatedAt: '2025-04-01T10:00:00Z' });
    delete bare.pull_request.draft;
    delete bare.pull_request.requested_reviewers;
    bare.pull_request.merged_at = null;
    const orphan = githubEvent('closed', { number: 3, state: 'closed', updatedAt: '2025-04-01T10:00:00Z' });
    orphan.pull_request.head.repo = null;
    const sent = [];
    for (const [label, body] of [
      ['team reviewer', edited],
      ['fields left out', bare],
      ['deleted fork', orphan],
    ] as const) {
      sent.push({ label, res: await sendGitHub(baton, projectId, { body, secret }) });
    }
    const rows = await expectNoneFailed(projectId, sent);
    expect([...rows.values()].map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect((await prRow(projectId, 1)).state).toBe('open');
    expect((await prRow(projectId, 2)).state).toBe('open');
    expect((await prRow(projectId, 3)).state).toBe('closed');
  });

  it('Azure DevOps: description, draft flag, reviewers and close date null or left out', async () => {
    const { projectId, secret } = await project(
      'VAD',
      'ado',
      { owner: 'fabrikam', name: 'Fabrikam', externalId: '4bc14d40-c903-45e2-872e-0462c7748079' },
      { organization: 'fabrikam', project: 'Fabrikam', baseUrl: 'http://127.0.0.1:9' },
    );
    const variant = (number: number, change: (resource: Record<string, any>) => void) => {
      const body = adoPayload('updated');
      body.id = randomUUID();
      body.resource.pullRequestId = number;
      change(body.resource);
      return body;
    };
    const sent = [];
    for (const [label, body] of [
      ['nulls', variant(1, (r) => Object.assign(r, { description: null, isDraft: null, reviewers: null, closedDate: null }))],
      [
        'left out',
        variant(2, (r) => {
          delete r.description;
          delete r.isDraft;
          delete r.reviewers;
        }),
      ],
    ] as const) {
      sent.push({ label, res: await sendAdo(baton, projectId, { body, password: secret }) });
    }
    const rows = await expectNoneFailed(projectId, sent);
    expect([...rows.values()].map((r) => r.outcome)).toEqual(['applied', 'applied']);
  });

  it('Bitbucket: description, draft flag and reviewers null or left out, the source repository gone', async () => {
    const { projectId, secret } = await project(
      'VBB',
      'bitbucket',
      { owner: 'team_name', name: 'repo_name', externalId: '{673a6070-3421-46c9-9d48-90745f7bfe8e}' },
      { baseUrl: 'http://127.0.0.1:9' },
    );
    const variant = (number: number, change: (pr: Record<string, any>) => void) => {
      const body = JSON.parse(readFileSync(referencePath('webhook-payloads', 'bitbucket', 'pull-request-updated.json'), 'utf8'));
      Object.assign(body.pullrequest, { id: number, state: 'OPEN' });
      change(body.pullrequest);
      return JSON.stringify(body);
    };
    const sent = [];
    for (const [label, raw] of [
      ['nulls', variant(1, (pr) => Object.assign(pr, { description: null, draft: null, reviewers: null }))],
      [
        'left out',
        variant(2, (pr) => {
          delete pr.description;
          delete pr.draft;
          delete pr.reviewers;
          delete pr.source.repository;
        }),
      ],
    ] as const) {
      const res = await post(`${baton.url}/api/webhooks/bitbucket/${projectId}`, raw, {
        'content-type': 'application/json',
        'x-event-key': 'pullrequest:updated',
        'x-request-uuid': randomUUID(),
        'x-hub-signature': bitbucketSignature(secret, raw),
      });
      sent.push({ label, res });
    }
    const rows = await expectNoneFailed(projectId, sent);
    expect([...rows.values()].map((r) => r.outcome)).toEqual(['applied', 'applied']);
  });

  it('Gitea: body, draft flag, merge fields and reviewers null or left out, the head repository gone', async () => {
    const { projectId, secret } = await project('VGT', 'gitea', { owner: 'example', name: 'example', externalId: '1' }, { baseUrl: 'http://127.0.0.1:9' });
    const variant = (number: number, change: (pr: Record<string, any>) => void) => {
      const body = JSON.parse(readFileSync(referencePath('webhook-payloads', 'gitea', 'pull-request-event.json'), 'utf8'));
      Object.assign(body.pull_request, { id: 800 + number, number });
      change(body.pull_request);
      return JSON.stringify(body);
    };
    const sent = [];
    for (const [label, raw] of [
      [
        'nulls',
        variant(1, (pr) =>
          Object.assign(pr, { body: null, draft: null, merged: null, merged_at: null, requested_reviewers: null, head: { ...pr.head, repo: null } }),
        ),
      ],
      [
        'left out',
        variant(2, (pr) => {
          delete pr.body;
          delete pr.draft;
          delete pr.merged;
          delete pr.merged_at;
          delete pr.requested_reviewers;
        }),
      ],
    ] as const) {
      const res = await post(
        `${baton.url}/api/webhooks/gitea/${projectId}`,
        raw,
        deliveryHeaders('gitea', randomUUID(), 'pull_request', signBody(raw, secret)),
      );
      sent.push({ label, res });
    }
    const rows = await expectNoneFailed(projectId, sent);
    expect([...rows.values()].map((r) => r.outcome)).toEqual(['applied', 'applied']);
  });
});
