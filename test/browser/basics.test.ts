import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN, launchBrowser, newSession, type Session, setUpAdmin, startTestBaton, type TestBaton } from './support/harness.ts';

// The parts of the UI that need no git provider: first run, sign in/out, session expiry,
// projects, the board and the ticket page's own editing.

describe('basics', () => {
  let baton: TestBaton;
  let browser: Browser;
  let s: Session;

  beforeAll(async () => {
    baton = await startTestBaton();
    browser = await launchBrowser();
    s = await newSession(browser, baton.url);
  });

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  test('the setup link creates the first admin; it works only once', async () => {
    const { page } = s;
    // Without the token the page explains where the link is.
    await page.goto('/setup');
    // isVisible() does not wait, and the page asks the server first: wait for the text instead.
    await page.getByText('Use the setup link').waitFor();

    await setUpAdmin(page, baton.setupUrl);
    await page.getByText('No projects yet').waitFor();

    await page.goto(baton.setupUrl);
    await page.getByRole('heading', { name: 'Baton is already set up' }).waitFor();
  });

  test('create a project, then its board is empty and says what to do', async () => {
    const { page } = s;
    await page.goto('/projects');
    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    // A bad key is refused, saying what a key looks like.
    await dialog.getByLabel('Key').fill('p');
    await dialog.getByLabel('Name').fill('Payments');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await dialog.getByText('Key must be 2-10 capitals and digits, starting with a letter (e.g. PAY).').waitFor();
    await dialog.getByLabel('Key').fill('PAY');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL((url) => url.pathname === '/projects/PAY/settings');
    await page.getByRole('heading', { name: 'Payments', level: 1 }).waitFor();

    await page.getByRole('link', { name: 'Board' }).click();
    await page.getByText('No tickets yet').waitFor();
    await page.getByRole('button', { name: 'Create a ticket' }).waitFor();
  });

  test('offers only the providers the server describes, each with its own fields and help', async () => {
    const { page } = s;
    const described = (await page.evaluate(() => fetch('/api/providers').then((r) => r.json()))).items as Array<{ label: string }>;
    await page.goto('/projects');
    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    const choice = dialog.getByLabel('Git provider');
    await expect.poll(() => choice.locator('option').allTextContents()).toEqual(described.map((p) => p.label));
    expect(described.map((p) => p.label)).toEqual(['GitHub', 'Azure DevOps', 'Bitbucket Cloud', 'Gitea / Forgejo']);
    await choice.selectOption({ label: 'Azure DevOps' });
    await dialog.getByLabel('Organization').waitFor();
    await dialog.getByLabel('Project', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.goto('/profile');
    const form = page.getByRole('form', { name: 'Add a credential' });
    await form.getByLabel('Provider').selectOption({ label: 'Azure DevOps' });
    await form.getByLabel('Azure DevOps project').waitFor();
    await form.getByText('A personal access token with the scope Code: Read & write (nothing else)').waitFor();
    expect(await form.getByLabel('Provider').locator('option').allTextContents()).toEqual(['GitHub', 'Azure DevOps', 'Bitbucket Cloud', 'Gitea / Forgejo']);
  });

  test('create a ticket with criteria; move it with the keyboard; it survives reload', async () => {
    const { page } = s;
    await page.goto('/projects/PAY');
    await page.getByRole('button', { name: 'New ticket' }).click();
    const dialog = page.getByRole('dialog', { name: 'New ticket in PAY' });
    await dialog.getByLabel('Title').fill('Refund a card payment');
    await dialog.getByRole('textbox', { name: 'Spec' }).fill('## Why\nCustomers ask for **partial** refunds.');
    await dialog.getByRole('tab', { name: 'Preview' }).click();
    await dialog.getByRole('heading', { name: 'Why' }).waitFor();
    for (const c of ['Refund up to the captured amount', 'Write an audit entry']) {
      await dialog.getByLabel('New acceptance criterion').fill(c);
      await dialog.getByLabel('New acceptance criterion').press('Enter');
    }
    await dialog.getByRole('button', { name: 'Create ticket' }).click();

    const backlog = page.getByRole('region', { name: 'Backlog' });
    await backlog.getByRole('link', { name: 'PAY-1: Refund a card payment' }).waitFor();

    // Keyboard only: j focuses the card, Shift+→ moves it to Ready, and focus stays on it.
    await page.keyboard.press('j');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain('Refund a card payment');
    await page.keyboard.press('Shift+ArrowRight');
    await page.getByRole('region', { name: 'Ready' }).getByRole('link', { name: /PAY-1/ }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('section')?.getAttribute('aria-label'))).toBe('Ready');

    await page.reload();
    await page.getByRole('region', { name: 'Ready' }).getByRole('link', { name: /PAY-1/ }).waitFor();
  });

  test('ticket page: edit title, tick, reorder, add and remove criteria; history records the move', async () => {
    const { page } = s;
    await page.goto('/tickets/PAY-1');
    await page.getByRole('button', { name: 'Edit title' }).click();
    const title = page.getByLabel('Title', { exact: true });
    await title.fill('Refund card payments');
    await title.press('Enter');
    await page.getByText('Saved').first().waitFor();

    await page.getByRole('checkbox', { name: 'Done: Write an audit entry' }).check();
    await page.getByText('1 of 2 done').waitFor();
    await page.getByRole('button', { name: 'Move criterion 2 up' }).click();
    await expect.poll(() => page.getByLabel('Criterion 1', { exact: true }).inputValue()).toBe('Write an audit entry');
    await page.getByLabel('New acceptance criterion').fill('Email the customer');
    await page.getByLabel('New acceptance criterion').press('Enter');
    await page.getByText('1 of 3 done').waitFor();
    await page.getByRole('button', { name: 'Remove criterion 2' }).click();
    await page.getByText('1 of 2 done').waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Refund card payments' }).waitFor();
    await expect.poll(() => page.getByLabel('Criterion 1', { exact: true }).inputValue()).toBe('Write an audit entry');
    await expect.poll(() => page.getByLabel('Criterion 2', { exact: true }).inputValue()).toBe('Email the customer');
    await page.getByRole('region', { name: 'History' }).or(page.locator('section[aria-labelledby="history-h"]')).getByText('Ready').first().waitFor();

    // The spec renders markdown and never raw HTML.
    await page.getByRole('button', { name: 'Edit spec' }).click();
    await page.getByRole('textbox', { name: 'Spec' }).fill('# Plan\n<img src=x onerror="window.__xss=1"> [ok](https://example.com) [bad](javascript:alert(1))');
    await page.getByRole('button', { name: 'Save spec' }).click();
    await page.getByRole('heading', { name: 'Plan' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.getByRole('link', { name: 'ok' }).getAttribute('href')).toBe('https://example.com');
    expect(await page.getByRole('link', { name: 'bad' }).count()).toBe(0);
  });

  test('filter the board by assignee', async () => {
    const { page } = s;
    await page.goto('/projects/PAY');
    await page.getByRole('button', { name: 'New ticket' }).click();
    const dialog = page.getByRole('dialog', { name: 'New ticket in PAY' });
    await dialog.getByLabel('Title').fill('Mine: reconcile payouts');
    await dialog.getByLabel('Assignee').selectOption({ label: ADMIN.name });
    await dialog.getByRole('button', { name: 'Create ticket' }).click();
    await page.getByRole('link', { name: /PAY-2/ }).waitFor();

    await page.getByLabel('Assignee').selectOption({ label: ADMIN.name });
    await page.getByRole('link', { name: /PAY-1/ }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: /PAY-2/ }).waitFor();
    // The filter is in the address, so it survives a reload.
    await page.reload();
    await page.getByRole('link', { name: /PAY-2/ }).waitFor();
    expect(await page.getByRole('link', { name: /PAY-1/ }).count()).toBe(0);
    await page.getByLabel('Assignee').selectOption({ label: 'Everyone' });
    await page.getByRole('link', { name: /PAY-1/ }).waitFor();
  });

  test('an expired session goes to sign-in and comes back to the same page', async () => {
    const { page, context } = s;
    await page.goto('/projects/PAY');
    await page.getByRole('region', { name: 'Ready' }).waitFor();
    await context.clearCookies();
    // The board's next request (here: a filter) gets a 401.
    await page.getByLabel('Assignee').selectOption({ label: ADMIN.name });
    await page.waitForURL(/\/login\?next=/);
    await page.getByText('Your session has ended').waitFor();
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/projects\/PAY\?assignee=/);
    await page.getByRole('region', { name: 'Ready' }).waitFor();
  });

  test('Profile: an API token with an expiry is shown once, listed with expiry and last use, and revoked', async () => {
    const { page } = s;
    await page.goto('/profile');
    const form = page.getByRole('form', { name: 'Create an API token' });
    await form.getByLabel('Token name').fill('release script');
    await form.getByLabel('Expiration').selectOption({ label: '7 days' });
    await form.getByRole('button', { name: 'Create token' }).click();
    const value = await page.getByRole('group', { name: 'API token' }).locator('code').textContent();
    expect(value).toMatch(/^baton_/);

    const row = page.getByRole('listitem', { name: 'API token release script' });
    const fact = (name: string) => row.locator('dl > div', { has: page.locator('dt', { hasText: name }) }).locator('dd');
    expect(await fact('Last used').textContent()).toBe('Never');
    const expires = Date.parse((await page.evaluate(() => fetch('/api/me/tokens').then((r) => r.json()))).items[0].expiresAt);
    expect(Math.round((expires - Date.now()) / 86_400_000)).toBe(7);
    expect(await fact('Expires').textContent()).not.toBe('Never');

    // Used by a script, then listed with its last use; the value is never shown again.
    expect(await page.evaluate((t) => fetch('/api/me', { headers: { authorization: `Bearer ${t}` } }).then((r) => r.status), value)).toBe(200);
    await page.reload();
    await expect.poll(() => fact('Last used').textContent()).not.toBe('Never');
    expect(await page.getByRole('group', { name: 'API token' }).count()).toBe(0);

    await row.getByRole('button', { name: 'Revoke API token release script' }).click();
    await row.getByRole('button', { name: 'Revoke token' }).click();
    await row.waitFor({ state: 'detached' });
    expect(await page.evaluate((t) => fetch('/api/me', { headers: { authorization: `Bearer ${t}` } }).then((r) => r.status), value)).toBe(401);
  });

  test('sign out, and protected pages send you to sign in', async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto('/tickets/PAY-1');
    await page.waitForURL(/\/login\?next=%2Ftickets%2FPAY-1/);
    expect(s.problems).toEqual([]);
  });
});
