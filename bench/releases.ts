// Processing a release that holds 500 merged pull requests against the fake GitHub: provider calls
// and wall time of Baton's way (one comparison with the previous release, paged at 100, then
// matching merge commits in the database) against a baseline measured in the same run that asks
// the provider about each pull request (a comparison of its merge commit with the tag per PR).
// Run: node --import tsx bench/releases.ts [pull requests]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { newId, nowIso } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { liveReleases } from '../src/db/queries/releases.ts';
import { listReleaseCommits } from '../src/features/releases/commits.ts';
import { upsertRelease } from '../src/features/releases/store.ts';
import { releasesOfTickets } from '../src/features/releases/ticket-releases.ts';
import { createLogger } from '../src/log.ts';
import { startBaton } from '../src/main.ts';
import { createGitHubClient } from '../src/providers/github/client.ts';
import { publishedRelease, releaseSchema } from '../src/providers/github/schema.ts';
import type { ProviderCall } from '../src/providers/types.ts';
import { createApiToken } from '../src/services/api-tokens.ts';
import { createUser } from '../src/services/users.ts';
import { seedAcme, TOKEN } from '../test/fakes/github/seed.ts';
import { startFakeGitHub } from '../test/fakes/github/server.ts';
import { releaseJson } from '../test/fakes/github/shapes-releases.ts';
import { fmt } from './support.ts';

const PULLS = Number(process.argv[2] ?? 500);

const fake = await startFakeGitHub();
const { repo } = seedAcme(fake);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-releases-'));
const calls: ProviderCall[] = [];
const config = loadConfig({
  BATON_PORT: '0',
  BATON_DATA_DIR: dataDir,
  BATON_LOG_LEVEL: 'silent',
  BATON_ALLOWED_PROVIDER_HOSTS: '127.0.0.1',
  BATON_PUBLIC_URL: 'http://baton.bench',
  BATON_RECONCILIATION_PERIOD: '0',
});
const baton = await startBaton(config, { log: createLogger('silent'), workerPollMs: 50, providers: { retryDelayMs: 1, onRequest: (c) => calls.push(c) } });

