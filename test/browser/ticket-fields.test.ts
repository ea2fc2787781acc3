import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiToken } from '../../src/services/api-tokens.ts';
import { createUser } from '../../src/services/users.ts';
import { type ApiClient, apiClient } from '../support/baton.ts';
import { launchBrowser, newSession, type Session, startTestBaton, type TestBaton } from './support/harness.ts';

// The ticket page's own fields: the title as a wrapping h1 with its limit, priority and labels
// (made on the spot, shown on the board card), archive and restore, and delete after asking.

const BEN = { name: 'Ben Builder', email: 'ben@example.com', password: 'ben has a long password' };

describe('ticket fields', () => {
  let baton: TestBaton;
  let browser: Browser;
  let ben: Session;
  let ada: ApiClient;
  let cleo: ApiClient;
  let projectId: string;

  const newTicket = async (title: string) => {
    const res = await ada.post(`/api/projects/${projectId}/tickets`, { title });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.key as string;
  };

  beforeAll(async () => {
    baton = await startTestBaton();
    browser = await launchBrowser();
    const db = baton.baton.ctx.db.kysely;
    const admin = await createUser(db, { name: 'Ada Admin', email: 'ada@example.com', password: 'ada has a long password', isAdmin: true });
    const benUser = await createUser(db, { ...BEN, isAdmin: false });
    ada = apiClient(baton.url, { authorization: `Bearer ${(await createApiToken(db, admin.id, 'test')).token}` });
    projectId = (await ada.post('/api/projects', { key: 'PAY', name: 'Payments', provider: 'github' })).body.id;
    expect((await ada.post(`/api/projects/${projectId}/members`, { userId: benUser.id, role: 'member' })).status).toBe(200);
    const cleoUser = await createUser(db, { name: 'Cleo Checker', email: 'cleo@example.com', password: 'cleo has a long password', isAdmin: false });
    expect((await ada.post(`/api/projects/${projectId}/members`, { userId: cleoUser.id, role: 'member' })).status).toBe(200);
    cleo = apiClient(baton.url, { authorization: `Bearer ${(await createApiToken(db, cleoUser.id, 'test')).token}` });
    ben = await newSession(browser, baton.url);
    const { page } = ben;
    await page.goto('/projects');
    await page.waitForURL(/\/login/);
    await page.getByLabel('Email').fill(BEN.email);
    await page.getByLabel('Password').fill(BEN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  test('the title is an h1 that wraps, edited with a count towards its limit', async () => {
    const long = 'Refunds for card payments that were captured twice by the acquirer after a network timeout between us and them';
    const key = await newTicket(long);
    const { page } = ben;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/tickets/${key}`);
    const heading = page.getByRole('heading', { level: 1, name: long });
    await heading.waitFor();
    // Wrapped onto several lines, and nothing wider than the phone.
    const box = (await heading.boundingBox())!;
    expect(box.height).toBeGreaterThan(50);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.getByRole('button', { name: 'Edit title' }).click();
    const field = page.getByLabel('Title', { exact: true });
    await field.fill('Refund twice-captured payments');
    await page.getByText('30/200').waitFor();
    await field.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Refund twice-captured payments' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Refund twice-captured payments' }).waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(ben.problems).toEqual([]);
  });

  test('priority and a label made on the ticket show on the board card and filter the board', async () => {
    const key = await newTicket('Crash on save');
    const other = await newTicket('Unlabelled chore');
    const { page } = ben;
    await page.goto(`/tickets/${key}`);
    await page.getByLabel('Priority').selectOption('urgent');
    await page.getByText('Saved').first().waitFor();
    await page.getByLabel('New label name').fill('bug');
    await page.getByRole('button', { name: 'Add label' }).click();
    await expect.poll(() => page.getByRole('checkbox', { name: 'bug' }).isChecked()).toBe(true);

    await page.reload();
    await expect.poll(() => page.getByLabel('Priority').inputValue()).toBe('urgent');
    await expect.poll(() => page.getByRole('checkbox', { name: 'bug' }).isChecked()).toBe(true);

    await page.goto('/projects/PAY');
    const card = page.getByRole('article', { name: new RegExp(key) });
    await expect.poll(() => card.textContent()).toMatch(/Urgent/);
    await card.getByLabel('Labels').getByText('bug').waitFor();

    // The board's filter query narrows by label and priority.
    const labelId = (await ada.get(`/api/projects/${projectId}/labels`)).body.items[0].id;
    const filtered = await ada.get(`/api/projects/${projectId}/board?labelId=${labelId}&priority=urgent`);
    const keys = filtered.body.columns.flatMap((c: any) => c.items.map((t: any) => t.key));
    expect(keys).toEqual([key]);
    expect(keys).not.toContain(other);

    // Taking the label off again.
    await page.goto(`/tickets/${key}`);
    await page.getByRole('checkbox', { name: 'bug' }).uncheck();
    await expect.poll(async () => (await ada.get(`/api/tickets/${key}`)).body.labels).toEqual([]);
    expect(ben.problems).toEqual([]);
  });

  test('archive takes a ticket off the board and restore brings it back; delete asks first', async () => {
    const key = await newTicket('Old experiment');
    const { page } = ben;
    await page.goto(`/tickets/${key}`);
    await page.getByRole('button', { name: 'Archive' }).click();
    await page.getByText('This ticket is off the board.').waitFor();
    await page.goto('/projects/PAY');
    await page.getByRole('button', { name: 'New ticket' }).waitFor();
    await page
      .getByRole('region', { name: 'Backlog' })
      .getByRole('link', { name: /Unlabelled chore/ })
      .waitFor();
    expect(await page.getByRole('link', { name: new RegExp(key) }).count()).toBe(0);

    await page.goto(`/tickets/${key}`);
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('button', { name: 'Archive' }).waitFor();
    await page.goto('/projects/PAY');
    await page.getByRole('link', { name: new RegExp(key) }).waitFor();

    await page.goto(`/tickets/${key}`);
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete ${key}?` });
    await dialog.getByText('stay as they are').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await ada.get(`/api/tickets/${key}`)).status).toBe(200);

    await page.getByRole('button', { name: 'Delete…' }).click();
    await dialog.getByRole('button', { name: 'Delete ticket' }).click();
    await page.waitForURL(/\/projects\/PAY$/);
    expect((await ada.get(`/api/tickets/${key}`)).status).toBe(404);
    expect(ben.problems).toEqual([]);
  });

  test('a markdown comment with an @mention shows on the ticket and tells the person mentioned', async () => {
    const key = await newTicket('Talk it through');
    const { page } = ben;
    await page.goto(`/tickets/${key}`);
    await page.getByRole('textbox', { name: 'Comment' }).fill('Could you **check** this, @cleo?');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    const comments = page.locator('section[aria-labelledby="comments-h"]');
    await comments.locator('strong', { hasText: 'check' }).waitFor();
    await expect.poll(() => page.getByRole('textbox', { name: 'Comment' }).inputValue()).toBe('');

    await expect
      .poll(async () => (await cleo.get('/api/me/notifications')).body.items.map((n: any) => [n.kind, n.ticket.key, n.actor?.name]))
      .toEqual([['mentioned', key, 'Ben Builder']]);
    await page.reload();
    await comments.getByText('Ben Builder').waitFor();
    expect(ben.problems).toEqual([]);
  });
});
