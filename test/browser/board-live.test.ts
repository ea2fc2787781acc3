import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, newSession, type Session, setUpAdmin, startTestBaton, type TestBaton } from './support/harness.ts';

// The board at scale and live. Every ticket is reachable (true counts, Show more). It stays live
// across servers and across a dropped stream: it is served by one Baton, changes are made through
// another Baton on the same data (as a webhook or a teammate would reach another API process),
// and the serving Baton is stopped and started again on its port while the board stays open.

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const cardIn = (page: Page, column: string, key: string) => region(page, column).getByRole('link', { name: new RegExp(`^${key}: `) });

describe('live board', () => {
  let writer: TestBaton;
  let server: TestBaton;
  /** The serving Baton, on the same port each time it starts. */
  let serverPort: string | undefined;
  const startServer = async () => {
    server = await startTestBaton(serverPort ? { BATON_PORT: serverPort } : {}, writer.shared);
    serverPort = new URL(server.url).port;
  };
  let browser: Browser;
  let s: Session;
  let token = '';
  let projectId = '';

  /** A change through the other server, as an API client. */
  async function viaWriter(method: string, path: string, body: unknown) {
    const res = await fetch(`${writer.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res.json();
  }

  /** True while the page is the one loaded at the start: nothing reloaded it. */
  const notReloaded = () => s.page.evaluate(() => (window as { loadedOnce?: boolean }).loadedOnce === true);

  beforeAll(async () => {
    writer = await startTestBaton();
    browser = await launchBrowser();
    s = await newSession(browser, writer.url);
    await setUpAdmin(s.page, writer.setupUrl);
    token = (
      await s.page.evaluate(async () => {
        const csrf = decodeURIComponent(document.cookie.match(/baton_csrf=([^;]+)/)?.[1] ?? '');
        const res = await fetch('/api/me/tokens', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify({ name: 'live board test' }),
        });
        return res.json();
      })
    ).token;
    projectId = (await viaWriter('POST', '/api/projects', { key: 'PAY', name: 'Payments', provider: 'github' })).id;
    for (const title of ['Partial refunds', 'Ledger export']) await viaWriter('POST', `/api/projects/${projectId}/tickets`, { title });

    await startServer();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await writer?.stop();
  });

  test('a change made through another server reaches the open board without a reload', async () => {
    const { page } = s;
    // The session cookie is the host's, whatever the port: the same person on the serving Baton.
    await page.goto(`${server.url}/projects/PAY`);
    await cardIn(page, 'Backlog', 'PAY-1').waitFor();
    await page.locator('.board[data-live="true"]').waitFor();
    await page.evaluate(() => Object.assign(window, { loadedOnce: true }));

    await viaWriter('PATCH', '/api/tickets/PAY-1', { status: 'in_review' });
    await cardIn(page, 'In review', 'PAY-1').waitFor();
    await expect.poll(() => region(page, 'Backlog').locator('.column-count [aria-hidden]').textContent()).toBe('1');

    await viaWriter('POST', `/api/projects/${projectId}/tickets`, { title: 'Chargeback alerts' });
    await cardIn(page, 'Backlog', 'PAY-3').waitFor();
    expect(await notReloaded()).toBe(true);
  });

  test('when the serving Baton stops and comes back, the board catches up on what changed meanwhile and stays live', async () => {
    const { page } = s;
    await page.locator('.board[data-live="true"]').waitFor();

    await server.stop(); // the stream ends, and the port refuses connections until it is back
    await page.getByText('Reconnecting for live updates…').waitFor();
    await page.locator('.board[data-live="true"]').waitFor({ state: 'detached' });
    await viaWriter('PATCH', '/api/tickets/PAY-2', { status: 'done' }); // while nobody streams it

    await startServer();
    await cardIn(page, 'Done', 'PAY-2').waitFor();
    await page.locator('.board[data-live="true"]').waitFor();
    await page.getByText('Reconnecting for live updates…').waitFor({ state: 'detached' });

    await viaWriter('PATCH', '/api/tickets/PAY-1', { status: 'ready' });
    await cardIn(page, 'Ready', 'PAY-1').waitFor();
    expect(await notReloaded()).toBe(true);
    expect(s.problems.filter((p) => !/EventSource|ERR_CONNECTION_REFUSED|net::/.test(p))).toEqual([]);
  });

  test('every ticket is reachable: a column counts them all, Show more loads the rest, and a live update keeps what was loaded', async () => {
    const { page } = s;
    for (let i = 0; i < 60; i++) await viaWriter('POST', `/api/projects/${projectId}/tickets`, { title: `Backlog item ${i}` });
    await page.goto(`${server.url}/projects/PAY`);
    const backlog = region(page, 'Backlog');
    await expect.poll(() => backlog.locator('.column-count [aria-hidden]').textContent()).toBe('61');
    expect(await backlog.locator('.card').count()).toBe(50);

    await backlog.getByRole('button', { name: 'Show more (11 not shown)' }).click();
    await expect.poll(() => backlog.locator('.card').count()).toBe(61);
    expect(await backlog.getByRole('button', { name: /Show more/ }).count()).toBe(0);

    await page.locator('.board[data-live="true"]').waitFor();
    await viaWriter('PATCH', '/api/tickets/PAY-4', { title: 'Renamed while open' });
    await backlog.getByRole('link', { name: /^PAY-4: Renamed while open/ }).waitFor();
    expect(await backlog.locator('.card').count()).toBe(61);
  });
});
