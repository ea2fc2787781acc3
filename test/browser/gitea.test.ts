import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createUser } from '../../src/services/users.ts';
import { DEV_TOKEN, RHEA_TOKEN, seedAcme } from '../fakes/gitea/seed.ts';
import { type FakeGitea, type FakeRepo, startFakeGitea } from '../fakes/gitea/server.ts';
import { eventually } from '../support/eventually.ts';
import { launchBrowser, newSession, type Session, screenshot, setUpAdmin, startTestBaton, type TestBaton } from './support/harness.ts';

// A person on a Forgejo server, in the browser: the credential form (with the server's address,
// completed to its API root; a token short of a scope; a good one), then a Gitea / Forgejo
// project, a linked repository, Start work, and the merge coming back by webhook.

const RHEA = { name: 'Rhea Reviewer', email: 'rhea@example.com', password: 'rhea reviews everything' };

describe('Gitea / Forgejo in the browser', () => {
  let forgejo: FakeGitea;
  let repo: FakeRepo;
  let baton: TestBaton;
  let browser: Browser;
  let s: Session;

  beforeAll(async () => {
    forgejo = await startFakeGitea({ flavour: 'forgejo' });
    ({ repo } = seedAcme(forgejo));
    forgejo.state.addToken('no-write-token', { login: 'dev', scopes: ['read:user', 'read:repository'] });
    baton = await startTestBaton();
    browser = await launchBrowser();
    s = await newSession(browser, baton.url);
    await setUpAdmin(s.page, baton.setupUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
    await forgejo?.close();
  });

  async function addCredential(page: Session['page'], token: string) {
    const form = page.getByRole('form', { name: 'Add a credential' });
    await form.getByLabel('Provider').selectOption({ label: 'Gitea / Forgejo' });
    await form.getByLabel('Owner').fill('acme');
    await form.getByLabel('Token').fill(token);
    await form.getByLabel('API base URL').fill(forgejo.webUrl);
    await form.getByRole('button', { name: 'Validate and save' }).click();
    return form;
  }

  test('the credential form: the scopes asked for, a missing scope named, the server address completed', async () => {
    const { page } = s;
    await page.getByRole('link', { name: /profile and Git credentials/ }).click();
    const form = page.getByRole('form', { name: 'Add a credential' });
    await form.getByLabel('Provider').selectOption({ label: 'Gitea / Forgejo' });
    await form.getByText(/read:user and write:repository/).waitFor();
    expect(await form.getByLabel('API base URL').getAttribute('placeholder')).toBe('https://codeberg.org/api/v1');

    await addCredential(page, 'no-write-token');
    await form.getByRole('alert').filter({ hasText: 'Gitea / Forgejo token (dev) lacks write:repository on acme' }).waitFor();

    await addCredential(page, DEV_TOKEN);
    await form.getByText('Saved — signed in as dev').waitFor();
    const saved = page.getByRole('listitem', { name: /credential for acme/ });
    await saved.getByText(forgejo.url).waitFor();
    expect(await page.content()).not.toContain(DEV_TOKEN);
    await screenshot(page, 'gitea-credential.png');
  });

  test('a Gitea / Forgejo project: link the repository, Start work, and the merge arrives by webhook', async () => {
    const { page } = s;
    // Rhea, a second member with her own token, is the reviewer Baton picks.
    await createUser(baton.baton.ctx.db.kysely, { email: RHEA.email, name: RHEA.name, password: RHEA.password, isAdmin: false });
    const rhea = await newSession(browser, baton.url);
    try {
      await rhea.page.goto('/profile');
      await rhea.page.getByLabel('Email').fill(RHEA.email);
      await rhea.page.getByLabel('Password').fill(RHEA.password);
      await rhea.page.getByRole('button', { name: 'Sign in' }).click();
      await rhea.page.waitForURL(/\/profile$/);
      await (await addCredential(rhea.page, RHEA_TOKEN)).getByText('Saved — signed in as rhea').waitFor();
    } finally {
      await rhea.context.close();
    }

    await page.getByRole('link', { name: 'Projects', exact: true }).click();
    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Key').fill('TEA');
    await dialog.getByLabel('Name').fill('Tea house');
    await dialog.getByLabel('Git provider').selectOption({ label: 'Gitea / Forgejo' });
    await dialog.getByLabel('API base URL').fill(forgejo.webUrl);
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/\/projects\/TEA\/settings/);

    await page.getByLabel('Person').selectOption({ label: `${RHEA.name} (${RHEA.email})` });
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('list', { name: 'Members' }).getByText(RHEA.name).waitFor();

    await page.getByRole('button', { name: 'Link existing repository' }).first().click();
    const link = page.getByRole('dialog', { name: 'Link existing repository' });
    await link.getByLabel('Search repositories').fill('api');
    await link.getByRole('button', { name: 'Link acme/api' }).click();
    await page.getByRole('list', { name: 'Linked repositories' }).getByText('acme/api').waitFor();

    // The Webhooks card speaks Gitea and Forgejo; the secret is shown once and given to the fake server.
    await page.goto('/projects/TEA/settings#webhooks');
    const card = page.getByRole('region', { name: 'Webhooks' });
    await card.getByText(/Add webhook → Forgejo/).waitFor();
    await card.getByRole('button', { name: 'Generate secret' }).click();
    const secret = ((await card.getByRole('group', { name: 'Webhook secret' }).locator('code').textContent()) ?? '').trim();
    const projectId = (await page.evaluate(() => fetch('/api/projects').then((r) => r.json()))).items.find((p: { key: string }) => p.key === 'TEA').id;
    forgejo.hooks.push({ repo: 'acme/api', url: `${baton.url}/api/webhooks/gitea/${projectId}`, secret });

    await page.goto('/projects/TEA');
    await page.getByRole('button', { name: 'New ticket' }).click();
    const ticketDialog = page.getByRole('dialog', { name: 'New ticket in TEA' });
    await ticketDialog.getByLabel('Title').fill('Brew green tea');
    await ticketDialog.getByLabel('New acceptance criterion').fill('Water at 80 °C');
    await ticketDialog.getByLabel('New acceptance criterion').press('Enter');
    await ticketDialog.getByRole('button', { name: 'Create ticket' }).click();
    await page.getByRole('link', { name: 'TEA-1: Brew green tea' }).click();

    await page.getByRole('button', { name: 'Start work' }).click();
    const steps = page.getByRole('region', { name: 'Start work' }).getByRole('list');
    for (const step of ['Create branch', 'Commit spec', 'Open pull request', 'Request reviewer']) {
      await steps.getByText(`${step}: done`).waitFor({ timeout: 20_000 });
    }
    const pull = await eventually(() => repo.pulls.find((p) => p.title === 'TEA-1: Brew green tea'), { what: 'the pull request on the fake' });
    expect(pull.requestedReviewers).toEqual(['rhea']);
    const badge = page.getByRole('region', { name: 'Pull requests' }).getByRole('link', { name: `Pull request #${pull.number}: Open (opens in a new tab)` });
    await badge.waitFor();
    expect(await badge.getAttribute('href')).toBe(`${forgejo.webUrl}/acme/api/pulls/${pull.number}`);

    forgejo.people.merge(repo, pull);
    await page.getByRole('link', { name: 'Tea house' }).click();
    await page.getByRole('region', { name: 'Done' }).getByRole('link', { name: 'TEA-1: Brew green tea' }).waitFor();
    await screenshot(page, 'gitea-board.png');
    expect(forgejo.violations).toEqual([]);
    expect(s.problems).toEqual([]);
  });
});
