import { createHmac, randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createUser } from '../../src/services/users.ts';
import { seedAcme, TOKEN } from '../fakes/github/seed.ts';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/server.ts';
import { eventually } from '../support/eventually.ts';
import { launchBrowser, newSession, type Session, screenshot, setUpAdmin, startTestBaton, type TestBaton } from './support/harness.ts';

// The whole journey against the fake GitHub, as a person does it in the browser:
// first admin → credential → project → repository → ticket → Start work → PR on the card →
// signed webhook → card in Done without a reload; plus the credential error path, the
// once-only webhook secret and the delivery log with Replay.

const RHEA_TOKEN = 'ghp_fakeClassicTokenForRhea000000000000';
const RHEA = { name: 'Rhea Reviewer', email: 'rhea@example.com', password: 'rhea reviews everything' };

describe('journey against the fake GitHub', () => {
  let github: FakeGitHub;
  let baton: TestBaton;
  let browser: Browser;
  let s: Session;
  let webhookSecret = '';
  let projectId = '';

  beforeAll(async () => {
    github = await startFakeGitHub();
    seedAcme(github);
    github.state.tokens.set(RHEA_TOKEN, { kind: 'classic', login: 'rhea', scopes: ['repo'] });
    github.state.account('acme')!.members.add('rhea');
    // A token that authenticates but lacks the repo scope.
    github.state.tokens.set('ghp_fakeNoRepoScope00000000000000000000', { kind: 'classic', login: 'octo', scopes: ['read:org'] });
    baton = await startTestBaton();
    browser = await launchBrowser();
    s = await newSession(browser, baton.url);
  });

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
    await github?.close();
  });

  test('first admin through the setup link', async () => {
    await setUpAdmin(s.page, baton.setupUrl);
  });

  test('a bad credential shows why and saves nothing', async () => {
    const { page } = s;
    await page.getByRole('link', { name: /profile and Git credentials/ }).click();
    await page.getByRole('heading', { name: 'Git credentials' }).waitFor();
    await page.getByText('No credentials yet').waitFor();
    const form = page.getByRole('form', { name: 'Add a credential' });

    await form.getByLabel('Owner').fill('acme');
    await form.getByLabel('Token').fill('ghp_thisTokenDoesNotExist0000000000000000');
    await form.getByLabel('Base URL').fill(github.url);
    await form.getByRole('button', { name: 'Validate and save' }).click();
    const alert = form.getByRole('alert').filter({ hasText: 'The token was not saved' });
    await alert.waitFor();
    const invalidMessage = (await alert.textContent()) ?? '';
    expect(invalidMessage.length).toBeGreaterThan('The token was not saved'.length + 5);

    // Authenticates, but lacks what Start work needs: the message names it.
    await form.getByLabel('Token').fill('ghp_fakeNoRepoScope00000000000000000000');
    await form.getByRole('button', { name: 'Validate and save' }).click();
    await form
      .getByRole('alert')
      .filter({ hasText: /lacks the repo scope on acme/ })
      .waitFor();

    await page.reload();
    await page.getByText('No credentials yet').waitFor();
    const listed = await page.evaluate(() => fetch('/api/me/credentials').then((r) => r.json()));
    expect(listed).toEqual({ items: [] });
  });

  test('a good credential shows the validation result; the token is never shown again', async () => {
    const { page } = s;
    const form = page.getByRole('form', { name: 'Add a credential' });
    await form.getByLabel('Owner').fill('acme');
    await form.getByLabel('Token').fill(TOKEN);
    await form.getByLabel('Base URL').fill(github.url);
    await form.getByRole('button', { name: 'Validate and save' }).click();
    await form.getByText('Saved — signed in as octo').waitFor();
    expect(await form.getByLabel('Token').inputValue()).toBe('');

    const saved = page.getByRole('listitem', { name: /credential for acme/ });
    await saved.getByText('octo', { exact: true }).waitFor();
    await saved.getByText('repo', { exact: true }).waitFor();
    await saved.getByText(`•••• ${TOKEN.slice(-4)}`).waitFor();
    expect(await page.content()).not.toContain(TOKEN);
    await page.reload();
    await page.getByRole('listitem', { name: /credential for acme/ }).waitFor();
    expect(await page.content()).not.toContain(TOKEN);
  });

  test('a second credential can be deleted', async () => {
    const { page } = s;
    const form = page.getByRole('form', { name: 'Add a credential' });
    await form.getByLabel('Owner').fill('octo');
    await form.getByLabel('Token').fill(TOKEN);
    await form.getByLabel('Base URL').fill(github.url);
    await form.getByRole('button', { name: 'Validate and save' }).click();
    const row = page.getByRole('listitem', { name: /credential for octo/ });
    await row.waitFor();
    await row.getByRole('button', { name: 'Delete credential for octo' }).click();
    // Two steps, so a stray click deletes nothing.
    await row.getByRole('button', { name: 'Delete credential', exact: true }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByRole('listitem', { name: /credential for acme/ }).waitFor();
  });

  test('create a GitHub project and link a repository by searching the owner', async () => {
    const { page } = s;
    await page.getByRole('link', { name: 'Projects', exact: true }).click();
    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Key').fill('PAY');
    await dialog.getByLabel('Name').fill('Payments');
    await dialog.getByLabel('Git provider').selectOption('github');
    await dialog.getByLabel('API base URL').fill(github.url);
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/\/projects\/PAY\/settings/);
    projectId = (await page.evaluate(() => fetch('/api/projects').then((r) => r.json()))).items[0].id as string;

    await page.getByText('No repositories linked').waitFor();
    await page.getByRole('button', { name: 'Link existing repository' }).first().click();
    const link = page.getByRole('dialog', { name: 'Link existing repository' });
    await link.getByLabel('Credential').waitFor();
    await link.getByLabel('Search repositories').fill('api');
    await link.getByRole('button', { name: 'Link acme/api' }).click();
    await page.getByRole('list', { name: 'Linked repositories' }).getByText('acme/api').waitFor();
  });

  test('add a second member whose credential makes them the automatic reviewer', async () => {
    const { page } = s;
    await createUser(baton.baton.ctx.db.kysely, { email: RHEA.email, name: RHEA.name, password: RHEA.password, isAdmin: false });
    await page.reload();
    await page.getByLabel('Person').selectOption({ label: `${RHEA.name} (${RHEA.email})` });
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('list', { name: 'Members' }).getByText(RHEA.name).waitFor();

    // Rhea signs in on her own and adds her token, so Baton knows her GitHub login.
    const rhea = await newSession(browser, baton.url);
    try {
      await rhea.page.goto('/profile');
      await rhea.page.waitForURL(/\/login/);
      await rhea.page.getByLabel('Email').fill(RHEA.email);
      await rhea.page.getByLabel('Password').fill(RHEA.password);
      await rhea.page.getByRole('button', { name: 'Sign in' }).click();
      await rhea.page.waitForURL(/\/profile$/);
      const form = rhea.page.getByRole('form', { name: 'Add a credential' });
      await form.getByLabel('Owner').fill('acme');
      await form.getByLabel('Token').fill(RHEA_TOKEN);
      await form.getByLabel('Base URL').fill(github.url);
      await form.getByRole('button', { name: 'Validate and save' }).click();
      await form.getByText('Saved — signed in as rhea').waitFor();
    } finally {
      await rhea.context.close();
    }
  });

  test('create a ticket with criteria and Start work: steps progress, the PR shows up on the ticket and the card', async () => {
    const { page } = s;
    await page.goto('/projects/PAY');
    await page.getByRole('button', { name: 'New ticket' }).click();
    const dialog = page.getByRole('dialog', { name: 'New ticket in PAY' });
    await dialog.getByLabel('Title').fill('Refund a card payment');
    await dialog
      .getByRole('textbox', { name: 'Spec' })
      .fill('## Why\nCustomers ask for **partial** refunds.\n\n## How\n- `POST /refunds` with an amount\n- reject more than captured\n');
    for (const c of ['Refund up to the captured amount', 'Write an audit entry', 'Email the customer']) {
      await dialog.getByLabel('New acceptance criterion').fill(c);
      await dialog.getByLabel('New acceptance criterion').press('Enter');
    }
    await dialog.getByLabel('Assignee').selectOption({ label: 'Ada Admin' });
    await dialog.getByRole('button', { name: 'Create ticket' }).click();
    await page.getByRole('link', { name: 'PAY-1: Refund a card payment' }).click();
    await page.waitForURL(/\/tickets\/PAY-1$/);

    await page.getByRole('button', { name: 'Start work' }).click();
    const steps = page.getByRole('region', { name: 'Start work' }).getByRole('list');
    for (const step of ['Create branch', 'Commit spec', 'Open pull request', 'Request reviewer']) {
      await steps.getByText(`${step}: done`).waitFor();
    }
    const pull = await eventually(() => github.state.repo('acme', 'api')?.pulls[0], { what: 'the pull request on the fake' });
    expect(pull.requestedReviewers.map((r) => r.toLowerCase())).toContain('rhea');
    expect(github.state.file(github.state.repo('acme', 'api')!, pull.head, '.tickets/PAY-1.md')).toContain('partial');

    const prs = page.getByRole('region', { name: 'Pull requests' });
    const badge = prs.getByRole('link', { name: `Pull request #${pull.number}: Open (opens in a new tab)` });
    await badge.waitFor();
    expect(await badge.getAttribute('href')).toMatch(new RegExp(`/acme/api/pull/${pull.number}$`));
    await page.getByText(pull.head).first().waitFor();
    await screenshot(page, 'ticket.png');

    await page.getByRole('link', { name: 'Payments' }).click();
    const card = page.getByRole('article', { name: /Refund a card payment/ });
    await card.getByRole('link', { name: `Pull request #${pull.number}: Open (opens in a new tab)` }).waitFor();
    await screenshot(page, 'board.png');
    await page.getByRole('button', { name: 'Sync PR status' }).click();
    await page.getByText(/Syncing pull request status/).waitFor();
    expect(github.violations).toEqual([]);
  });

  test('a failed step shows its message and Retry resumes the flow', async () => {
    const { page } = s;
    await page.goto('/projects/PAY');
    await page.getByRole('button', { name: 'New ticket' }).click();
    const dialog = page.getByRole('dialog', { name: 'New ticket in PAY' });
    await dialog.getByLabel('Title').fill('Export refunds as CSV');
    await dialog.getByRole('button', { name: 'Create ticket' }).click();
    await page.getByRole('link', { name: 'PAY-2: Export refunds as CSV' }).click();

    // GitHub refuses the pull request once; not worth retrying by itself, so the flow stops.
    github.fail({
      method: 'POST',
      path: '/repos/acme/api/pulls',
      status: 403,
      body: { message: 'Resource not accessible by personal access token', documentation_url: 'https://docs.github.com/rest', status: '403' },
    });
    await page.getByRole('button', { name: 'Start work' }).click();
    const panel = page.getByRole('region', { name: 'Start work' });
    await panel.getByText('Open pull request: failed').waitFor();
    await panel
      .getByText(/Resource not accessible|not allowed|permission|forbidden/i)
      .first()
      .waitFor();
    await panel.getByText('Create branch: done').waitFor();
    await screenshot(page, 'start-work-failed.png');

    await panel.getByRole('button', { name: 'Retry' }).click();
    await panel.getByText('Open pull request: done').waitFor();
    await panel.getByText(/Request reviewer: (done|skipped)/).waitFor();
    await page
      .getByRole('region', { name: 'Pull requests' })
      .getByRole('link', { name: /Pull request #2: Open/ })
      .waitFor();
  });

  test('Sync PR status on the ticket fetches the pull request now', async () => {
    const { page } = s;
    const prs = page.getByRole('region', { name: 'Pull requests' });
    await prs.getByRole('button', { name: 'Sync PR status' }).click();
    await prs.getByText('Last synced just now').waitFor();
  });

  test('the webhook secret is shown once, with a warning, and is gone after a reload', async () => {
    const { page } = s;
    await page.goto('/projects/PAY/settings#webhooks');
    const card = page.getByRole('region', { name: 'Webhooks' });
    await card.getByText(`/api/webhooks/github/${projectId}`).first().waitFor();
    await card.getByText('Let me select individual events', { exact: false }).waitFor();
    // Linking the repository set up its webhook, and with it a secret: rotating shows a new one, once.
    await card.getByRole('button', { name: 'Rotate secret' }).click();
    await card.getByRole('button', { name: 'Generate new secret' }).click();
    const secretBox = card.getByRole('region', { name: 'New webhook secret' });
    await secretBox.getByText("It won't be shown again").waitFor();
    await secretBox.getByRole('button', { name: 'Copy secret' }).waitFor();
    webhookSecret = ((await secretBox.getByRole('group', { name: 'Webhook secret' }).locator('code').textContent()) ?? '').trim();
    expect(webhookSecret.length).toBeGreaterThanOrEqual(20);

    await page.reload();
    await card.getByText(/Secret set/).waitFor();
    expect(await card.getByRole('region', { name: 'New webhook secret' }).count()).toBe(0);
    expect(await page.content()).not.toContain(webhookSecret);
    await card.getByRole('button', { name: 'Rotate secret' }).waitFor();
  });

  test('a signed "closed + merged" pull_request webhook moves the card to Done without a reload', async () => {
    const { page } = s;
    const boardReads: string[] = [];
    page.on('request', (r) => {
      if (/\/api\/projects\/[^/]+\/(board|tickets)/.test(r.url())) boardReads.push(new URL(r.url()).pathname);
    });
    await page.goto('/projects/PAY');
    const inReview = page.getByRole('region', { name: 'In review' });
    await inReview.getByRole('link', { name: /PAY-1/ }).waitFor();
    // The board follows the server's change stream instead of polling.
    await expect.poll(() => boardReads.filter((p) => p.endsWith('/board/events')).length).toBe(1);
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    const { status } = await sendMergedWebhook(github, baton.url, projectId, webhookSecret);
    expect(status).toBeLessThan(300);

    // No reload: the server pushes the change and the card moves.
    await page.getByRole('region', { name: 'Done' }).getByRole('link', { name: 'PAY-1: Refund a card payment' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(boardReads.filter((p) => !p.endsWith('/board/events') && !p.endsWith('/board'))).toEqual([]);
    await page
      .getByRole('region', { name: 'Done' })
      .getByRole('link', { name: /Pull request #1: Merged/ })
      .waitFor();
  });

  test('the delivery log lists deliveries with outcome and error, and Replay applies one again', async () => {
    const { page } = s;
    // A delivery with a wrong signature is refused, counted and not stored.
    const bad = await postWebhook(baton.url, projectId, 'not-the-secret', { zen: 'hi', hook_id: 1 }, 'ping');
    expect(bad.status).toBeGreaterThanOrEqual(400);
    // A PR in a repository the project has not linked (yet): stored, but ignored, with the reason.
    const web = github.state.addRepo({ owner: 'acme', name: 'web' });
    const other = github.state.addPull(web, { head: 'chore/readme', title: 'Tidy the readme', author: 'octo' });
    expect((await sendPullRequestWebhook(github, baton.url, projectId, webhookSecret, 'web', other.number, 'opened')).status).toBeLessThan(300);

    await page.goto('/projects/PAY/settings#deliveries');
    const log = page.getByRole('region', { name: 'Recent deliveries' });
    await log
      .getByRole('row', { name: /pull_request\.closed/ })
      .getByText('Applied')
      .waitFor();
    await log.getByText('1 rejected delivery').waitFor();
    const opened = log.getByRole('row', { name: /pull_request\.opened/ });
    await opened.getByText('Ignored').waitFor();
    await opened.getByText('Repository acme/web is not linked to this project').waitFor();
    await screenshot(page, 'deliveries.png');

    // Link the repository, then Replay: the same stored delivery is applied this time.
    await page.getByRole('button', { name: 'Link existing repository' }).first().click();
    const link = page.getByRole('dialog', { name: 'Link existing repository' });
    await link.getByLabel('Search repositories').fill('web');
    await link.getByRole('button', { name: 'Link acme/web' }).click();
    await page.getByRole('list', { name: 'Linked repositories' }).getByText('acme/web').waitFor();

    // The row itself follows the replay, without a reload: the same row, now applied.
    await opened.getByRole('button', { name: /Replay delivery/ }).click();
    await opened.getByText('Applied').waitFor();
    expect(await log.getByRole('row', { name: /pull_request\.opened/ }).count()).toBe(1);
    // Each row names the ticket its pull request moved.
    await log
      .getByRole('row', { name: /pull_request\.closed/ })
      .getByRole('link', { name: 'PAY-1' })
      .waitFor();
    expect(await opened.getByText(/not linked/).count()).toBe(0);
    const ticket = await page.evaluate(() => fetch('/api/tickets/PAY-1').then((r) => r.json()));
    expect(ticket.status).toBe('done');
  });

  test('phone width: board and ticket still work at 390 px', async () => {
    const phone = await newSession(browser, baton.url, { width: 390, height: 844 });
    try {
      await phone.context.addCookies(await s.context.cookies());
      await phone.page.goto('/projects/PAY');
      await phone.page.getByRole('region', { name: 'Done' }).getByRole('link', { name: /PAY-1/ }).waitFor();
      const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(phone.page, 'board-390.png');
      await phone.page.getByRole('link', { name: /PAY-1/ }).first().click();
      await phone.page.getByRole('region', { name: 'Pull requests' }).waitFor();
      const overflow2 = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow2).toBeLessThanOrEqual(0);
      await screenshot(phone.page, 'ticket-390.png');
      for (const path of ['/projects/PAY/settings', '/profile', '/projects']) {
        await phone.page.goto(path);
        await phone.page.getByRole('heading', { level: 1 }).waitFor();
        await phone.page.waitForLoadState('networkidle');
        const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(wide, `${path} is wider than the phone`).toBeLessThanOrEqual(0);
      }
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.context.close();
    }
    expect(s.problems).toEqual([]);
  });

  test('Start work refused for want of a credential says so on the panel, with the way to Profile → Git credentials', async () => {
    const CLEO = { name: 'Cleo Newcomer', email: 'cleo@example.com', password: 'cleo has no token yet' };
    await createUser(baton.baton.ctx.db.kysely, { ...CLEO, isAdmin: false });
    await s.page.goto('/projects/PAY/settings#members');
    // The page may already be open at another section: reload so the people list includes Cleo.
    await s.page.reload();
    await s.page.getByLabel('Person').selectOption({ label: `${CLEO.name} (${CLEO.email})` });
    await s.page.getByRole('button', { name: 'Add member' }).click();
    await s.page.getByRole('list', { name: 'Members' }).getByText(CLEO.name).waitFor();

    const cleo = await newSession(browser, baton.url);
    try {
      const { page } = cleo;
      await page.goto('/login');
      await page.getByLabel('Email').fill(CLEO.email);
      await page.getByLabel('Password').fill(CLEO.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
      await page.goto('/projects/PAY');
      await page.getByRole('button', { name: 'New ticket' }).click();
      const dialog = page.getByRole('dialog', { name: 'New ticket in PAY' });
      await dialog.getByLabel('Title').fill('Cleo starts without a token');
      await dialog.getByLabel('Repository').selectOption({ label: 'acme/api' });
      await dialog.getByRole('button', { name: 'Create ticket' }).click();
      await page.getByRole('link', { name: /Cleo starts without a token/ }).click();
      await page.waitForURL(/\/tickets\/PAY-\d+$/);

      const panel = page.getByRole('region', { name: 'Start work' });
      await panel.getByRole('button', { name: 'Start work' }).click();
      const refusal = panel.getByRole('alert');
      await refusal.getByText('Start work did not start').waitFor();
      await refusal.getByText(/You have no GitHub credential for acme/).waitFor();
      // Nothing ran: no steps, the button is still there to press once the credential exists.
      expect(await panel.getByRole('list').count()).toBe(0);
      await panel.getByRole('button', { name: 'Start work' }).waitFor();

      await refusal.getByRole('link', { name: 'Add a credential in Profile → Git credentials' }).click();
      await page.waitForURL(/\/profile#git-credentials$/);
      await page.getByRole('heading', { name: 'Git credentials' }).waitFor();
      await expect
        .poll(() => page.getByRole('heading', { name: 'Git credentials' }).evaluate((h) => h.getBoundingClientRect().top < window.innerHeight))
        .toBe(true);
      expect(cleo.problems).toEqual([]);
    } finally {
      await cleo.context.close();
    }
  });

  test('deleting a credential that a linked repository uses names them first, and Keep keeps it', async () => {
    const { page } = s;
    await page.goto('/profile');
    const row = page.getByRole('listitem', { name: 'GitHub credential for acme' });
    await row.getByRole('button', { name: 'Delete credential for acme' }).click();
    const warning = row.getByRole('status').filter({ hasText: 'This credential is in use' });
    await warning.getByText(/acme\/api \(PAY\)/).waitFor();
    await row.getByRole('button', { name: 'Keep' }).click();
    await expect.poll(() => warning.count()).toBe(0);
    await page.reload();
    await page.getByRole('listitem', { name: 'GitHub credential for acme' }).waitFor();
    expect(s.problems).toEqual([]);
  });
});

async function postWebhook(batonUrl: string, projectId: string, secret: string, payload: unknown, event: string) {
  const raw = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
  const res = await fetch(`${batonUrl}/api/webhooks/github/${projectId}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/fake',
      'x-github-event': event,
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': signature,
    },
    body: raw,
  });
  return { status: res.status, body: await res.text() };
}

/** Merges PR #1 on the fake, then delivers the event GitHub would send, signed with `secret`. */
async function sendMergedWebhook(github: FakeGitHub, batonUrl: string, projectId: string, secret: string) {
  const pull = github.state.repo('acme', 'api')!.pulls[0];
  const now = github.state.tick();
  pull.state = 'closed';
  pull.mergedAt = now;
  pull.closedAt = now;
  pull.updatedAt = now;
  return sendPullRequestWebhook(github, batonUrl, projectId, secret, 'api', pull.number, 'closed');
}

/** A `pull_request` delivery built from the fake's own REST answers, as GitHub embeds the same objects. */
async function sendPullRequestWebhook(github: FakeGitHub, batonUrl: string, projectId: string, secret: string, repo: string, number: number, action: string) {
  const get = (path: string) =>
    fetch(`${github.url}${path}`, { headers: { authorization: `token ${TOKEN}`, accept: 'application/vnd.github+json' } }).then((r) => r.json());
  const [pullJson, repoJson, sender] = await Promise.all([get(`/repos/acme/${repo}/pulls/${number}`), get(`/repos/acme/${repo}`), get('/user')]);
  const payload = { action, number, pull_request: pullJson, repository: repoJson, sender };
  return postWebhook(batonUrl, projectId, secret, payload, 'pull_request');
}
