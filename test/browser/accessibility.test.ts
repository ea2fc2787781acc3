import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiToken } from '../../src/services/api-tokens.ts';
import { createUser } from '../../src/services/users.ts';
import { seedAcme, TOKEN } from '../fakes/github/seed.ts';
import { type FakeGitHub, type FakeRepo, startFakeGitHub } from '../fakes/github/server.ts';
import { type ApiClient, apiClient } from '../support/baton.ts';
import { eventually } from '../support/eventually.ts';
import { audit } from './support/audit.ts';
import { launchBrowser, newSession, type Session, setUpAdmin, startTestBaton, type TestBaton } from './support/harness.ts';

// Every page of the web app, with the data a team has after a few days (labels, priorities, a
// linked repository, a pull request, webhook deliveries, comments, a notification, an open
// invitation), checked by axe-core at a desktop's and a phone's width: nothing serious or
// critical, and on the phone nothing wider than the screen.

const RHEA_TOKEN = 'ghp_fakeClassicTokenForRhea000000000000';
const RHEA = { name: 'Rhea Reviewer', email: 'rhea@example.com', password: 'rhea reviews everything' };
const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

/** The API as the signed-in page calls it (session cookie and CSRF header). */
async function call(page: Page, method: string, path: string, body?: unknown): Promise<any> {
  const res = await page.evaluate(
    async ([method, path, body]) => {
      const csrf = document.cookie.match(/baton_csrf=([^;]+)/)?.[1] ?? '';
      const res = await fetch(path as string, {
        method: method as string,
        headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    },
    [method, path, body] as const,
  );
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

describe('accessibility of every page, on a desktop and a phone', () => {
  let fake: FakeGitHub;
  let repo: FakeRepo;
  let baton: TestBaton;
  let browser: Browser;
  /** Ada, signed in, one session per width. */
  const ada: Session[] = [];
  let rhea: ApiClient;
  const setupFindings: string[] = [];
  let inviteLink = '';
  let resetLink = '';

  beforeAll(async () => {
    fake = await startFakeGitHub();
    ({ repo } = seedAcme(fake));
    fake.state.tokens.set(RHEA_TOKEN, { kind: 'classic', login: 'rhea', scopes: ['repo'] });
    fake.state.account('acme')!.members.add('rhea');
    baton = await startTestBaton();
    browser = await launchBrowser();
    for (const viewport of WIDTHS) ada.push(await newSession(browser, baton.url, viewport));

    // The first-run page exists only until the first admin is created.
    for (const { page } of ada) {
      await page.goto(baton.setupUrl);
      await page.getByRole('heading', { name: 'Create the first admin' }).waitFor();
      setupFindings.push(...(await audit(page, 'setup')));
    }
    await setUpAdmin(ada[0].page, baton.setupUrl);
    await ada[1].context.addCookies(await ada[0].context.cookies());
    await seed(ada[0].page);
    // Two audits and a team's worth of data through a real server: minutes on a busy machine.
  }, 300_000);

  async function seed(page: Page): Promise<void> {
    const me = await call(page, 'GET', '/api/me');
    const db = baton.baton.ctx.db.kysely;
    const rheaUser = await createUser(db, { ...RHEA, isAdmin: false });
    rhea = apiClient(baton.url, { authorization: `Bearer ${(await createApiToken(db, rheaUser.id, 'test')).token}` });

    const credential = await call(page, 'POST', '/api/me/credentials', { provider: 'github', owner: 'acme', token: TOKEN, baseUrl: fake.url });
    const project = await call(page, 'POST', '/api/projects', { key: 'PAY', name: 'Payments', provider: 'github', settings: { baseUrl: fake.url } });
    const repository = await call(page, 'POST', `/api/projects/${project.id}/repositories`, { credentialId: credential.id, owner: 'acme', name: 'api' });
    await call(page, 'POST', `/api/projects/${project.id}/members`, { userId: rheaUser.id, role: 'member' });
    expect((await rhea.post('/api/me/credentials', { provider: 'github', owner: 'acme', token: RHEA_TOKEN, baseUrl: fake.url })).status).toBe(201);

    // Label colours from light to dark, as teams pick them.
    const labels: { id: string; name: string }[] = [];
    for (const [name, color] of [
      ['bug', '#d73a4a'],
      ['design', '#fbca04'],
      ['backend', '#0e8a16'],
      ['docs', '#c5def5'],
      ['infra', '#1d2b53'],
    ]) {
      labels.push(await call(page, 'POST', `/api/projects/${project.id}/labels`, { name, color }));
    }
    const ids = (...names: string[]) => labels.filter((l) => names.includes(l.name)).map((l) => l.id as string);
    const tickets = [
      {
        title: 'Refund a card payment, partially or in full, from the payment page and from the API',
        spec: '## Why\nCustomers ask for **partial** refunds.\n\n## How\n- `POST /refunds` with an amount\n- reject more than captured\n\n```ts\nrefund(payment, { amount: 500 })\n```\n',
        acceptanceCriteria: ['Refund up to the captured amount', 'Write an audit entry'],
        assigneeId: me.id,
        reviewerId: rheaUser.id,
        repositoryId: repository.id,
        priority: 'high',
        labelIds: ids('bug', 'backend', 'design'),
      },
      { title: 'Ledger export', spec: 'Nightly reconciliation file.', status: 'backlog', priority: 'low', labelIds: ids('docs') },
      { title: 'Audit trail', status: 'in_progress', assigneeId: rheaUser.id, reviewerId: me.id, priority: 'urgent', labelIds: ids('infra', 'bug') },
      { title: 'Currency rounding', status: 'ready', priority: 'medium', assigneeId: me.id },
      { title: 'Old checkout removed', status: 'done', labelIds: ids('backend') },
    ];
    for (const t of tickets) await call(page, 'POST', `/api/projects/${project.id}/tickets`, t);

    // Start work: a branch and a pull request on the fake, shown on the ticket and the card.
    await call(page, 'POST', '/api/tickets/PAY-1/start', {});
    await eventually(async () => (await call(page, 'GET', '/api/tickets/PAY-1')).pullRequests[0], { what: 'the pull request of PAY-1' });

    // Deliveries: the pull request opened, one for a branch Baton did not make, and a forged one (counted as rejected).
    await call(page, 'POST', `/api/projects/${project.id}/repositories/${repository.id}/webhook/test`, {});
    const other = fake.state.addPull(repo, { head: 'chore/readme', title: 'Tidy the readme', author: 'octo' });
    for (const pull of [repo.pulls[0], other]) fake.hooks.emit(repo, 'pull_request', await pullRequestEvent(pull.number, 'opened'));
    await fake.hooks.idle();
    const forged = await fetch(`${baton.url}/api/webhooks/github/${project.id}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'ping',
        'x-github-delivery': 'forged-1',
        'x-hub-signature-256': `sha256=${'0'.repeat(64)}`,
      },
      body: '{}',
    });
    expect(forged.status).toBe(401);
    await eventually(async () => ((await call(page, 'GET', `/api/projects/${project.id}/deliveries`)).items.length >= 2 ? true : undefined), {
      what: 'the two pull request deliveries',
    });

    // A conversation, with a mention that notifies Ada.
    await call(page, 'POST', '/api/tickets/PAY-1/comments', { body: 'Started: the **spec** is on the branch. @rhea can you look at the rounding?' });
    expect(
      (
        await rhea.post('/api/tickets/PAY-1/comments', {
          body: '@ada looks good, one question on `refund()`:\n\n> reject more than captured\n\nalso for partial captures?',
        })
      ).status,
    ).toBe(201);

    // A second project with one ticket in its last column: on a phone, empty columns must not push it out of sight.
    const ops = await call(page, 'POST', '/api/projects', { key: 'OPS', name: 'Operations', provider: 'github', settings: { baseUrl: fake.url } });
    await call(page, 'POST', `/api/projects/${ops.id}/tickets`, { title: 'Rotate the database password', status: 'done' });

    inviteLink = (await call(page, 'POST', '/api/invitations', { email: 'newcomer@example.com', role: 'member' })).link;
    resetLink = (await call(page, 'POST', `/api/users/${rheaUser.id}/reset-link`, {})).link;
  }

  /** A `pull_request` delivery built from the fake's own REST answers, as GitHub embeds the same objects. */
  async function pullRequestEvent(number: number, action: string): Promise<Record<string, unknown>> {
    const get = (path: string) =>
      fetch(`${fake.url}${path}`, { headers: { authorization: `token ${TOKEN}`, accept: 'application/vnd.github+json' } }).then((r) => r.json());
    const [pull, repository, sender] = await Promise.all([get(`/repos/acme/api/pulls/${number}`), get('/repos/acme/api'), get('/user')]);
    return { action, number, pull_request: pull, repository, sender };
  }

  afterAll(async () => {
    await fake?.hooks.idle();
    await browser?.close();
    await baton?.stop();
    await fake?.close();
  });

  /** Opens `path` at each width (signed in as Ada, or signed out in a fresh context), waits until `ready`, optionally opens something on it, and audits. */
  async function auditPage({ path, ready, open, signedOut }: PageCase, what: string): Promise<void> {
    const findings: string[] = [];
    for (const [i, viewport] of WIDTHS.entries()) {
      const s = signedOut ? await newSession(browser, baton.url, viewport) : ada[i];
      try {
        await s.page.goto(typeof path === 'function' ? path() : path);
        await ready(s.page);
        await open?.(s.page);
        findings.push(...(await audit(s.page, what)));
        expect(s.problems).toEqual([]);
      } finally {
        if (signedOut) await s.context.close();
      }
    }
    expect(findings).toEqual([]);
  }

  interface PageCase {
    path: string | (() => string);
    ready: (page: Page) => Promise<unknown>;
    /** Opens a dialog or panel on the page before the audit. */
    open?: (page: Page) => Promise<unknown>;
    signedOut?: boolean;
  }

  const signIn = (page: Page) => page.getByRole('heading', { name: 'Sign in to Baton' }).waitFor();
  const projectList = (page: Page) =>
    page
      .getByRole('link', { name: /Payments/ })
      .first()
      .waitFor();
  const board = (page: Page) =>
    page
      .getByRole('article', { name: /Refund a card payment/ })
      .getByRole('link', { name: /Pull request #1: Open/ })
      .waitFor();
  const settings = (page: Page) => page.getByRole('list', { name: 'Linked repositories' }).getByText('acme/api').waitFor();

  const pages: Record<string, PageCase> = {
    'sign in': { signedOut: true, path: '/login', ready: signIn },
    'a failed sign in': {
      signedOut: true,
      path: '/login',
      ready: signIn,
      open: async (page) => {
        await page.getByLabel('Email').fill('ada@example.com');
        await page.getByLabel('Password').fill('not the password');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('alert').waitFor();
      },
    },
    'an invitation': {
      signedOut: true,
      path: () => inviteLink,
      ready: (page) => page.getByText('You were invited as newcomer@example.com', { exact: false }).waitFor(),
    },
    'a password reset': { signedOut: true, path: () => resetLink, ready: (page) => page.getByRole('heading', { name: 'Choose a new password' }).waitFor() },
    'an invitation that cannot be used': {
      signedOut: true,
      path: '/invite#not-a-real-token',
      ready: (page) => page.getByRole('heading', { name: 'This invitation cannot be used' }).waitFor(),
    },
    projects: { path: '/projects', ready: projectList },
    'the new project dialog': {
      path: '/projects',
      ready: projectList,
      open: async (page) => {
        await page.getByRole('button', { name: 'New project' }).click();
        await page.getByRole('dialog', { name: 'New project' }).waitFor();
      },
    },
    'a board with labels, priorities, avatars and a pull request': { path: '/projects/PAY', ready: board },
    'a searched board': { path: '/projects/PAY?q=refund', ready: (page) => page.getByRole('article', { name: /Refund a card payment/ }).waitFor() },
    'the new ticket dialog': {
      path: '/projects/PAY',
      ready: board,
      open: async (page) => {
        await page.getByRole('button', { name: 'New ticket' }).click();
        await page.getByRole('dialog', { name: 'New ticket in PAY' }).getByLabel('Title').waitFor();
      },
    },
    'the keyboard shortcuts': {
      path: '/projects/PAY',
      ready: board,
      open: async (page) => {
        await page.locator('body').press('?');
        await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      },
    },
    'the command palette': {
      path: '/projects/PAY',
      ready: board,
      open: async (page) => {
        await page.keyboard.press('Control+k');
        await page.getByRole('dialog', { name: 'Go to' }).waitFor();
      },
    },
    'the notifications': {
      path: '/projects/PAY',
      ready: board,
      open: async (page) => {
        await page.getByRole('button', { name: /Notifications, \d+ unread/ }).click();
        await page
          .getByRole('region', { name: 'Notifications' })
          .getByRole('link', { name: /mentioned you/ })
          .waitFor();
      },
    },
    'a board with empty columns': { path: '/projects/OPS', ready: (page) => page.getByRole('article', { name: /Rotate the database password/ }).waitFor() },
    'a ticket with a pull request, labels, criteria, history and comments': {
      path: '/tickets/PAY-1',
      ready: async (page) => {
        await page
          .getByRole('region', { name: 'Pull requests' })
          .getByRole('link', { name: /Pull request #1: Open/ })
          .waitFor();
        await page.getByText('also for partial captures?').waitFor();
      },
    },
    'project settings (general, members, repositories, webhooks, deliveries)': {
      path: '/projects/PAY/settings',
      ready: async (page) => {
        await settings(page);
        await page.getByRole('listitem', { name: 'Webhook of acme/api' }).waitFor();
        await page
          .getByRole('region', { name: 'Recent deliveries' })
          .getByRole('row', { name: /pull_request\.opened/ })
          .first()
          .waitFor();
      },
    },
    'the link repository dialog': {
      path: '/projects/PAY/settings',
      ready: settings,
      open: async (page) => {
        await page.getByRole('button', { name: 'Link existing repository' }).first().click();
        await page.getByRole('dialog', { name: 'Link existing repository' }).getByLabel('Search repositories').waitFor();
      },
    },
    profile: { path: '/profile', ready: (page) => page.getByRole('listitem', { name: 'GitHub credential for acme' }).waitFor() },
    team: { path: '/team', ready: (page) => page.getByText('newcomer@example.com').waitFor() },
    'a ticket that does not exist': { path: '/tickets/PAY-999', ready: (page) => page.getByRole('heading', { name: /doesn't exist/ }).waitFor() },
    'an unknown address': { path: '/nowhere', ready: (page) => page.getByRole('heading', { level: 1 }).waitFor() },
  };

  test('setup (first run)', () => {
    expect(setupFindings).toEqual([]);
  });

  // Generous: axe reads every element's colours, and the machine running this may be busy.
  for (const [what, page] of Object.entries(pages)) test(what, () => auditPage(page, what), 300_000);

  test('on a phone, a board whose only card is in its last column shows that card on the first screen', async () => {
    const phone = ada[1].page;
    await phone.goto('/projects/OPS');
    const card = phone.getByRole('article', { name: /Rotate the database password/ });
    await card.waitFor();
    const box = await card.boundingBox();
    expect(box!.y + box!.height).toBeLessThan(844);
  });
});
