// Provider calls and wall time per Start work, through the real path (REST API → job → provider)
// against the fake GitHub, Azure DevOps, Bitbucket Cloud and Gitea. Run: node --import tsx bench/start-work.ts [starts]
// Writes are not spaced here (writeSpacingMs 0): production waits ≥ 1 s between one token's
// GitHub writes, which dominates real wall time and is not Baton's cost.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { parseStartWork } from '../src/domain/start-work.ts';
import { createLogger } from '../src/log.ts';
import { type RunningBaton, startBaton } from '../src/main.ts';
import type { ProviderCall } from '../src/providers/types.ts';
import { createApiToken } from '../src/services/api-tokens.ts';
import { createUser } from '../src/services/users.ts';
import { FULL_SCOPES, seedFabrikam, startFakeAzureDevOps } from '../test/fakes/azure-devops/index.ts';
import { DANA_TOKEN, RUI_TOKEN, seedAcme as seedBitbucketAcme } from '../test/fakes/bitbucket/seed.ts';
import { startFakeBitbucket } from '../test/fakes/bitbucket/server.ts';
import { DEV_TOKEN, RHEA_TOKEN, seedAcme as seedGiteaAcme } from '../test/fakes/gitea/seed.ts';
import { startFakeGitea } from '../test/fakes/gitea/server.ts';
import { seedAcme, TOKEN } from '../test/fakes/github/seed.ts';
import { startFakeGitHub } from '../test/fakes/github/server.ts';

const STARTS = Number(process.argv[2] ?? 50);
const WARMUP = 3;

type Api = (method: string, url: string, body?: unknown) => Promise<any>;

