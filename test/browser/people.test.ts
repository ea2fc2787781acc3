import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createUser } from '../../src/services/users.ts';
import { launchBrowser, newSession, type Session, startTestBaton, type TestBaton } from './support/harness.ts';

// The Team page: an invitation from the admin's screen to the invitee's first sign-in, and a
// deactivation that ends the person's session at once.

const ADA = { name: 'Ada Admin', email: 'ada@example.com', password: 'ada has a long password' };
const IVY = { name: 'Ivy Invitee', email: 'ivy@example.com', password: 'ivy picks a long password' };

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('people', () => {
  let baton: TestBaton;
  let browser: Browser;
  let ada: Session;
  let ivy: Session;

  beforeAll(async () => {
    baton = await startTestBaton();
    browser = await launchBrowser();
    await createUser(baton.baton.ctx.db.kysely, { ...ADA, isAdmin: true });
    ada = await newSession(browser, baton.url);
    ivy = await newSession(browser, baton.url);
  });

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  test('invite → accept → sign in', async () => {
    const { page } = ada;
    await signIn(page, ADA);
    await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Team' }).click();
    await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();

    const form = page.getByRole('form', { name: 'Invite someone' });
    await form.getByRole('button', { name: 'Create invitation link' }).click();
    await form.getByText('Enter the email address of the person to invite.').waitFor();
    await form.getByLabel('Email').fill(IVY.email);
    await form.getByRole('button', { name: 'Create invitation link' }).click();
    const shown = page.getByRole('region', { name: 'Invitation link' });
    const link = (await shown.locator('code').textContent())!;
    expect(link).toMatch(new RegExp(`^${baton.url}/invite#[\\w-]{40,}$`));
    await page.getByRole('list', { name: 'Open invitations' }).getByText(IVY.email).waitFor();

    // The link is shown once: after a reload only the open invitation remains.
    await page.reload();
    await page.getByRole('list', { name: 'Open invitations' }).getByText(IVY.email).waitFor();
    expect(await page.getByRole('region', { name: 'Invitation link' }).count()).toBe(0);

    await ivy.page.goto(link);
    await ivy.page.getByText(`You were invited as ${IVY.email}`).waitFor();
    await ivy.page.getByLabel('Name').fill(IVY.name);
    await ivy.page.getByLabel('Password').fill(IVY.password);
    await ivy.page.getByRole('button', { name: 'Create account and sign in' }).click();
    await ivy.page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();

    // Used once: the same link now says so.
    const again = await newSession(browser, baton.url);
    try {
      await again.page.goto(link);
      await again.page.getByRole('heading', { name: 'This invitation cannot be used' }).waitFor();
    } finally {
      await again.context.close();
    }

    await ivy.page.getByRole('button', { name: 'Sign out' }).click();
    await ivy.page.waitForURL(/\/login/);
    await signIn(ivy.page, IVY);
    await ivy.page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
    await ivy.page.getByRole('link', { name: /Ivy Invitee/ }).waitFor();

    await page.reload();
    await page.getByRole('list', { name: 'People' }).getByRole('listitem', { name: IVY.name }).getByText(IVY.email).waitFor();
    expect(await page.getByRole('list', { name: 'Open invitations' }).count()).toBe(0);
    expect(ada.problems).toEqual([]);
    expect(ivy.problems).toEqual([]);
  });

  test('deactivate → the session is refused', async () => {
    const { page } = ada;
    const row = page.getByRole('list', { name: 'People' }).getByRole('listitem', { name: IVY.name });
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await row.getByRole('button', { name: `Deactivate ${IVY.name}` }).click();
    await row.getByText('Deactivated').waitFor();

    // Ivy's open page: the next thing she does is refused and she is back at sign-in.
    await ivy.page.getByRole('link', { name: 'Team' }).click();
    await ivy.page.waitForURL(/\/login/);
    await ivy.page.getByText('Your session has ended').waitFor();
    await ivy.page.getByLabel('Email').fill(IVY.email);
    await ivy.page.getByLabel('Password').fill(IVY.password);
    await ivy.page.getByRole('button', { name: 'Sign in' }).click();
    await ivy.page.getByText('This account has been deactivated').waitFor();

    // History and lists keep her name; reactivating lets her sign in again.
    await row.getByRole('button', { name: 'Reactivate' }).click();
    await expect.poll(() => row.getByText('Deactivated').count()).toBe(0);
    await ivy.page.getByRole('button', { name: 'Sign in' }).click();
    // Back where she was going when the session was refused.
    await ivy.page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    expect(ada.problems).toEqual([]);
  });
});
