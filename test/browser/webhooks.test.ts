import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiToken } from '../../src/services/api-tokens.ts';
import { createUser } from '../../src/services/users.ts';
import { seedAcme, TOKEN } from '../fakes/github/seed.ts';
import { type FakeGitHub, type FakeRepo, startFakeGitHub } from '../fakes/github/server.ts';
import { type ApiClient, apiClient } from '../support/baton.ts';
import { launchBrowser, newSession, type Session, screenshot, startTestBaton, type TestBaton } from './support/harness.ts';

// The Webhooks card of a GitHub project: the repository's webhook registered by Baton on link,
// "Send test" turning the row green when GitHub's ping arrives, and a credential that may not
// manage webhooks named on the card with the manual steps kept.

const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'ada has a long password' };

describe('the Webhooks card', () => {
  let fake: FakeGitHub;
  let repo: FakeRepo;
  let baton: TestBaton;
  let browser: Browser;
  let s: Session;
  let ada: ApiClient;
  let projectId: string;

  beforeAll(async () => {
    fake = await startFakeGitHub();
    ({ repo } = seedAcme(fake));
    fake.state.addRepo({ owner: 'acme', name: 'web' });
    fake.state.addToken('github_pat_noHooks', {
      kind: 'fine-grained',
      login: 'octo',
      owner: 'acme',
      permissions: { metadata: 'read', contents: 'write', pull_requests: 'write' },
    });
    baton = await startTestBaton();
    browser = await launchBrowser();
    const db = baton.baton.ctx.db.kysely;
    const admin = await createUser(db, { ...ADA, isAdmin: true });
    ada = apiClient(baton.url, { authorization: `Bearer ${(await createApiToken(db, admin.id, 'test')).token}` });
    projectId = (await ada.post('/api/projects', { key: 'PAY', name: 'Payments', provider: 'github', settings: { baseUrl: fake.url } })).body.id;
    const good = await ada.post('/api/me/credentials', { provider: 'github', owner: 'acme', token: TOKEN, baseUrl: fake.url });
    expect(good.status, JSON.stringify(good.body)).toBe(201);
    expect((await ada.post(`/api/projects/${projectId}/repositories`, { credentialId: good.body.id, owner: 'acme', name: 'api' })).status).toBe(201);
    s = await newSession(browser, baton.url);
  });

  afterAll(async () => {
    await fake.hooks.idle();
    await browser?.close();
    await baton?.stop();
    await fake?.close();
    expect(fake.violations).toEqual([]);
  });

  test('shows the webhook Baton registered, and "Send test" turns it green', async () => {
    const { page } = s;
    await page.goto('/login');
    await page.getByLabel('Email').fill(ADA.email);
    await page.getByLabel('Password').fill(ADA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();

    await page.goto('/projects/PAY/settings#webhooks');
    const row = page.getByRole('listitem', { name: 'Webhook of acme/api' });
    await row.getByText('Registered by Baton').waitFor();
    await row.getByText('No delivery yet').waitFor();
    expect(repo.hooks).toHaveLength(1);
    expect(repo.hooks[0].url).toBe(`${baton.url}/api/webhooks/github/${projectId}`);

    await row.getByRole('button', { name: 'Send test' }).click();
    await row.getByText('Healthy').waitFor();
    await row.getByText('Test delivery received.').waitFor();
    await screenshot(page, 'webhooks-card-healthy.png');
  });

  test('names the missing permission and keeps the manual steps', async () => {
    const limited = await ada.post('/api/me/credentials', { provider: 'github', owner: 'acme', token: 'github_pat_noHooks', baseUrl: fake.url });
    expect(limited.status, JSON.stringify(limited.body)).toBe(201);
    // The good credential must not be chosen: link acme/web with the limited one only.
    expect((await ada.post(`/api/projects/${projectId}/repositories`, { credentialId: limited.body.id, owner: 'acme', name: 'web' })).status).toBe(201);

    const { page } = s;
    await page.reload();
    const row = page.getByRole('listitem', { name: 'Webhook of acme/web' });
    await row.getByText('Could not set up').waitFor();
    await row
      .getByRole('alert')
      .filter({ hasText: /Webhooks: write/ })
      .waitFor();
    await row.getByText(/follow the steps below to set it up by hand/).waitFor();
    await page
      .getByRole('region', { name: 'Webhooks' })
      .getByText(/Webhooks → Add webhook/)
      .waitFor();
    expect(fake.state.repo('acme', 'web')!.hooks).toEqual([]);
  });
});
