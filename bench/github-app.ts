// Provider calls through the GitHub App: per Start work (the person's user-to-server token, cached:
// no token call per start), and per reconciliation of 10 repositories of one installation (the
// installation token, minted once). The baseline, in the same process, is the same work with
// personal access tokens. Run: node --import tsx bench/github-app.ts [starts]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { parseStartWork } from '../src/domain/start-work.ts';
import { reconcileRepository } from '../src/features/pr-status/sync.ts';
import { createLogger } from '../src/log.ts';
import { type RunningBaton, startBaton } from '../src/main.ts';
import type { ProviderCall } from '../src/providers/types.ts';
import { createApiToken } from '../src/services/api-tokens.ts';
import { createSession } from '../src/services/sessions.ts';
import { createUser } from '../src/services/users.ts';
import { type FakeGitHub, startFakeGitHub } from '../test/fakes/github/server.ts';

const STARTS = Number(process.argv[2] ?? 20);
const REPOS = 10;

type Api = (method: string, url: string, body?: unknown) => Promise<any>;

async function person(baton: RunningBaton, name: string) {
  const u = await createUser(baton.ctx.db.kysely, { email: `${name.toLowerCase()}@bench.test`, name, password: null, isAdmin: false });
  const { token } = await createApiToken(baton.ctx.db.kysely, u.id, 'bench');
  const session = await createSession(baton.ctx.db.kysely, u.id);
  const call = async (method: string, url: string, body: unknown, headers: Record<string, string>) => {
    const res = await fetch(`${baton.url}${url}`, {
      method,
      redirect: 'manual',
      headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${url} → ${res.status} ${text.slice(0, 300)}`);
    return text.startsWith('{') ? JSON.parse(text) : text;
  };
  const api: Api = (method, url, body) => call(method, url, body, { authorization: `Bearer ${token}` });
  const browser: Api = (method, url, body) => call(method, url, body, { cookie: `baton_session=${session.token}`, 'x-csrf-token': session.csrfToken });
  return { id: u.id, api, browser };
}

const stateOf = (url: string) => new URL(url).searchParams.get('state')!;

async function startOnce(baton: RunningBaton, dev: { api: Api }, projectId: string, repositoryId: string, calls: ProviderCall[]) {
  const { key } = await dev.api('POST', `/api/projects/${projectId}/tickets`, { title: 'Refund flow', acceptanceCriteria: ['Refund button'], repositoryId });
  calls.length = 0;
  await dev.api('POST', `/api/tickets/${key}/start`);
  for (;;) {
    const row = await baton.ctx.db.kysely.selectFrom('tickets').select('start_work').where('key', '=', key).executeTakeFirstOrThrow();
    const state = parseStartWork(row.start_work);
    if (state && state.status !== 'running') {
      if (state.status !== 'succeeded') throw new Error(`${key}: ${state.error}`);
      return [...calls];
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function reconcileAll(baton: RunningBaton, repositoryIds: string[], calls: ProviderCall[]) {
  calls.length = 0;
  for (const id of repositoryIds) {
    const report = await reconcileRepository(baton.ctx, id);
    if (report.problems.length) throw new Error(report.problems.join('; '));
  }
  return [...calls];
}

const tokenCalls = (calls: ProviderCall[]) => calls.filter((c) => c.path.includes('access_tokens') || c.path.includes('oauth')).length;

async function main() {
  const fake: FakeGitHub = await startFakeGitHub();
  fake.state.addUser('octo');
  fake.state.addUser('rhea');
  fake.state.addOrg('acme', ['octo', 'rhea']);
  const names = Array.from({ length: REPOS }, (_, i) => `svc-${i + 1}`);
  for (const name of names) fake.state.addRepo({ owner: 'acme', name });
  fake.state.addToken('ghp_octo', { kind: 'classic', login: 'octo', scopes: ['repo'] });
  fake.state.addToken('ghp_rhea', { kind: 'classic', login: 'rhea', scopes: ['repo'] });
  const app = fake.state.registerApp({ slug: 'baton-bench' });
  const installation = app.install('acme', 'all');

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-app-'));
  const calls: ProviderCall[] = [];
  const config = loadConfig({
    BATON_PORT: '0',
    BATON_DATA_DIR: dataDir,
    BATON_LOG_LEVEL: 'silent',
    BATON_ALLOWED_PROVIDER_HOSTS: '127.0.0.1',
    BATON_PUBLIC_URL: 'http://baton.bench',
    BATON_RECONCILIATION_PERIOD: '0',
    BATON_GITHUB_APP_ID: String(app.id),
    BATON_GITHUB_APP_SLUG: app.slug,
    BATON_GITHUB_APP_CLIENT_ID: app.clientId,
    BATON_GITHUB_APP_CLIENT_SECRET: app.clientSecret,
    BATON_GITHUB_APP_PRIVATE_KEY: app.privateKeyPem,
    BATON_GITHUB_APP_WEBHOOK_SECRET: app.webhookSecret,
    BATON_GITHUB_APP_BASE_URL: fake.url,
  });
  const baton = await startBaton(config, {
    log: createLogger('silent'),
    workerPollMs: 20,
    providers: { writeSpacingMs: 0, retryDelayMs: 1, onRequest: (c) => calls.push(c) },
  });
  try {
    const dev = await person(baton, 'Octo');
    const rhea = await person(baton, 'Rhea');

    // Through the App: the owner installs (and authorises), Rhea connects; every repository linked through the installation.
    const viaApp = await dev.api('POST', '/api/projects', { key: 'APP', name: 'Through the App', provider: 'github', settings: { baseUrl: fake.url } });
    await dev.api('POST', `/api/projects/${viaApp.id}/members`, { userId: rhea.id, role: 'member' });
    const install = await dev.browser('POST', '/api/github-app/install', { projectId: viaApp.id });
    await dev.browser(
      'GET',
      `/api/github-app/callback?installation_id=${installation.id}&setup_action=install&code=${app.authorize('octo')}&state=${stateOf(install.url)}`,
    );
    const connect = await rhea.browser('POST', '/api/github-app/connect', {});
    await rhea.browser('GET', `/api/github-app/callback?code=${app.authorize('rhea')}&state=${stateOf(connect.url)}`);
    const appRepos: string[] = [];
    for (const name of names) appRepos.push((await dev.api('POST', `/api/projects/${viaApp.id}/github-app/repositories`, { owner: 'acme', name })).id);

    // Baseline: personal access tokens.
    const viaPat = await dev.api('POST', '/api/projects', { key: 'PAT', name: 'Personal tokens', provider: 'github', settings: { baseUrl: fake.url } });
    await dev.api('POST', `/api/projects/${viaPat.id}/members`, { userId: rhea.id, role: 'member' });
    const credential = await dev.api('POST', '/api/me/credentials', { provider: 'github', owner: 'acme', token: 'ghp_octo', baseUrl: fake.url });
    await rhea.api('POST', '/api/me/credentials', { provider: 'github', owner: 'acme', token: 'ghp_rhea', baseUrl: fake.url });
    const patRepos: string[] = [];
    for (const name of names)
      patRepos.push((await dev.api('POST', `/api/projects/${viaPat.id}/repositories`, { credentialId: credential.id, owner: 'acme', name })).id);
    // The PAT credential now shadows the App for Octo's own Start work; drop it for the App runs.
    const patCredential = credential.id;

    const runs: Record<string, ProviderCall[][]> = { app: [], pat: [] };
    for (let i = 0; i < STARTS; i++) runs.pat.push(await startOnce(baton, dev, viaPat.id, patRepos[0], calls));
    const patReconcileCold = await reconcileAll(baton, patRepos, calls);
    const patReconcileWarm = await reconcileAll(baton, patRepos, calls);
    await dev.api('DELETE', `/api/me/credentials/${patCredential}`);
    for (let i = 0; i < STARTS; i++) runs.app.push(await startOnce(baton, dev, viaApp.id, appRepos[0], calls));

    const appReconcileCold = await reconcileAll(baton, appRepos, calls);
    const appReconcileWarm = await reconcileAll(baton, appRepos, calls);

    console.log('\nStart work through the App: calls of the first start');
    for (const c of runs.app[0]) console.log(`  ${c.method.padEnd(5)} ${c.path}  ${c.status}`);
    console.log(`\nReconciliation of ${REPOS} repositories in one installation, first run: calls`);
    for (const c of appReconcileCold) console.log(`  ${c.method.padEnd(5)} ${c.path}  ${c.status}`);

    const range = (list: number[]) => (Math.min(...list) === Math.max(...list) ? String(list[0]) : `${Math.min(...list)}-${Math.max(...list)}`);
    console.log(`\nGitHub App vs personal tokens (same process, fake GitHub on loopback, ${STARTS} starts each)\n`);
    console.log(['work', 'App', 'PAT baseline', 'token calls (App)', 'goal'].map((h) => h.padEnd(30)).join(''));
    const row = (cells: string[]) => console.log(cells.map((c) => c.padEnd(30)).join(''));
    row([
      'calls / Start work',
      range(runs.app.map((r) => r.length)),
      range(runs.pat.map((r) => r.length)),
      String(runs.app.reduce((n, r) => n + tokenCalls(r), 0)),
      '≤ 5, no token call',
    ]);
    row([
      `calls / reconcile ${REPOS} repos`,
      String(appReconcileCold.length),
      String(patReconcileCold.length),
      String(tokenCalls(appReconcileCold)),
      'token cached since linking',
    ]);
    row([`  again (nothing changed)`, String(appReconcileWarm.length), String(patReconcileWarm.length), String(tokenCalls(appReconcileWarm)), 'token cached']);
    console.log(`\nviolations of the description: ${fake.violations.length}`);
    if (fake.violations.length) console.log(fake.violations.slice(0, 5).join('\n'));
  } finally {
    await baton.stop();
    await fake.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
