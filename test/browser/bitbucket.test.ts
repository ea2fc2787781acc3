import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createUser } from '../../src/services/users.ts';
import { type AcmeWorld, DANA_TOKEN, RUI_TOKEN, seedAcme } from '../fakes/bitbucket/seed.ts';
import { type FakeBitbucket, startFakeBitbucket } from '../fakes/bitbucket/server.ts';
import { eventually } from '../support/eventually.ts';
import { launchBrowser, newSession, type Session, screenshot, setUpAdmin, startTestBaton, type TestBaton } from './support/harness.ts';

// A person on Bitbucket Cloud, in the browser: the credential form (the Atlassian account email
// beside the API token; a token short of scopes; a good one), then a Bitbucket project, a linked
// repository, Start work with the reviewer requested with the pull request, and the merge coming
// back by a signed webhook.

const RUI = { name: 'Rui Reviewer', email: 'rui@example.com', password: 'rui reviews everything' };

describe('Bitbucket Cloud in the browser', () => {
  let fake: FakeBitbucket;
  let world: AcmeWorld;
  let baton: TestBaton;
  let browser: Browser;
  let s: Session;

  beforeAll(async () => {
    fake = await startFakeBitbucket();
    world = seedAcme(fake);
    fake.state.addApiToken(world.dana, 'read-only-token-0123', ['read:user:bitbucket', 'read:repository:bitbucket']);
    baton = await startTestBaton();
    browser = await launchBrowser();
    s = await newSession(browser, baton.url);
    await setUpAdmin(s.page, baton.setupUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
    await fake?.close();
  });

  async function addCredential(page: Session['page'], email: string, token: string) {
    const form = page.getByRole('form', { name: 'Add a credential' });
    await form.getByLabel('Provider').selectOption({ label: 'Bitbucket Cloud' });
    await form.getByLabel('Workspace').fill('acme');
    await form.getByLabel('Token').fill(token);
    await form.getByLabel('Atlassian account email').fill(email);
    await form.getByLabel('API base URL').fill(fake.url);
    await form.getByRole('button', { name: 'Validate and save' }).click();
    return form;
  }

  test('the credential form: the email asked for beside the token, missing scopes named, the email shown back', async () => {
    const { page } = s;
    await page.getByRole('link', { name: /profile and Git credentials/ }).click();
    const form = page.getByRole('form', { name: 'Add a credential' });
    await form.getByLabel('Provider').selectOption({ label: 'Bitbucket Cloud' });
    await form.getByText(/Atlassian API token with scopes/).waitFor();
    expect(await form.getByLabel('Atlassian account email').getAttribute('type')).toBe('email');
    expect(await form.getByLabel('API base URL').getAttribute('placeholder')).toBe('https://api.bitbucket.org/2.0');

    await addCredential(page, 'dana@acme.test', 'read-only-token-0123');
    await form
      .getByRole('alert')
      .filter({
        hasText:
          'Bitbucket Cloud token (dana) lacks read:workspace:bitbucket, write:repository:bitbucket, read:pullrequest:bitbucket, write:pullrequest:bitbucket on acme',
      })
      .waitFor();

    await addCredential(page, 'dana@acme.test', DANA_TOKEN);
    await form.getByText('Saved — signed in as dana').waitFor();
    const saved = page.getByRole('listitem', { name: /Bitbucket Cloud credential for acme/ });
    await saved.getByText('Atlassian account email').waitFor();
    await saved.getByText('dana@acme.test').waitFor();
    expect(await page.content()).not.toContain(DANA_TOKEN);
    await screenshot(page, 'bitbucket-credential.png');
  });

  test('a Bitbucket project: link the repository, Start work, and the merge arrives by webhook', async () => {
    const { page } = s;
    // Rui, a second member with his own token, is the reviewer Baton picks (by his account UUID).
    await createUser(baton.baton.ctx.db.kysely, { email: RUI.email, name: RUI.name, password: RUI.password, isAdmin: false });
    const rui = await newSession(browser, baton.url);
    try {
      await rui.page.goto('/profile');
      await rui.page.getByLabel('Email').fill(RUI.email);
      await rui.page.getByLabel('Password').fill(RUI.password);
      await rui.page.getByRole('button', { name: 'Sign in' }).click();
      await rui.page.waitForURL(/\/profile$/);
      await (await addCredential(rui.page, 'rui@acme.test', RUI_TOKEN)).getByText('Saved — signed in as rui').waitFor();
    } finally {
      await rui.context.close();
    }

    await page.getByRole('link', { name: 'Projects', exact: true }).click();
    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Key').fill('BUCK');
    await dialog.getByLabel('Name').fill('Bucket list');
    await dialog.getByLabel('Git provider').selectOption({ label: 'Bitbucket Cloud' });
    await dialog.getByLabel('API base URL').fill(fake.url);
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/\/projects\/BUCK\/settings/);

    await page.getByLabel('Person').selectOption({ label: `${RUI.name} (${RUI.email})` });
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('list', { name: 'Members' }).getByText(RUI.name).waitFor();

    await page.getByRole('button', { name: 'Link existing repository' }).first().click();
    const link = page.getByRole('dialog', { name: 'Link existing repository' });
    await link.getByLabel('Search repositories').fill('api');
    await link.getByRole('button', { name: 'Link acme/api' }).click();
    await page.getByRole('list', { name: 'Linked repositories' }).getByText('acme/api').waitFor();

    // The Webhooks card gives Bitbucket's steps; the secret is shown once and set on the fake's hook.
    await page.goto('/projects/BUCK/settings#webhooks');
    const card = page.getByRole('region', { name: 'Webhooks' });
    await card.getByText(/Repository settings → Webhooks → Add webhook/).waitFor();
    await card.getByRole('button', { name: 'Generate secret' }).click();
    const secret = ((await card.getByRole('group', { name: 'Webhook secret' }).locator('code').textContent()) ?? '').trim();
    const projectId = (await page.evaluate(() => fetch('/api/projects').then((r) => r.json()))).items.find((p: { key: string }) => p.key === 'BUCK').id;
    fake.state.addHook(world.repo, { url: `${baton.url}/api/webhooks/bitbucket/${projectId}`, secret });

    await page.goto('/projects/BUCK');
    await page.getByRole('button', { name: 'New ticket' }).click();
    const ticketDialog = page.getByRole('dialog', { name: 'New ticket in BUCK' });
    await ticketDialog.getByLabel('Title').fill('Climb a mountain');
    await ticketDialog.getByLabel('New acceptance criterion').fill('Summit photo');
    await ticketDialog.getByLabel('New acceptance criterion').press('Enter');
    await ticketDialog.getByRole('button', { name: 'Create ticket' }).click();
    await page.getByRole('link', { name: 'BUCK-1: Climb a mountain' }).click();

    await page.getByRole('button', { name: 'Start work' }).click();
    const steps = page.getByRole('region', { name: 'Start work' }).getByRole('list');
    for (const step of ['Create branch', 'Commit spec', 'Open pull request', 'Request reviewer']) {
      await steps.getByText(`${step}: done`).waitFor({ timeout: 20_000 });
    }
    const pull = await eventually(() => world.repo.pulls.find((p) => p.title === 'BUCK-1: Climb a mountain'), { what: 'the pull request on the fake' });
    expect(pull.reviewers.map((r) => r.uuid)).toEqual([world.rui.uuid]);
    const badge = page.getByRole('region', { name: 'Pull requests' }).getByRole('link', { name: `Pull request #${pull.id}: Open (opens in a new tab)` });
    await badge.waitFor();
    expect(await badge.getAttribute('href')).toBe(`${new URL(fake.url).origin}/acme/api/pull-requests/${pull.id}`);

    fake.merge(world.repo, pull, world.rui);
    await page.getByRole('link', { name: 'Bucket list' }).click();
    await page.getByRole('region', { name: 'Done' }).getByRole('link', { name: 'BUCK-1: Climb a mountain' }).waitFor();
    await screenshot(page, 'bitbucket-board.png');
    expect(fake.violations).toEqual([]);
    expect(s.problems).toEqual([]);
  });
});
