import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { loadConfig } from '../../../src/config.ts';
import { type RunningBaton, startBaton } from '../../../src/main.ts';

export const RESULTS_DIR = path.resolve(import.meta.dirname, '../../../test-results');

export interface TestBaton {
  url: string;
  /** The one-time setup link exactly as the server logged it. */
  setupUrl: string;
  baton: RunningBaton;
  /** Everything the server logged, parsed; to check e.g. that no secret leaked. */
  logs: Record<string, unknown>[];
  /** Its data directory and secret key, for a second process on the same data. */
  shared: { BATON_DATA_DIR: string; BATON_SECRET_KEY: string };
  stop(): Promise<void>;
}

/**
 * A real Baton on a random loopback port with a fresh SQLite data dir; or, given another's
 * `shared` (and optionally BATON_PORT), a second process on the same data, which leaves the
 * data in place when it stops.
 */
export async function startTestBaton(env: Record<string, string> = {}, on?: TestBaton['shared']): Promise<TestBaton> {
  const dataDir = on?.BATON_DATA_DIR ?? (await mkdtemp(path.join(os.tmpdir(), 'baton-browser-')));
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not JSON: ignore
        }
      }
      done();
    },
  });
  const log = pino({ level: process.env.BATON_TEST_LOG_LEVEL ?? 'info' }, sink);
  // A known port, so the public URL (setup link, webhook URL) is the real address.
  const port = env.BATON_PORT ? Number(env.BATON_PORT) : await freePort();
  const shared = on ?? { BATON_DATA_DIR: dataDir, BATON_SECRET_KEY: randomBytes(32).toString('base64') };
  const config = loadConfig({
    ...shared,
    BATON_PORT: String(port),
    BATON_PUBLIC_URL: `http://127.0.0.1:${port}`,
    BATON_HOST: '127.0.0.1',
    // The fake providers listen on plain http on loopback.
    BATON_ALLOWED_PROVIDER_HOSTS: '127.0.0.1,localhost',
    BATON_RECONCILIATION_PERIOD: '0',
    ...env,
  });
  const baton = await startBaton(config, {
    log,
    workerPollMs: 50,
    schedulerTickMs: 200,
    checkResponses: true,
    providers: { writeSpacingMs: 0, retryDelayMs: 10 },
  });
  if (!baton.url) throw new Error('Baton started without an HTTP listener');
  const url = baton.url;
  const setupUrl = logs.find((l) => typeof l.setupUrl === 'string')?.setupUrl as string | undefined;
  if (!setupUrl && !on) throw new Error('Baton did not log a setup link on first start');
  return {
    url,
    setupUrl: setupUrl ?? '',
    baton,
    logs,
    shared,
    async stop() {
      await baton.stop();
      if (!on) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Console errors and failed page requests, for a test to assert on. */
  problems: string[];
}

export async function newSession(browser: Browser, baseURL: string, viewport = { width: 1280, height: 860 }): Promise<Session> {
  const context = await browser.newContext({ baseURL, viewport, colorScheme: 'light', reducedMotion: 'reduce' });
  // Generous: pages on a busy machine are slow, not broken. Every wait ends as soon as its condition holds.
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // 401/404 answers the app expects show up as console "errors" for failed resources.
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  return { context, page, problems };
}

export const ADMIN = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery staple' };

/** First run: the setup link opens "Create the first admin"; fill it in and land on Projects. */
export async function setUpAdmin(page: Page, setupUrl: string): Promise<void> {
  await page.goto(setupUrl);
  await page.getByRole('heading', { name: 'Create the first admin' }).waitFor();
  await page.getByLabel('Name').fill(ADMIN.name);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
}

/** A full-page screenshot under test-results/; passing toasts are hidden so they don't cover the page. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  // From the top: a sticky header would otherwise be painted mid-page in a full-page capture.
  await page.evaluate(() => window.scrollTo(0, 0));
  const style = await page.addStyleTag({ content: '.toasts { visibility: hidden !important; }' });
  try {
    await page.screenshot({ path: path.join(RESULTS_DIR, name), fullPage: true, animations: 'disabled' });
  } finally {
    await style.evaluate((el) => (el as Element).remove());
  }
}
