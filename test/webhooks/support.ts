// Helpers for webhook tests: projects and secrets through the API, signed deliveries over real HTTP.
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect } from 'vitest';
import { newId, nowIso } from '../../src/clock.ts';
import type { TestBaton, TestUser } from '../support/baton.ts';
import { PATIENCE_MS } from '../support/eventually.ts';
import { githubWebhookExamples, referencePath } from '../support/reference.ts';

export const examplesRoot = path.dirname(createRequire(import.meta.url).resolve('@octokit/webhooks-examples/package.json'));

/** Every `pull_request` example of api.github.com, as published (callers clone before changing one). */
export const githubPullRequestExamples = (): Array<Record<string, any>> => githubWebhookExamples('pull_request');

export const adoPayload = (event: 'created' | 'updated' | 'merged'): Record<string, any> =>
  JSON.parse(readFileSync(referencePath('webhook-payloads', 'azure-devops', `git.pullrequest.${event}.json`), 'utf8'));

export const sign = (body: Buffer | string, secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export interface Sent {
  status: number;
  body: any;
}

export async function post(url: string, body: Buffer | string, headers: Record<string, string>): Promise<Sent> {
  const response = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // keep text
  }
  return { status: response.status, body: parsed };
}

/** A GitHub delivery, signed with `secret` unless a signature is given. */
export function sendGitHub(
  baton: { url: string },
  projectId: string,
  opts: { body: unknown; secret?: string; signature?: string | null; event?: string; deliveryId?: string },
): Promise<Sent> {
  const raw = Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/test',
    'x-github-event': opts.event ?? 'pull_request',
    'x-github-delivery': opts.deliveryId ?? randomUUID(),
  };
  const signature = opts.signature === undefined ? sign(raw, opts.secret!) : opts.signature;
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  return post(`${baton.url}/api/webhooks/github/${projectId}`, raw, headers);
}

export function sendAdo(baton: { url: string }, projectId: string, opts: { body: unknown; password?: string | null; user?: string }): Promise<Sent> {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (opts.password != null) headers.authorization = `Basic ${Buffer.from(`${opts.user ?? 'baton'}:${opts.password}`).toString('base64')}`;
  return post(`${baton.url}/api/webhooks/ado/${projectId}`, JSON.stringify(opts.body), headers);
}

export async function createProject(owner: TestUser, input: { key: string; provider?: string; settings?: Record<string, string> }): Promise<string> {
  const res = await owner.api.post('/api/projects', { key: input.key, name: input.key, provider: input.provider ?? 'github', settings: input.settings ?? {} });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

export async function newSecret(owner: TestUser, projectId: string): Promise<string> {
  const res = await owner.api.post(`/api/projects/${projectId}/webhook-secret`);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.secret;
}

/** Links a repository by writing the row (repository linking has its own tests). */
export async function linkRepo(
  baton: TestBaton,
  projectId: string,
  repo: { owner: string; name: string; externalId: string },
  opts: { provider?: string; credentialId?: string | null } = {},
): Promise<string> {
  const id = newId();
  await baton.ctx.db.kysely
    .insertInto('repositories')
    .values({
      id,
      project_id: projectId,
      provider: opts.provider ?? 'github',
      owner: repo.owner,
      name: repo.name,
      external_id: repo.externalId,
      default_branch: 'main',
      web_url: `https://example.test/${repo.owner}/${repo.name}`,
      credential_id: opts.credentialId ?? null,
      reconcile_watermark: null,
      reconcile_etag: null,
      reconciled_at: null,
      created_at: nowIso(),
    })
    .execute();
  return id;
}

/** Stores a credential for `user` by writing the row, sealed as the credentials service would. */
export async function storeCredential(
  baton: TestBaton,
  user: TestUser,
  input: { provider: string; owner: string; baseUrl: string; token: string },
): Promise<string> {
  const id = newId();
  const now = nowIso();
  await baton.ctx.db.kysely
    .insertInto('git_credentials')
    .values({
      id,
      user_id: user.id,
      provider: input.provider,
      owner: input.owner,
      base_url: input.baseUrl,
      token_ciphertext: baton.ctx.secrets.seal(input.token),
      token_last4: input.token.slice(-4),
      login: user.name,
      external_user_id: null,
      scopes: '[]',
      missing: '[]',
      expires_at: null,
      validated_at: now,
      created_at: now,
    })
    .execute();
  return id;
}

export async function createTicket(owner: TestUser, projectId: string, criteria: string[] = []): Promise<string> {
  const res = await owner.api.post(`/api/projects/${projectId}/tickets`, { title: 'Webhook ticket', acceptanceCriteria: criteria });
  expect(res.status).toBe(201);
  return res.body.key;
}

/** Polls until `done` holds; at the deadline returns the last value, so the assertion after it shows what differs. */
export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = PATIENCE_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until no delivery of the project is pending, and returns all of them. */
export async function settledDeliveries(baton: TestBaton, projectId: string, timeoutMs = PATIENCE_MS) {
  const all = () => baton.ctx.db.kysely.selectFrom('webhook_deliveries').selectAll().where('project_id', '=', projectId).execute();
  return waitFor(all, (rows) => rows.every((r) => r.outcome !== 'pending'), timeoutMs);
}

/** A GitHub pull_request payload from the published `opened` example, changed as given. */
export function githubEvent(
  action: string,
  pr: { number: number; head?: string; title?: string; state?: 'open' | 'closed'; draft?: boolean; merged?: boolean; updatedAt: string; body?: string },
) {
  const base = structuredClone(githubPullRequestExamples().find((e) => e.action === 'opened')!);
  base.action = action;
  base.number = pr.number;
  Object.assign(base.pull_request, {
    number: pr.number,
    id: 900_000 + pr.number,
    title: pr.title ?? base.pull_request.title,
    body: pr.body ?? base.pull_request.body,
    state: pr.state ?? 'open',
    draft: pr.draft ?? false,
    merged: pr.merged ?? false,
    merged_at: pr.merged ? pr.updatedAt : null,
    closed_at: pr.state === 'closed' ? pr.updatedAt : null,
    updated_at: pr.updatedAt,
  });
  if (pr.head) base.pull_request.head.ref = pr.head;
  return base;
}

/** Presses "Sync PR status" for a project and waits until reconciliation has listed (`listings()` grew) and finished. */
export async function reconcileProject(baton: TestBaton, user: TestUser, projectId: string, listings: () => number): Promise<void> {
  const before = listings();
  expect((await user.api.post(`/api/projects/${projectId}/sync`)).status).toBe(202);
  await waitFor(
    async () => listings(),
    (n) => n > before,
  );
  // The listing answered; wait for the job to finish writing.
  await waitFor(
    () =>
      baton.ctx.db.kysely
        .selectFrom('jobs')
        .select('status')
        .where('kind', '=', 'pr.reconcile-repository')
        .where('status', 'in', ['queued', 'running'])
        .execute(),
    (live) => live.length === 0,
  );
}