async function user(baton: RunningBaton, name: string): Promise<{ id: string; api: Api }> {
  const u = await createUser(baton.ctx.db.kysely, { email: `${name.toLowerCase()}@bench.test`, name, password: null, isAdmin: false });
  const { token } = await createApiToken(baton.ctx.db.kysely, u.id, 'bench');
  const api: Api = async (method, url, body) => {
    const res = await fetch(`${baton.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = res.status === 204 ? null : await res.json();
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return { id: u.id, api };
}

interface Setup {
  label: string;
  projectId: string;
  dev: { api: Api };
  violations: () => string[];
  close: () => Promise<void>;
}

async function githubSetup(baton: RunningBaton): Promise<Setup> {
  const fake = await startFakeGitHub();
  seedAcme(fake);
  fake.state.addToken('ghp_rhea', { kind: 'classic', login: 'rhea', scopes: ['repo'] });
  const dev = await user(baton, 'Octo');
  const rhea = await user(baton, 'Rhea');
  const project = await dev.api('POST', '/api/projects', { key: 'GH', name: 'GitHub bench', provider: 'github', settings: { baseUrl: fake.url } });
  await dev.api('POST', `/api/projects/${project.id}/members`, { userId: rhea.id, role: 'member' });
  const credential = await dev.api('POST', '/api/me/credentials', { provider: 'github', owner: 'acme', token: TOKEN, baseUrl: fake.url });
  await rhea.api('POST', '/api/me/credentials', { provider: 'github', owner: 'acme', token: 'ghp_rhea', baseUrl: fake.url });
  await dev.api('POST', `/api/projects/${project.id}/repositories`, { credentialId: credential.id, owner: 'acme', name: 'api' });
  return { label: 'GitHub', projectId: project.id, dev, violations: () => fake.violations, close: () => fake.close() };
}

async function adoSetup(baton: RunningBaton): Promise<Setup> {
  const fake = await startFakeAzureDevOps();
  const world = seedFabrikam(fake);
  fake.state.addToken('bob-pat-0123456789', world.bob, FULL_SCOPES);
  const dev = await user(baton, 'Alice');
  const bob = await user(baton, 'Bob');
  const settings = { organization: 'fabrikam', project: 'Baton', baseUrl: fake.url };
  const project = await dev.api('POST', '/api/projects', { key: 'ADO', name: 'ADO bench', provider: 'ado', settings });
  await dev.api('POST', `/api/projects/${project.id}/members`, { userId: bob.id, role: 'member' });
  const credential = await dev.api('POST', '/api/me/credentials', {
    provider: 'ado',
    owner: 'fabrikam',
    token: 'alice-pat-0123456789abcdef',
    baseUrl: fake.url,
  });
  await bob.api('POST', '/api/me/credentials', { provider: 'ado', owner: 'fabrikam', token: 'bob-pat-0123456789', baseUrl: fake.url });
  await dev.api('POST', `/api/projects/${project.id}/repositories`, { credentialId: credential.id, owner: 'fabrikam', name: 'api' });
  return { label: 'Azure DevOps', projectId: project.id, dev, violations: () => fake.violations, close: () => fake.close() };
}

async function bitbucketSetup(baton: RunningBaton): Promise<Setup> {
  const fake = await startFakeBitbucket();
  seedBitbucketAcme(fake);
  const dev = await user(baton, 'Dana');
  const rui = await user(baton, 'Rui');
  const project = await dev.api('POST', '/api/projects', { key: 'BB', name: 'Bitbucket bench', provider: 'bitbucket', settings: { baseUrl: fake.url } });
  await dev.api('POST', `/api/projects/${project.id}/members`, { userId: rui.id, role: 'member' });
  const credential = await dev.api('POST', '/api/me/credentials', {
    provider: 'bitbucket',
    owner: 'acme',
    email: 'dana@acme.test',
    token: DANA_TOKEN,
    baseUrl: fake.url,
  });
  await rui.api('POST', '/api/me/credentials', { provider: 'bitbucket', owner: 'acme', email: 'rui@acme.test', token: RUI_TOKEN, baseUrl: fake.url });
  await dev.api('POST', `/api/projects/${project.id}/repositories`, { credentialId: credential.id, owner: 'acme', name: 'api' });
  return { label: 'Bitbucket', projectId: project.id, dev, violations: () => fake.violations, close: () => fake.close() };
}

async function giteaSetup(baton: RunningBaton): Promise<Setup> {
  const fake = await startFakeGitea();
  seedGiteaAcme(fake);
  const dev = await user(baton, 'Dev');
  const rhea = await user(baton, 'Rhea Gitea');
  const project = await dev.api('POST', '/api/projects', { key: 'TEA', name: 'Gitea bench', provider: 'gitea', settings: { baseUrl: fake.url } });
  await dev.api('POST', `/api/projects/${project.id}/members`, { userId: rhea.id, role: 'member' });
  const credential = await dev.api('POST', '/api/me/credentials', { provider: 'gitea', owner: 'acme', token: DEV_TOKEN, baseUrl: fake.url });
  await rhea.api('POST', '/api/me/credentials', { provider: 'gitea', owner: 'acme', token: RHEA_TOKEN, baseUrl: fake.url });
  await dev.api('POST', `/api/projects/${project.id}/repositories`, { credentialId: credential.id, owner: 'acme', name: 'api' });
  return { label: 'Gitea', projectId: project.id, dev, violations: () => fake.violations, close: () => fake.close() };
}

interface Run {
  ms: number;
  calls: ProviderCall[];
}

async function oneStart(baton: RunningBaton, setup: Setup, calls: ProviderCall[], ticketKey?: string): Promise<Run & { key: string }> {
  const key =
    ticketKey ??
    (
      await setup.dev.api('POST', `/api/projects/${setup.projectId}/tickets`, {
        title: 'Refund flow',
        spec: 'Money back within five days.',
        acceptanceCriteria: ['Refund button', 'Email sent'],
      })
    ).key;
  calls.length = 0;
  const t0 = performance.now();
  await setup.dev.api('POST', `/api/tickets/${key}/start`);
  for (;;) {
    const row = await baton.ctx.db.kysely.selectFrom('tickets').select('start_work').where('key', '=', key).executeTakeFirstOrThrow();
    const state = parseStartWork(row.start_work);
    if (state && state.status !== 'running') {
      if (state.status !== 'succeeded') throw new Error(`${key}: ${state.error}`);
      return { key, ms: performance.now() - t0, calls: [...calls] };
    }
    await new Promise((r) => setTimeout(r, 1));
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function measure(baton: RunningBaton, setup: Setup, calls: ProviderCall[]) {
  for (let i = 0; i < WARMUP; i++) await oneStart(baton, setup, calls);
  const runs: Run[] = [];
  for (let i = 0; i < STARTS; i++) runs.push(await oneStart(baton, setup, calls));
  const again = await oneStart(baton, setup, calls, (await oneStart(baton, setup, calls)).key);
  const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
  const counts = runs.map((r) => r.calls.length);
  return { label: setup.label, first: runs[0], again, ms, min: Math.min(...counts), max: Math.max(...counts), violations: setup.violations() };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-'));
  const calls: ProviderCall[] = [];
  const config = loadConfig({
    BATON_PORT: '0',
    BATON_DATA_DIR: dataDir,
    BATON_LOG_LEVEL: 'silent',
    BATON_ALLOWED_PROVIDER_HOSTS: '127.0.0.1',
    BATON_PUBLIC_URL: 'http://baton.bench',
  });
  const baton = await startBaton(config, {
    log: createLogger('silent'),
    workerPollMs: 50,
    providers: { writeSpacingMs: 0, retryDelayMs: 1, onRequest: (c) => calls.push(c) },
  });
  const setups = [await githubSetup(baton), await adoSetup(baton), await bitbucketSetup(baton), await giteaSetup(baton)];
  try {
    const results = [];
    for (const setup of setups) results.push(await measure(baton, setup, calls));
    for (const r of results) {
      console.log(`\n${r.label}: calls of one Start work`);
      for (const c of r.first.calls) console.log(`  ${c.method.padEnd(5)} ${c.path}  ${c.status}`);
      console.log(`${r.label}: calls when started again (re-check, nothing written)`);
      for (const c of r.again.calls) console.log(`  ${c.method.padEnd(5)} ${c.path}  ${c.status}`);
    }
    const goals: Record<string, number> = { GitHub: 5, 'Azure DevOps': 4, Bitbucket: 3, Gitea: 3 };
    console.log(`\nStart work, ${STARTS} starts each (SQLite, in-process worker, fakes on loopback, no write spacing)\n`);
    console.log(['provider', 'calls/start', 'goal', 'again', 'p50 ms', 'p95 ms', 'max ms', 'violations'].map((h) => h.padEnd(13)).join(''));
    for (const r of results) {
      const calls = r.min === r.max ? String(r.min) : `${r.min}-${r.max}`;
      const row = [
        r.label,
        calls,
        `≤ ${goals[r.label]}`,
        String(r.again.calls.length),
        percentile(r.ms, 50).toFixed(1),
        percentile(r.ms, 95).toFixed(1),
        r.ms.at(-1)!.toFixed(1),
        String(r.violations.length),
      ];
      console.log(row.map((c) => c.padEnd(13)).join(''));
    }
  } finally {
    await baton.stop();
    for (const s of setups) await s.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
