import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiToken } from '../../src/services/api-tokens.ts';
import { createUser } from '../../src/services/users.ts';
import { type ApiClient, apiClient } from '../support/baton.ts';
import { launchBrowser, newSession, type Session, startTestBaton, type TestBaton } from './support/harness.ts';

// The bell: what is unread, the list, following one to its ticket, marking all read.

const BEN = { name: 'Ben Builder', email: 'ben@example.com', password: 'ben has a long password' };

describe('notifications', () => {
  let baton: TestBaton;
  let browser: Browser;
  let ben: Session;
  let ada: ApiClient;
  let projectId: string;
  let benId: string;

  const assignToBen = async (title: string) => {
    const res = await ada.post(`/api/projects/${projectId}/tickets`, { title, assigneeId: benId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.key as string;
  };

  beforeAll(async () => {
    baton = await startTestBaton();
    browser = await launchBrowser();
    const db = baton.baton.ctx.db.kysely;
    const admin = await createUser(db, { name: 'Ada Admin', email: 'ada@example.com', password: 'ada has a long password', isAdmin: true });
    const benUser = await createUser(db, { ...BEN, isAdmin: false });
    benId = benUser.id;
    ada = apiClient(baton.url, { authorization: `Bearer ${(await createApiToken(db, admin.id, 'test')).token}` });
    projectId = (await ada.post('/api/projects', { key: 'PAY', name: 'Payments', provider: 'github' })).body.id;
    expect((await ada.post(`/api/projects/${projectId}/members`, { userId: benId, role: 'member' })).status).toBe(200);
    ben = await newSession(browser, baton.url);
  });

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  test('the bell counts what is unread; following one opens its ticket and marks it read', async () => {
    const key = await assignToBen('Refund flow');
    const { page } = ben;
    await page.goto('/projects');
    await page.waitForURL(/\/login/);
    await page.getByLabel('Email').fill(BEN.email);
    await page.getByLabel('Password').fill(BEN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    const panel = page.getByRole('region', { name: 'Notifications' });
    const item = panel.getByRole('link', { name: /Ada Admin assigned you/ });
    await expect.poll(() => item.textContent()).toContain(`${key} Refund flow`);
    await item.click();
    await page.waitForURL(new RegExp(`/tickets/${key}$`));
    await expect.poll(() => page.title()).toBe(`${key} Refund flow · Baton`);
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    expect(await panel.count()).toBe(0);

    // Read on the server too, not only on this page.
    await page.reload();
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    expect(ben.problems).toEqual([]);
  });

  test('mark all read empties the count; Escape closes the list', async () => {
    const keys = [await assignToBen('First'), await assignToBen('Second')];
    const { page } = ben;
    await page.reload();
    await page.getByRole('button', { name: 'Notifications, 2 unread' }).click();
    const panel = page.getByRole('region', { name: 'Notifications' });
    await expect
      .poll(() => panel.getByRole('listitem').allTextContents())
      .toEqual([
        expect.stringContaining(`Unread: Ada Admin assigned you${keys[1]} Second`),
        expect.stringContaining(`Unread: Ada Admin assigned you${keys[0]} First`),
        expect.not.stringContaining('Unread'),
      ]);
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    await expect.poll(() => panel.getByText('Unread:').count()).toBe(0);

    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Notifications');
    expect(ben.problems).toEqual([]);
  });
});
