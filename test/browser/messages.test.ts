import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN, launchBrowser, newSession, type Session, startTestBaton, type TestBaton } from './support/harness.ts';

// The forms a person fills first — setup, project, credential, ticket — refused by the server:
// each problem shows under its input, naming the field as the form labels it and saying what
// fits; the limits show while typing. No schema library's wording, no API field names.

const RAW =
  /Too (small|big)|expected (string|number|array|one of)|Invalid (input|option|email|UUID|url)|Unrecognized key|received undefined|baseUrl|branchPrefix|assigneeId/;

/** The message under an input, found the way assistive technology finds it: through aria-describedby. */
async function messageUnder(input: Locator): Promise<string> {
  await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
  const ids = (await input.getAttribute('aria-describedby'))?.split(' ') ?? [];
  const page = input.page();
  for (const id of ids) {
    const described = page.locator(`[id="${id}"].field-error`);
    if (await described.count()) return (await described.textContent()) ?? '';
  }
  throw new Error(`no error message is attached to the input (aria-describedby: ${ids.join(' ')})`);
}

async function expectNoRawText(page: Page) {
  expect(await page.locator('body').textContent()).not.toMatch(RAW);
}

describe('messages for people', () => {
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

  test('setup: Name, Email and Password say what they need; the name shows its limit', async () => {
    const { page } = s;
    await page.goto(baton.setupUrl);
    await page.getByRole('heading', { name: 'Create the first admin' }).waitFor();
    await page.getByLabel('Name').fill('  ');
    await page.getByText('2/100').waitFor();
    await page.getByLabel('Email').fill('ada');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();

    expect(await messageUnder(page.getByLabel('Name'))).toBe('Name is required.');
    expect(await messageUnder(page.getByLabel('Email'))).toBe('Email must be an email address, such as ana@example.com.');
    expect(await messageUnder(page.getByLabel('Password'))).toBe('Password must be at least 10 characters.');
    await expectNoRawText(page);

    await page.getByLabel('Name').fill(ADMIN.name);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
  });

  test('project: Key, Name and the API base URL are named as labelled; the name counts its characters', async () => {
    const { page } = s;
    await page.goto('/projects');
    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Key').fill('p');
    await dialog.getByLabel('Name').fill('x'.repeat(101));
    await dialog.getByText('1 too many (at most 100)').waitFor();
    await dialog.getByLabel('Git provider').selectOption({ label: 'Gitea / Forgejo' });
    await dialog.getByLabel('API base URL').fill('http://gitea.example.com');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    expect(await messageUnder(dialog.getByLabel('Key'))).toBe('Key must be 2-10 capitals and digits, starting with a letter (e.g. PAY).');
    expect(await messageUnder(dialog.getByLabel('Name'))).toBe('Name must be at most 100 characters.');

    // Fix those; the server then judges the address.
    await dialog.getByLabel('Key').fill('GIT');
    await dialog.getByLabel('Name').fill('Gitea');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    expect(await messageUnder(dialog.getByLabel('API base URL'))).toBe(
      'API base URL must start with https:// (http:// only for hosts an admin lists in BATON_ALLOWED_PROVIDER_HOSTS).',
    );
    await expectNoRawText(page);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  test("credential: the provider's own labels (Workspace) and what the token needs", async () => {
    const { page } = s;
    await page.goto('/profile');
    const form = page.getByRole('form', { name: 'Add a credential' });
    await form.getByLabel('Provider').selectOption({ label: 'Bitbucket Cloud' });
    await form.getByLabel('Workspace').fill('acme corp');
    await form.getByLabel('Token', { exact: true }).fill('short');
    await form.getByLabel('Atlassian account email').fill('ada');
    await form.getByRole('button', { name: 'Validate and save' }).click();
    expect(await messageUnder(form.getByLabel('Workspace'))).toBe('Workspace must be an account or organisation name, without "/" or spaces.');
    expect(await messageUnder(form.getByLabel('Token', { exact: true }))).toBe('Token must be at least 8 characters.');
    expect(await messageUnder(form.getByLabel('Atlassian account email'))).toBe('Atlassian account email must be an email address, such as ana@example.com.');
    // Above the form, the same sentences together.
    await form
      .getByRole('alert')
      .getByText(/^Workspace must be .* Token must be at least 8 characters\./)
      .waitFor();
    await expectNoRawText(page);

    // The other forms on the page show their limits too, and the server's refusal under the field.
    const account = page.getByRole('form', { name: 'Your name' });
    await account.getByLabel('Name').fill('n'.repeat(102));
    await account.getByText('2 too many (at most 100)').waitFor();
    const tokens = page.getByRole('form', { name: 'Create an API token' });
    await tokens.getByLabel('Token name').fill('t'.repeat(101));
    await tokens.getByText('1 too many (at most 100)').waitFor();
    await tokens.getByRole('button', { name: 'Create token' }).click();
    expect(await messageUnder(tokens.getByLabel('Token name'))).toBe('Token name must be at most 100 characters.');
  });

  test('ticket: Title is required and at most 200 characters, with a counter while typing', async () => {
    const { page } = s;
    const created = await page.evaluate(async () => {
      const csrf = decodeURIComponent(document.cookie.match(/baton_csrf=([^;]+)/)?.[1] ?? '');
      const res = await fetch('/api/projects', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ key: 'PAY', name: 'Payments', provider: 'github' }),
      });
      return res.status;
    });
    expect(created).toBe(201);
    await page.goto('/projects/PAY');
    await page.getByRole('button', { name: 'New ticket' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New ticket in PAY' });
    await dialog.getByText('0/200').waitFor();
    await dialog.getByRole('button', { name: 'Create ticket' }).click();
    expect(await messageUnder(dialog.getByLabel('Title'))).toBe('Title is required.');

    await dialog.getByLabel('Title').fill('y'.repeat(203));
    await dialog.getByText('3 too many (at most 200)').waitFor();
    await dialog.getByRole('button', { name: 'Create ticket' }).click();
    await expect.poll(() => messageUnder(dialog.getByLabel('Title'))).toBe('Title must be at most 200 characters.');
    await expectNoRawText(page);

    await dialog.getByLabel('Title').fill('Refund a card payment');
    await dialog.getByText('21/200').waitFor();
    await dialog.getByRole('button', { name: 'Create ticket' }).click();
    await page.getByRole('link', { name: 'PAY-1: Refund a card payment' }).waitFor();

    // On the ticket page the title shows its limit while it is edited.
    await page.goto('/tickets/PAY-1');
    await page.getByRole('button', { name: 'Edit title' }).click();
    const title = page.getByLabel('Title', { exact: true });
    await title.fill('z'.repeat(201));
    await page.getByText('1 too many (at most 200)').waitFor();
    await title.press('Enter');
    await page.getByText('Title must be at most 200 characters.').waitFor();
  });

  test('project: a Key another project uses is said under Key, and nothing is created', async () => {
    const { page } = s;
    await page.goto('/projects');
    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Key').fill('PAY');
    await dialog.getByLabel('Name').fill('Payments again');
    await dialog.getByLabel('Git provider').selectOption({ label: 'GitHub' });
    await dialog.getByRole('button', { name: 'Create project' }).click();
    expect(await messageUnder(dialog.getByLabel('Key'))).toBe('Key PAY is used by another project already; choose another key.');
    await expectNoRawText(page);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const names = await page.evaluate(async () => ((await (await fetch('/api/projects')).json()).items as Array<{ name: string }>).map((p) => p.name));
    expect(names).toEqual(['Payments']);
  });
});
