import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiToken } from '../../src/services/api-tokens.ts';
import { createUser } from '../../src/services/users.ts';
import type { FakeApp, FakeInstallation } from '../fakes/github/app.ts';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/server.ts';
import { apiClient } from '../support/baton.ts';
import { launchBrowser, newSession, type Session, screenshot, startTestBaton, type TestBaton } from './support/harness.ts';

// The GitHub App in the web app: an owner who has not connected their GitHub account is told to
// first; they press "Install the GitHub App" under Project settings → Git (installing authorises
// them too), come back from GitHub to the repositories their account can access through the
// installation and link one; another person presses "Connect GitHub account" on their profile.
// The App is also installed on an organisation the owner has no part in: it is never shown.

const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'ada has a long password' };
const RHEA = { name: 'Rhea Reviewer', email: 'rhea@example.com', password: 'rhea has a long password' };

describe('the GitHub App in the web app', () => {
  let fake: FakeGitHub;
  let app: FakeApp;
  let installation: FakeInstallation;
  let baton: TestBaton;
  let browser: Browser;
  let ada: Session;
  let rhea: Session;

  async function signIn(s: Session, who: { email: string; password: string }) {
    await s.page.goto('/login');
    await s.page.getByLabel('Email').fill(who.email);
    await s.page.getByLabel('Password').fill(who.password);
    await s.page.getByRole('button', { name: 'Sign in' }).click();
    await s.page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
  }

  /** The browser was sent to GitHub: the state Baton gave it, and GitHub sending it back with a code. */
  async function backFromGitHub(s: Session, expectedPath: string, login: string, extra: Record<string, string> = {}) {
    await s.page.waitForURL((url) => url.href.startsWith(`${fake.webUrl}${expectedPath}`));
    const state = new URL(s.page.url()).searchParams.get('state')!;
    const query = new URLSearchParams({ ...extra, code: app.authorize(login), state });
    await s.page.goto(`${baton.url}/api/github-app/callback?${query}`);
  }

  beforeAll(async () => {
    fake = await startFakeGitHub();
    fake.state.addUser('octo');
    fake.state.addUser('rhea');
    fake.state.addUser('mallory');
    fake.state.addOrg('acme', ['octo', 'rhea']);
    fake.state.addOrg('evil', ['mallory']);
    for (const name of ['api', 'web']) fake.state.addRepo({ owner: 'acme', name });
    fake.state.addRepo({ owner: 'evil', name: 'loot' });
    app = fake.state.registerApp({ slug: 'baton-acme' });
    installation = app.install('acme', 'all');
    app.install('evil', 'all');
    baton = await startTestBaton({
      BATON_GITHUB_APP_ID: String(app.id),
      BATON_GITHUB_APP_SLUG: app.slug,
      BATON_GITHUB_APP_CLIENT_ID: app.clientId,
      BATON_GITHUB_APP_CLIENT_SECRET: app.clientSecret,
      BATON_GITHUB_APP_PRIVATE_KEY: app.privateKeyPem,
      BATON_GITHUB_APP_WEBHOOK_SECRET: app.webhookSecret,
      BATON_GITHUB_APP_BASE_URL: fake.url,
    });
    browser = await launchBrowser();
    const db = baton.baton.ctx.db.kysely;
    const admin = await createUser(db, { ...ADA, isAdmin: true });
    await createUser(db, { ...RHEA, isAdmin: false });
    const api = apiClient(baton.url, { authorization: `Bearer ${(await createApiToken(db, admin.id, 'test')).token}` });
    const project = await api.post('/api/projects', { key: 'PAY', name: 'Payments', provider: 'github', settings: { baseUrl: fake.url } });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    ada = await newSession(browser, baton.url);
    rhea = await newSession(browser, baton.url);
    // GitHub's own install and authorise pages: the person would press Install or Authorize there.
    const onGitHub = (url: URL) => url.href.startsWith(`${fake.webUrl}/apps/`) || url.href.startsWith(`${fake.webUrl}/login/oauth/authorize`);
    for (const s of [ada, rhea]) await s.page.route(onGitHub, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>GitHub</h1>' }));
  });

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
    await fake?.close();
    expect(fake.violations).toEqual([]);
  });

  test('Install the GitHub App → back from GitHub → the repositories it reaches → Link', async () => {
    await signIn(ada, ADA);
    const { page } = ada;
    await page.goto('/projects/PAY/settings#git');
    const panel = page.getByRole('region', { name: 'GitHub App' });
    // Not connected yet: the panel says to connect first and offers it, beside Install.
    await panel.getByText('Your GitHub account is not connected').waitFor();
    await panel.getByText(/^Connect your GitHub account first/).waitFor();
    await panel.getByRole('button', { name: 'Connect GitHub account' }).waitFor();
    await panel.getByRole('button', { name: 'Install the GitHub App' }).click();
    await backFromGitHub(ada, '/apps/baton-acme/installations/new', 'octo', { installation_id: String(installation.id), setup_action: 'install' });

    await page.waitForURL(/\/projects\/PAY\/settings\?github-app=installed/);
    const repos = panel.getByRole('list', { name: 'Repositories of acme' });
    await repos.getByText('acme/web').waitFor();
    await expect.poll(() => panel.getByText('Your GitHub account is not connected').count()).toBe(0);
    // The other organisation's installation is never listed to somebody who cannot access it.
    expect(await panel.getByRole('list', { name: 'Repositories of evil' }).count()).toBe(0);
    expect(await panel.getByText('evil/loot').count()).toBe(0);
    const api = repos.getByRole('listitem').filter({ hasText: 'acme/api' });
    await api.getByRole('button', { name: 'Link' }).click();
    await api.getByText('linked').waitFor();
    await page.getByRole('list', { name: 'Linked repositories' }).getByText('acme/api').waitFor();
    // The App's one webhook covers the linked repository: the Webhooks card says so and offers no repository webhook.
    const hook = page.getByRole('listitem', { name: 'Webhook of acme/api' });
    await hook.getByText("Covered by the GitHub App's webhook", { exact: false }).waitFor();
    expect(await hook.getByRole('button', { name: 'Set up webhook' }).count()).toBe(0);
    await screenshot(page, 'github-app-installed.png');
    expect(await repos.getByRole('listitem').filter({ hasText: 'acme/web' }).getByRole('button', { name: 'Link' }).count()).toBe(1);
  });

  test('Connect GitHub account on the profile → connected as the person', async () => {
    await signIn(rhea, RHEA);
    const { page } = rhea;
    await page.goto('/profile');
    const section = page.getByRole('region', { name: 'GitHub App' });
    await section.getByRole('button', { name: 'Connect GitHub account' }).click();
    await backFromGitHub(rhea, '/login/oauth/authorize', 'rhea');
    await page.waitForURL(/\/profile\?github=connected/);
    await section.getByText('Connected as rhea.', { exact: false }).waitFor();
    await section.getByRole('button', { name: 'Connect again' }).waitFor();
  });
});
