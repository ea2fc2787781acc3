import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PATHS } from '../../../src/providers/azure-devops/client.ts';
import { referencePath } from '../../support/reference.ts';
import { ALICE_PAT, type FakeAzureDevOps, seedFabrikam, startFakeAzureDevOps, ZERO_ID } from './index.ts';
import { specIndex } from './spec.ts';

let fake: FakeAzureDevOps;
let world: ReturnType<typeof seedFabrikam>;
const GIT = '/fabrikam/Baton/_apis/git/repositories/api';

beforeEach(async () => {
  fake = await startFakeAzureDevOps();
  world = seedFabrikam(fake);
});

afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

async function call(method: string, path: string, body?: unknown, pat: string | null = ALICE_PAT) {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (pat !== null) headers.authorization = `Basic ${Buffer.from(`:${pat}`).toString('base64')}`;
  const res = await fetch(fake.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), text, json: text.startsWith('{') ? JSON.parse(text) : null };
}

/** The violations so far, cleared so afterEach stays green. */
function takeViolations(): string[] {
  return fake.violations.splice(0);
}

describe('spec checks', () => {
  it('declares every route the provider calls', () => {
    const templates = new Set(specIndex().operations.map((o) => o.template));
    for (const path of Object.values(PATHS)) expect(templates, path).toContain(path);
  });

  it.each([
    ['an unknown path', 'GET', `${GIT}/branches?api-version=7.1`, undefined, /no path in the specs/],
    ['an undeclared method', 'DELETE', `${GIT}/pushes?api-version=7.1`, undefined, /DELETE is not declared/],
    ['a missing api-version', 'GET', `${GIT}/refs?filter=heads/`, undefined, /missing required query parameter api-version/],
    ['another api-version', 'GET', `${GIT}/refs?api-version=6.0`, undefined, /api-version 6.0, expected 7.1/],
    ['an undeclared query parameter', 'GET', `${GIT}/pullrequests?api-version=7.1&status=all`, undefined, /undeclared query parameter status/],
    ['a value outside the enum', 'GET', `${GIT}/pullrequests?api-version=7.1&searchCriteria.status=open`, undefined, /must be one of/],
    ['a non-integer', 'GET', `${GIT}/pullrequests?api-version=7.1&$top=ten`, undefined, /must be an integer/],
    ['a body of the wrong type', 'POST', `${GIT}/pullrequests?api-version=7.1`, { title: 5 }, /body\/title must be string/],
    [
      'an unknown body property',
      'POST',
      `${GIT}/pushes?api-version=7.1`,
      { refUpdates: [{ name: 'refs/heads/x', oldObjectid: ZERO_ID }] },
      /body\/refUpdates\/0\/oldObjectid is not a property/,
    ],
    ['a body the operation does not take', 'DELETE', `${GIT}/pullRequests/1/reviewers/x?api-version=7.1`, {}, /does not declare/],
    ['a missing body', 'POST', `${GIT}/pushes?api-version=7.1`, undefined, /missing required JSON body/],
  ])('records %s and answers 400', async (_name, method, path, body, problem) => {
    const res = await call(method, path, body);
    expect(res.status).toBe(400);
    expect(takeViolations().join('\n')).toMatch(problem);
  });

  it('accepts the item object a push change really sends (spec erratum)', async () => {
    const head = world.repo.refs.get('refs/heads/main')!;
    const res = await call('POST', `${GIT}/pushes?api-version=7.1`, {
      refUpdates: [{ name: 'refs/heads/main', oldObjectId: head }],
      commits: [{ comment: 'c', changes: [{ changeType: 'edit', item: { path: '/README.md' }, newContent: { content: 'x', contentType: 'rawText' } }] }],
    });
    expect(res.status).toBe(201);
    expect(fake.state.fileAt(world.repo, 'refs/heads/main', '/README.md')).toBe('x');
  });
});

describe('auth', () => {
  it('answers 401 without or with an unknown PAT', async () => {
    expect((await call('GET', `${GIT}?api-version=7.1`, undefined, null)).status).toBe(401);
    expect((await call('GET', `${GIT}?api-version=7.1`, undefined, 'nope')).status).toBe(401);
  });

  it('can answer a bad PAT with 203 and the HTML sign-in page', async () => {
    fake.signInPageForBadTokens = true;
    const res = await call('GET', `${GIT}?api-version=7.1`, undefined, 'nope');
    expect(res.status).toBe(203);
    expect(res.type).toContain('text/html');
    expect(res.text).toContain('Sign In');
  });

  it('refuses an organisation-scoped PAT on profiles/me and in other organisations, and tells it who it is in its own', async () => {
    fake.state.addOrganization('contoso');
    // Alice's PAT is for fabrikam only, as the README advises.
    expect((await call('GET', '/_apis/profile/profiles/me?api-version=7.1')).status).toBe(401);
    expect((await call('GET', '/contoso/_apis/connectionData?api-version=7.1-preview.1')).status).toBe(401);
    const me = await call('GET', '/fabrikam/_apis/connectionData?api-version=7.1-preview.1');
    expect(me.status).toBe(200);
    expect(me.json.authenticatedUser).toMatchObject({
      id: world.alice.id,
      providerDisplayName: 'Alice Example',
      properties: { Account: { $value: 'alice@example.com' } },
    });
    // A PAT for all accessible organisations may read its profile.
    fake.state.addToken('everywhere', world.alice, ['vso.profile']);
    expect((await call('GET', '/_apis/profile/profiles/me?api-version=7.1', undefined, 'everywhere')).status).toBe(200);
  });

  it('answers 401 for a missing scope and lets broader scopes imply narrower ones', async () => {
    fake.state.addToken('code-only', world.alice, ['vso.code_write']);
    expect((await call('GET', `${GIT}/refs?api-version=7.1`, undefined, 'code-only')).status).toBe(200);
    expect((await call('GET', '/_apis/profile/profiles/me?api-version=7.1', undefined, 'code-only')).status).toBe(401);
    fake.state.addToken('read-only', world.alice, ['vso.code']);
    const res = await call('POST', `${GIT}/pullrequests?api-version=7.1`, { sourceRefName: 'refs/heads/main', targetRefName: 'refs/heads/main' }, 'read-only');
    expect(res.status).toBe(401);
  });
});

