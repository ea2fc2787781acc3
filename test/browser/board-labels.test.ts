import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, newSession, type Session, setUpAdmin, startTestBaton, type TestBaton } from './support/harness.ts';

// Labels and priority on the board: cards show them (the label's name beside its colour, the
// priority in words a screen reader announces as such), the board filters by labels and
// priority from its filter bar with the choice kept in the address, and a label put on a ticket
// or renamed through the API reaches an open board's card without a reload.

const cardLink = (page: Page, key: string) => page.getByRole('link', { name: new RegExp(`^${key}: `) });
const card = (page: Page, key: string) => page.locator('article.card').filter({ has: cardLink(page, key) });
/** The keys of the cards the board shows, in key order. */
const shownKeys = async (page: Page) => (await page.locator('article.card .card-key').allTextContents()).sort();

describe('board labels and priority', () => {
  let baton: TestBaton;
  let browser: Browser;
  let s: Session;
  let token = '';
  let projectId = '';
  const label: Record<string, string> = {};

  /** A change as an API client makes it, outside the page. */
  async function viaApi(method: string, path: string, body?: unknown) {
    const res = await fetch(`${baton.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res.json();
  }

  beforeAll(async () => {
    baton = await startTestBaton();
    browser = await launchBrowser();
    s = await newSession(browser, baton.url);
    await setUpAdmin(s.page, baton.setupUrl);
    token = (
      await s.page.evaluate(async () => {
        const csrf = decodeURIComponent(document.cookie.match(/baton_csrf=([^;]+)/)?.[1] ?? '');
        const res = await fetch('/api/me/tokens', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify({ name: 'board labels test' }),
        });
        return res.json();
      })
    ).token;
    projectId = (await viaApi('POST', '/api/projects', { key: 'PAY', name: 'Payments', provider: 'github' })).id;
    for (const [name, color] of [
      ['bug', '#d73a4a'],
      ['ui', '#0075ca'],
      ['perf', '#fbca04'],
    ]) {
      label[name] = (await viaApi('POST', `/api/projects/${projectId}/labels`, { name, color })).id;
    }
    const tickets = [
      { title: 'Crash on save', priority: 'urgent', labelIds: [label.bug] },
      { title: 'Slow board', priority: 'urgent', labelIds: [label.perf] },
      { title: 'Button colour', priority: 'low', labelIds: [label.ui] },
      { title: 'Plain chore' },
    ];
    for (const t of tickets) await viaApi('POST', `/api/projects/${projectId}/tickets`, t);
  });

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  test('cards show their labels with their colours and the priority in words', async () => {
    const { page } = s;
    await page.goto('/projects/PAY');
    const crash = card(page, 'PAY-1');
    await crash.waitFor();
    expect(await crash.getByRole('list', { name: 'Labels' }).getByRole('listitem').allTextContents()).toEqual(['bug']);
    expect(await crash.locator('.label-dot').evaluate((dot) => getComputedStyle(dot).backgroundColor)).toBe('rgb(215, 58, 74)');
    // The priority reads as such to a screen reader, not as a lone word.
    expect(await crash.locator('.priority').textContent()).toBe('Priority: Urgent');
    expect(await crash.locator('.priority .sr-only').textContent()).toBe('Priority: ');
    expect(await card(page, 'PAY-4').locator('.priority').count()).toBe(0);
  });

  test('filter by labels and priority from the filter bar; a reload keeps the filter from the address', async () => {
    const { page } = s;
    await page.goto('/projects/PAY');
    await cardLink(page, 'PAY-4').waitFor();

    await page.locator('.label-filter summary').click();
    await page.getByRole('checkbox', { name: 'bug' }).check();
    await page.waitForURL((url) => url.searchParams.get('label') === label.bug);
    await page.getByRole('checkbox', { name: 'ui' }).check();
    await page.waitForURL((url) => url.searchParams.get('label') === `${label.bug},${label.ui}`);
    await expect.poll(() => shownKeys(page)).toEqual(['PAY-1', 'PAY-3']);
    await page.keyboard.press('Escape');

    await page.getByLabel('Priority').selectOption({ label: 'Urgent' });
    await page.waitForURL((url) => url.searchParams.get('priority') === 'urgent');
    await expect.poll(() => shownKeys(page)).toEqual(['PAY-1']);

    await page.reload();
    await cardLink(page, 'PAY-1').waitFor();
    expect(await shownKeys(page)).toEqual(['PAY-1']);
    expect(await page.getByLabel('Priority').locator('option:checked').textContent()).toBe('Urgent');
    expect(await page.locator('.label-filter summary').textContent()).toBe('bug, ui');
    await page.locator('.label-filter summary').click();
    expect(await page.getByRole('checkbox', { name: 'bug' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'perf' }).isChecked()).toBe(false);

    // Clearing the labels leaves the priority: the urgent tickets of every label.
    await page.getByRole('button', { name: 'Any label' }).click();
    await page.waitForURL((url) => !url.searchParams.has('label') && url.searchParams.get('priority') === 'urgent');
    await expect.poll(() => shownKeys(page)).toEqual(['PAY-1', 'PAY-2']);
  });

  test('a label put on a ticket, and a label renamed, through the API show on the open board without a reload', async () => {
    const { page } = s;
    await page.goto('/projects/PAY');
    const chore = card(page, 'PAY-4');
    await chore.waitFor();
    await page.locator('.board[data-live="true"]').waitFor();
    await page.evaluate(() => Object.assign(window, { loadedOnce: true }));
    expect(await chore.getByRole('list', { name: 'Labels' }).count()).toBe(0);

    await viaApi('PATCH', '/api/tickets/PAY-4', { labelIds: [label.perf] });
    await chore.getByRole('list', { name: 'Labels' }).getByText('perf', { exact: true }).waitFor();
    await viaApi('PATCH', `/api/projects/${projectId}/labels/${label.perf}`, { name: 'performance' });
    await chore.getByRole('list', { name: 'Labels' }).getByText('performance', { exact: true }).waitFor();
    await card(page, 'PAY-2').getByRole('list', { name: 'Labels' }).getByText('performance', { exact: true }).waitFor();
    await viaApi('PATCH', '/api/tickets/PAY-4', { priority: 'high' });
    await chore.locator('.priority', { hasText: 'High' }).waitFor();

    expect(await page.evaluate(() => (window as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
  });
});
