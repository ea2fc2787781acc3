import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, newSession, type Session, screenshot, setUpAdmin, startTestBaton, type TestBaton } from './support/harness.ts';

// The board as a Linear or Jira user works it: drag and drop (and the keyboard) with an optimistic
// move that rolls back on failure, filters and search in the address, single-key shortcuts, the
// command palette, and a phone's first screen showing work rather than empty columns.

/** The API as the signed-in page calls it (session cookie and CSRF header). */
function call(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return page.evaluate(
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
}

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const cardLink = (page: Page, key: string) => page.getByRole('link', { name: new RegExp(`^${key}: `) });

describe('board', () => {
  let baton: TestBaton;
  let browser: Browser;
  let s: Session;

  beforeAll(async () => {
    baton = await startTestBaton();
    browser = await launchBrowser();
    s = await newSession(browser, baton.url);
    await setUpAdmin(s.page, baton.setupUrl);
    const project = await call(s.page, 'POST', '/api/projects', { key: 'PAY', name: 'Payments', provider: 'github' });
    expect(project.status).toBe(201);
    const me = (await call(s.page, 'GET', '/api/me')).body;
    const tickets = [
      { title: 'Partial refunds', spec: 'Refund part of a **captured** payment.', status: 'backlog', assigneeId: me.id },
      { title: 'Ledger export', spec: 'Nightly reconciliation file.', status: 'backlog' },
      { title: 'Audit trail', spec: 'Who did what.', status: 'in_progress', assigneeId: me.id, reviewerId: me.id },
    ];
    for (const t of tickets) expect((await call(s.page, 'POST', `/api/projects/${project.body.id}/tickets`, t)).status).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  test('drag a card to another column; it stays there after a reload', async () => {
    const { page } = s;
    await page.goto('/projects/PAY');
    await cardLink(page, 'PAY-1').waitFor();
    await page.getByRole('article', { name: /Partial refunds/ }).dragTo(region(page, 'Ready'));
    await region(page, 'Ready').getByRole('link', { name: /PAY-1/ }).waitFor();
    await expect.poll(() => region(page, 'Ready').locator('.column-count [aria-hidden]').textContent()).toBe('1');
    await page.getByText('PAY-1 moved to Ready').waitFor();

    await page.reload();
    await region(page, 'Ready').getByRole('link', { name: /PAY-1/ }).waitFor();
    expect(await region(page, 'Backlog').getByRole('link', { name: /PAY-1/ }).count()).toBe(0);
  });

  test('from the keyboard: j to a card, Shift+→ and Shift+← move it between columns, focus stays on it, and quick presses end where the last one put it', async () => {
    const { page } = s;
    await page.goto('/projects/PAY');
    await cardLink(page, 'PAY-3').waitFor();
    // The focused card's text; nothing while the focus is elsewhere (the page itself holds every card's text).
    const focused = () => page.evaluate(() => document.activeElement?.closest('.card-link')?.textContent ?? '');
    for (let i = 0; i < 5 && !(await focused()).includes('PAY-3'); i++) await page.keyboard.press('j');
    expect(await focused()).toContain('PAY-3');

    await page.keyboard.press('Shift+ArrowRight');
    await region(page, 'In review').getByRole('link', { name: /PAY-3/ }).waitFor();
    await page.getByText('PAY-3 moved to In review').waitFor();
    await expect.poll(focused).toContain('PAY-3');

    // Presses in a row, without waiting for answers: each is sent after the one before, so the last one wins.
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Shift+ArrowLeft');
    await region(page, 'In progress').getByRole('link', { name: /PAY-3/ }).waitFor();
    await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
    expect((await call(page, 'GET', '/api/tickets/PAY-3')).body.status).toBe('in_progress');
    await page.reload();
    await region(page, 'In progress').getByRole('link', { name: /PAY-3/ }).waitFor();
    expect(await region(page, 'In review').getByRole('link', { name: /PAY-3/ }).count()).toBe(0);
  });

  test('a move the server does not take goes back, and says why', async () => {
    const { page } = s;
    await page.goto('/projects/PAY');
    await region(page, 'Backlog').getByRole('link', { name: /PAY-2/ }).waitFor();
    // The connection drops as the move is sent.
    await page.route('**/api/tickets/PAY-2', (route) => (route.request().method() === 'PATCH' ? route.abort('internetdisconnected') : route.continue()));
    await page.getByRole('article', { name: /Ledger export/ }).dragTo(region(page, 'Done'));
    await page.getByText(/Couldn't move PAY-2: Baton could not be reached/).waitFor();
    await region(page, 'Backlog').getByRole('link', { name: /PAY-2/ }).waitFor();
    expect(await region(page, 'Done').getByRole('link', { name: /PAY-2/ }).count()).toBe(0);
    await page.unroute('**/api/tickets/PAY-2');
    expect((await call(page, 'GET', '/api/tickets/PAY-2')).body.status).toBe('backlog');
  });

  test('filters and search live in the address: a reload or a shared link shows the same board', async () => {
    const { page } = s;
    await page.goto('/projects/PAY');
    await cardLink(page, 'PAY-3').waitFor();
    await page.getByRole('searchbox', { name: 'Search tickets' }).fill('reconcil');
    await page.waitForURL(/\?q=reconcil$/);
    await cardLink(page, 'PAY-2').waitFor();
    await cardLink(page, 'PAY-1').waitFor({ state: 'detached' });
    expect(await cardLink(page, 'PAY-3').count()).toBe(0);

    await page.getByRole('searchbox', { name: 'Search tickets' }).fill('');
    await page.getByLabel('Assignee').selectOption({ label: 'Ada Admin' });
    await page.getByLabel('Reviewer').selectOption({ label: 'Ada Admin' });
    await page.waitForURL((url) => url.searchParams.has('assignee') && url.searchParams.has('reviewer') && !url.searchParams.has('q'));
    await cardLink(page, 'PAY-3').waitFor();
    await cardLink(page, 'PAY-1').waitFor({ state: 'detached' });

    // A new tab from the link: same filters, same cards, the selects showing them.
    const shared = await s.context.newPage();
    await shared.goto(page.url());
    await cardLink(shared, 'PAY-3').waitFor();
    expect(await cardLink(shared, 'PAY-1').count()).toBe(0);
    expect(await shared.getByLabel('Reviewer').locator('option:checked').textContent()).toBe('Ada Admin');
    await shared.close();

    await page.goto('/projects/PAY?pr=none&q=partial');
    await cardLink(page, 'PAY-1').waitFor();
    expect(await page.getByRole('searchbox', { name: 'Search tickets' }).inputValue()).toBe('partial');
    expect(await cardLink(page, 'PAY-3').count()).toBe(0);
  });

  test('shortcuts: ? lists them, / searches, j/k move, Enter opens, Esc comes back, c creates', async () => {
    const { page } = s;
    await page.goto('/projects/PAY');
    await cardLink(page, 'PAY-3').waitFor();

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByText('Next / previous card').waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('board-search');
    await page.keyboard.press('Escape'); // leaves the search box
    await page.keyboard.press('j');
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    const first = await focused();
    await page.keyboard.press('j');
    await expect.poll(focused).not.toBe(first);
    await page.keyboard.press('k');
    await expect.poll(focused).toBe(first);
    const key = /PAY-\d+/.exec(first)![0];

    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/tickets/${key}$`));
    await page.getByRole('button', { name: 'Edit title' }).waitFor();
    await page.keyboard.press('Escape');
    await page.waitForURL(/\/projects\/PAY$/);

    await cardLink(page, 'PAY-3').waitFor();
    await page.keyboard.press('c');
    const dialog = page.getByRole('dialog', { name: 'New ticket in PAY' });
    await dialog.getByLabel('Title').waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(s.problems).toEqual([]);
  });

  test('Ctrl+K jumps to a ticket by words of its spec, or to a project', async () => {
    const { page } = s;
    await page.goto('/projects');
    // The shortcut is listened for once the app has rendered, not when the document has loaded.
    await page.getByRole('button', { name: 'New project' }).waitFor();
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Go to' });
    const input = palette.getByRole('combobox', { name: 'Project or ticket' });
    await input.fill('captured');
    await palette.getByRole('option', { name: /Partial refunds/ }).waitFor();
    await input.press('Enter');
    await page.waitForURL(/\/tickets\/PAY-1$/);

    await page.keyboard.press('Control+k');
    await input.fill('pay');
    await palette.getByRole('option', { name: /Payments/ }).waitFor();
    await input.press('Enter');
    await page.waitForURL(/\/projects\/PAY$/);
  });

  test('on a phone the first screen shows work, not empty columns', async () => {
    const phone = await newSession(browser, baton.url, { width: 390, height: 844 });
    try {
      await phone.context.addCookies(await s.context.cookies());
      await phone.page.goto('/projects/PAY');
      const card = cardLink(phone.page, 'PAY-3');
      await card.waitFor();
      await screenshot(phone.page, 'board-phone.png');
      // Done and In review are empty and come last; the cards sit within the first screen.
      const box = await phone.page.getByRole('article', { name: /Audit trail/ }).boundingBox();
      expect(box!.y + box!.height).toBeLessThan(844);
      const hasScroll = await phone.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(hasScroll).toBe(false);
    } finally {
      await phone.context.close();
    }
  });
});