try {
  const owner = await createUser(baton.ctx.db.kysely, { email: 'rel@bench.test', name: 'Rel', password: null, isAdmin: false });
  const { token } = await createApiToken(baton.ctx.db.kysely, owner.id, 'bench');
  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${baton.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const project = await api('POST', '/api/projects', { key: 'BEN', name: 'Bench', provider: 'github', settings: { baseUrl: fake.url } });
  const credentialId = newId();
  const now = nowIso();
  await baton.ctx.db.kysely
    .insertInto('git_credentials')
    .values({
      id: credentialId,
      user_id: owner.id,
      provider: 'github',
      owner: 'acme',
      base_url: fake.url,
      token_ciphertext: baton.ctx.secrets.seal(TOKEN),
      token_last4: TOKEN.slice(-4),
      login: 'octo',
      external_user_id: null,
      scopes: '[]',
      missing: '[]',
      expires_at: null,
      validated_at: now,
      created_at: now,
    })
    .execute();
  const repositoryId = newId();
  await baton.ctx.db.kysely
    .insertInto('repositories')
    .values({
      id: repositoryId,
      project_id: project.id,
      provider: 'github',
      owner: 'acme',
      name: 'api',
      external_id: String(repo.id),
      default_branch: 'main',
      web_url: `${fake.webUrl}/acme/api`,
      credential_id: credentialId,
      reconcile_watermark: null,
      reconcile_etag: null,
      reconciled_at: null,
      releases_etag: null,
      releases_reconciled_at: null,
      created_at: now,
    })
    .execute();

  // v1.0.0, then PULLS tickets each with a squash-merged PR, then v2.0.0 holding them all.
  const first = fake.state.addRelease(repo, { tag: 'v1.0.0' });
  const ticketIds: string[] = [];
  for (let i = 0; i < PULLS; i++) {
    const ticket = await api('POST', `/api/projects/${project.id}/tickets`, { title: `Change ${i}` });
    ticketIds.push(ticket.id);
    fake.state.addBranch(repo, ticket.key);
    fake.state.mergePull(repo, fake.state.addPull(repo, { head: ticket.key, title: `${ticket.key} change` }));
  }
  // The PRs come in through reconciliation, as they would (10 pages of 50).
  const pullCalls = calls.length;
  await api('POST', `/api/projects/${project.id}/sync`);
  for (;;) {
    const live = await baton.ctx.db.kysely
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'pr.reconcile-repository')
      .where('status', 'in', ['queued', 'running'])
      .execute();
    if (live.length === 0 && calls.length > pullCalls) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const merged = await baton.ctx.db.kysely.selectFrom('pull_requests').select('merge_commit_sha').where('state', '=', 'merged').execute();
  if (merged.length !== PULLS) throw new Error(`expected ${PULLS} merged PRs stored, found ${merged.length}`);
  const second = fake.state.addRelease(repo, { tag: 'v2.0.0' });

  // Both releases stored as a webhook or reconciliation would, without the job (this process times it).
  await baton.ctx.db.transaction(async (tx) => {
    for (const r of [first, second]) await upsertRelease(tx, repositoryId, publishedRelease(releaseSchema.parse(releaseJson(fake.world, repo, r)))!);
  });
  const firstStart = calls.length;
  await listReleaseCommits(baton.ctx, repositoryId); // v1.0.0 (history back from the tag) and v2.0.0
  const stored = await liveReleases(baton.ctx.db.kysely, repositoryId);
  if (stored.some((r) => !r.computed_at)) throw new Error('a release was not listed');

  // Baton's way, for v2.0.0 alone: its range listed again (predecessor changed) and the tickets read.
  await baton.ctx.db.kysely.updateTable('releases').set({ computed_range: null }).where('tag', '=', 'v2.0.0').execute();
  const before = calls.length;
  const t0 = performance.now();
  await listReleaseCommits(baton.ctx, repositoryId);
  const listedMs = performance.now() - t0;
  const batonCalls = calls.slice(before);
  const t1 = performance.now();
  const shipped = await releasesOfTickets(baton.ctx.db.kysely, ticketIds);
  const readMs = performance.now() - t1;
  const inV2 = [...shipped.values()].filter((r) => r.release?.tag === 'v2.0.0').length;
  if (inV2 !== PULLS) throw new Error(`expected ${PULLS} tickets in v2.0.0, found ${inV2}`);

  // Baseline: one comparison per pull request (is its merge commit behind the tag?).
  const client = createGitHubClient({ baseUrl: fake.url, token: TOKEN, settings: {}, onRequest: (c) => calls.push(c) }, { retryDelayMs: 1 });
  const baseBefore = calls.length;
  const t2 = performance.now();
  let contained = 0;
  for (const { merge_commit_sha } of merged) {
    const { data } = await client.request(
      'GET /repos/{owner}/{repo}/compare/{basehead}',
      { owner: 'acme', repo: 'api', basehead: `${merge_commit_sha}...v2.0.0`, per_page: 1 },
      z.object({ status: z.string() }),
    );
    if (data.status === 'ahead' || data.status === 'identical') contained++;
  }
  const baselineMs = performance.now() - t2;
  const baselineCalls = calls.length - baseBefore;
  if (contained !== PULLS) throw new Error(`baseline found ${contained} of ${PULLS}`);

  console.log(`release holding ${PULLS} squash-merged PRs (GitHub fake, SQLite)`);
  console.log(`  first release (no predecessor, history read back from the tag): ${before - firstStart} calls for both releases`);
  console.log(`  Baton  : ${batonCalls.length} provider calls (${batonCalls.map((c) => c.path.replace(/^.*\/repos\/acme\/api/, '')).join(', ')})`);
  console.log(`           ${fmt(listedMs)} ms to list and store the range, ${fmt(readMs)} ms to read ${PULLS} tickets' releases`);
  console.log(`  baseline (one compare per PR): ${baselineCalls} provider calls, ${fmt(baselineMs)} ms`);
  console.log(`  calls ÷ ${fmt(baselineCalls / Math.max(batonCalls.length, 1))}, wall time ÷ ${fmt(baselineMs / (listedMs + readMs))}`);
  if (fake.violations.length) throw new Error(`fake GitHub violations: ${fake.violations.join('; ')}`);
} finally {
  await baton.stop();
  await fake.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