describe('git behaviour', () => {
  it('refuses a push whose old object id is stale with 409 TF401028', async () => {
    const body = { refUpdates: [{ name: 'refs/heads/main', oldObjectId: ZERO_ID }], commits: [{ comment: 'c', changes: [] }] };
    const res = await call('POST', `${GIT}/pushes?api-version=7.1`, body);
    expect(res.status).toBe(409);
    expect(res.json.message).toContain('TF401028');
  });

  it('creates a branch with a commit the way the official example does: the new ref starts at its oldObjectId', async () => {
    const example = JSON.parse(readFileSync(referencePath('azure-devops/httpExamples/pushes/POST__git_repositories__tempRepoId__pushes8.json'), 'utf8'));
    const body = example.parameters.body;
    // The example branches "myfirstbranch" off master's tip: here, off main's.
    const main = world.repo.refs.get('refs/heads/main')!;
    body.refUpdates[0].oldObjectId = main;
    body.commits[0].changes[0].changeType = 'add';
    // The example spells the content type `rawtext`; the description's enum (which Baton sends) says `rawText`.
    body.commits[0].changes[0].newContent.contentType = 'rawText';
    const res = await call('POST', `${GIT}/pushes?api-version=7.1`, body);
    expect(res.status).toBe(201);
    const tip = world.repo.refs.get('refs/heads/myfirstbranch')!;
    expect(world.repo.commits.get(tip)!.parents).toEqual([main]);
    expect(fake.state.fileAt(world.repo, 'refs/heads/myfirstbranch', '/tasks/content/activetasks.md')).toContain('My Active Tasks');
    expect(fake.state.fileAt(world.repo, 'refs/heads/myfirstbranch', '/README.md')).toBe(fake.state.fileAt(world.repo, 'refs/heads/main', '/README.md'));
    // Once the branch exists and has moved on, the same push is stale.
    expect((await call('POST', `${GIT}/pushes?api-version=7.1`, body)).status).toBe(409);
  });

  it('reports a failed ref update inside a 200', async () => {
    const res = await call('POST', `${GIT}/refs?api-version=7.1`, [{ name: 'refs/heads/main', oldObjectId: ZERO_ID, newObjectId: ZERO_ID }]);
    expect(res.status).toBe(200);
    expect(res.json.value[0]).toMatchObject({ success: false, updateStatus: 'staleOldObjectId' });
  });

  it('refuses a second active pull request for the same branches with 409 TF401179', async () => {
    world.repo.refs.set('refs/heads/topic', world.repo.refs.get('refs/heads/main')!);
    const body = { sourceRefName: 'refs/heads/topic', targetRefName: 'refs/heads/main', title: 't' };
    expect((await call('POST', `${GIT}/pullrequests?api-version=7.1`, body)).status).toBe(201);
    const second = await call('POST', `${GIT}/pullrequests?api-version=7.1`, body);
    expect(second.status).toBe(409);
    expect(second.json.message).toContain('TF401179');
  });
});

describe('faults', () => {
  it('answers the next N matching requests with the fault, then normally', async () => {
    fake.fail({ method: 'GET', path: '/refs', status: 503, times: 2, headers: { 'Retry-After': '1' } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call('GET', `${GIT}/refs?api-version=7.1`)).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(fake.callList()).toEqual(Array(3).fill(`GET ${GIT}/refs`));
  });

  it('adds headers to a real answer and can apply a request before failing it', async () => {
    fake.fail({ path: '/refs', headers: { 'X-RateLimit-Remaining': '3' } });
    const res = await fetch(`${fake.url}${GIT}/refs?api-version=7.1`, {
      headers: { authorization: `Basic ${Buffer.from(`:${ALICE_PAT}`).toString('base64')}` },
    });
    expect([res.status, res.headers.get('x-ratelimit-remaining')]).toEqual([200, '3']);

    fake.fail({ path: '/pullrequests', status: 500, after: true });
    world.repo.refs.set('refs/heads/topic', world.repo.refs.get('refs/heads/main')!);
    const created = await call('POST', `${GIT}/pullrequests?api-version=7.1`, { sourceRefName: 'refs/heads/topic', targetRefName: 'refs/heads/main' });
    expect(created.status).toBe(500);
    expect(world.repo.pullRequests).toHaveLength(1);
  });

  it('can hang a request until the client gives up', async () => {
    fake.fail({ path: '/refs', hang: true });
    const res = await fetch(`${fake.url}${GIT}/refs?api-version=7.1`, { signal: AbortSignal.timeout(100) }).catch((e: Error) => e);
    expect(res).toBeInstanceOf(Error);
    expect(fake.calls[0]!.status).toBe(0);
  });
});
