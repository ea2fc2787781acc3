// A Baton configured with the fake GitHub's App, and a signed-in browser session to install it with.

import type { Engine } from '../../src/db/database.ts';
import { createSession } from '../../src/services/sessions.ts';
import type { FakeApp } from '../fakes/github/app.ts';
import type { FakeGitHub } from '../fakes/github/server.ts';
import { startTestBaton, type TestBaton } from '../support/baton.ts';

export function appEnv(fake: FakeGitHub, app: FakeApp): Record<string, string> {
  return {
    BATON_GITHUB_APP_ID: String(app.id),
    BATON_GITHUB_APP_SLUG: app.slug,
    BATON_GITHUB_APP_CLIENT_ID: app.clientId,
    BATON_GITHUB_APP_CLIENT_SECRET: app.clientSecret,
    BATON_GITHUB_APP_PRIVATE_KEY: app.privateKeyPem,
    BATON_GITHUB_APP_WEBHOOK_SECRET: app.webhookSecret,
    BATON_GITHUB_APP_BASE_URL: fake.url,
  };
}

export const startAppBaton = (engine: Engine, fake: FakeGitHub, app: FakeApp): Promise<TestBaton> =>
  startTestBaton({ engine, env: { ...appEnv(fake, app), BATON_RECONCILIATION_PERIOD: '0' } });

export interface Browser {
  cookie: string;
  /** A cookie-authenticated POST, with the CSRF header the web app sends. */
  post(path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** A page load that does not follow redirects. */
  get(path: string): Promise<{ status: number; location: string | null; text: string }>;
}

/** What a browser asks for when it follows a link (Chromium's Accept for a page). */
export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** A fresh browser session of `userId`. */
export async function browser(baton: TestBaton, userId: string): Promise<Browser> {
  const { token, csrfToken } = await createSession(baton.ctx.db.kysely, userId);
  const cookie = `baton_session=${token}`;
  return {
    cookie,
    async post(path, body = {}) {
      const res = await fetch(`${baton.url}${path}`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async get(path) {
      const res = await fetch(`${baton.url}${path}`, { headers: { cookie, accept: BROWSER_ACCEPT }, redirect: 'manual' });
      return { status: res.status, location: res.headers.get('location'), text: await res.text() };
    },
  };
}

/** The callback URL GitHub sends the browser back to. */
export const callback = (query: Record<string, string | number>) =>
  `/api/github-app/callback?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`;

export const stateOf = (url: string) => new URL(url).searchParams.get('state')!;
