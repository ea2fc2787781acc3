// Requests about a repository's webhook — set up on link or on "Set up webhook", removal on
// unlink or "Remove", "Send test" — and the per-repository view of the Webhooks card. Requests
// only record what is asked and queue the job that calls the provider, in one transaction, so
// linking stays fast and nothing is left half-done.
import type { AppContext } from '../../app-context.ts';
import { isoIn, nowIso } from '../../clock.ts';
import type { Executor } from '../../db/database.ts';
import { getProjectRow, toProject } from '../../db/queries/projects.ts';
import { findRepository, repositoriesOfProject } from '../../db/queries/repositories.ts';
import {
  changesCaughtBySync,
  deleteRepositoryWebhook,
  findRepositoryWebhook,
  lastDeliveriesOf,
  putRepositoryWebhook,
  type RepositoryWebhookRow,
  registeredWebhooks,
  repositoryWebhooksOf,
  updateRepositoryWebhook,
  webhooksBehindSecret,
} from '../../db/queries/repository-webhooks.ts';
import { Conflict, fieldRefused, NotFound } from '../../errors.ts';
import { enqueue, hasLiveJob } from '../../jobs/queue.ts';
import { findProvider, providerLabel } from '../../providers/registry.ts';
import { projectRole, requireProjectOwner } from '../../services/access.ts';
import { type AppWebhookCoverage, appWebhookCoverage } from '../../services/app-webhooks.ts';
import { credentialFor } from '../../services/credentials.ts';
import type { User } from '../../services/users.ts';
import { webhookUrl } from '../pr-status/webhooks/setup.ts';
import { type HealthInput, testPassed, webhookStatus } from './health.ts';
import { CHECK_WEBHOOK_JOB, REGISTER_WEBHOOK_JOB, REMOVE_WEBHOOK_JOB, TEST_WEBHOOK_JOB, webhookJobKey } from './jobs.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
// The provider's delivery log is read again when the card is looked at after this long.
const RECHECK_MS = 5 * 60 * 1000;

async function queue(tx: Executor, kind: string, repositoryId: string): Promise<void> {
  await enqueue(tx, { kind, payload: { repositoryId }, singletonKey: webhookJobKey(kind, repositoryId), maxAttempts: 5 });
}

async function ownedRepository(ctx: AppContext, user: User, projectId: string, repositoryId: string) {
  await requireProjectOwner(ctx.db.kysely, user, projectId);
  const repo = await findRepository(ctx.db.kysely, repositoryId);
  if (!repo || repo.project_id !== projectId) throw new NotFound('Repository');
  return repo;
}

/**
 * Records the request and queues the registration, acting with `credentialId` (the linking
 * credential) or else the caller's own credential for the repository's owner.
 */
export async function requestRegistration(ctx: AppContext, user: User, projectId: string, repositoryId: string, credentialId?: string | null) {
  const repo = await ownedRepository(ctx, user, projectId, repositoryId);
  const project = toProject(await getProjectRow(ctx.db.kysely, projectId), 'owner');
  const own = credentialId ?? (await credentialFor(ctx.db.kysely, user.id, project.provider, repo.owner, project.settings.baseUrl))?.id;
  if (!own) {
    throw fieldRefused(
      'credentialId',
      `Baton sets up the webhook with your own ${providerLabel(project.provider)} credential for ${repo.owner}; add one under Profile → Credentials first.`,
    );
  }
  const now = nowIso();
  await ctx.db.transaction(async (tx) => {
    await putRepositoryWebhook(tx, {
      repository_id: repositoryId,
      project_id: projectId,
      owner: repo.owner,
      name: repo.name,
      state: 'registering',
      provider_hook_id: null,
      url: webhookUrl(ctx.config.publicUrl, project.provider, projectId),
      events: '[]',
      registered_by: user.id,
      credential_id: own,
      registered_at: null,
      secret_created_at: null,
      error: null,
      missing_permission: null,
      test_requested_at: null,
      provider_failure_at: null,
      provider_failure: null,
      provider_success_at: null,
      provider_checked_at: null,
      unlinked_at: null,
      updated_at: now,
    });
    await queue(tx, REGISTER_WEBHOOK_JOB, repositoryId);
  });
  ctx.wakeWorkers();
  return webhookOf(ctx, projectId, repositoryId);
}

/** After a link: set up the webhook where the provider lets Baton; the link itself never fails for it. */
export async function webhookOnLink(ctx: AppContext, user: User, projectId: string, repositoryId: string, credentialId: string | null): Promise<void> {
  if (!credentialId) return;
  await requestRegistration(ctx, user, projectId, repositoryId, credentialId);
}

/** After an unlink: remove the webhook Baton registered (and only that one); the row keeps what the job needs. */
export async function webhookOnUnlink(ctx: AppContext, repositoryId: string): Promise<void> {
  const row = await findRepositoryWebhook(ctx.db.kysely, repositoryId);
  if (!row) return;
  await ctx.db.transaction(async (tx) => {
    await updateRepositoryWebhook(tx, repositoryId, { state: 'removing', unlinked_at: nowIso(), updated_at: nowIso() });
    await queue(tx, REMOVE_WEBHOOK_JOB, repositoryId);
  });
  ctx.wakeWorkers();
}

export async function requestRemoval(ctx: AppContext, user: User, projectId: string, repositoryId: string): Promise<void> {
  await ownedRepository(ctx, user, projectId, repositoryId);
  const row = await findRepositoryWebhook(ctx.db.kysely, repositoryId);
  if (!row) throw new NotFound('Webhook set up by Baton');
  if (!row.provider_hook_id && row.state !== 'registering') {
    // Nothing exists at the provider: forget the failed attempt.
    await deleteRepositoryWebhook(ctx.db.kysely, repositoryId);
    return;
  }
  await ctx.db.transaction(async (tx) => {
    await updateRepositoryWebhook(tx, repositoryId, { state: 'removing', updated_at: nowIso() });
    await queue(tx, REMOVE_WEBHOOK_JOB, repositoryId);
  });
  ctx.wakeWorkers();
}

export async function requestTest(ctx: AppContext, user: User, projectId: string, repositoryId: string) {
  await ownedRepository(ctx, user, projectId, repositoryId);
  const row = await findRepositoryWebhook(ctx.db.kysely, repositoryId);
  if (row?.state !== 'registered' || !row.provider_hook_id) {
    throw new Conflict('Set up the webhook first: Baton sends a test only to a webhook it registered', { reason: 'not_registered' });
  }
  const project = toProject(await getProjectRow(ctx.db.kysely, projectId), 'owner');
  const webhooks = findProvider(project.provider)?.webhooks;
  if (!webhooks?.testable) {
    throw new Conflict(webhooks?.withoutTest ?? noTestCall(project.provider), { reason: 'no_test_call' });
  }
  await ctx.db.transaction(async (tx) => {
    await updateRepositoryWebhook(tx, repositoryId, { test_requested_at: nowIso(), error: null, missing_permission: null, updated_at: nowIso() });
    await queue(tx, TEST_WEBHOOK_JOB, repositoryId);
  });
  ctx.wakeWorkers();
  return webhookOf(ctx, projectId, repositoryId);
}

const noTestCall = (provider: string) => `${providerLabel(provider)} offers no test delivery through its API; the status turns healthy with the next delivery`;

/** Queues an update of every registered webhook whose provider still holds a rotated-out secret. */
export async function followSecret(ctx: AppContext, projectId: string | null): Promise<number> {
  const behind = await webhooksBehindSecret(ctx.db.kysely, projectId);
  if (!behind.length) return 0;
  await ctx.db.transaction(async (tx) => {
    for (const w of behind) await queue(tx, REGISTER_WEBHOOK_JOB, w.repository_id);
  });
  ctx.wakeWorkers();
  return behind.length;
}

export type WebhookView = Awaited<ReturnType<typeof viewOf>>;

const newest = (a: string | null, b: string | null) => (a && b ? (a > b ? a : b) : (a ?? b));

async function viewOf(
  ctx: AppContext,
  project: { provider: string; webhook_secret_created_at: string | null },
  repo: { id: string; owner: string; name: string },
  row: RepositoryWebhookRow | undefined,
  lastDeliveryAt: string | null,
  coverage: AppWebhookCoverage | null,
) {
  const secretAt = project.webhook_secret_created_at;
  const changes = await changesCaughtBySync(ctx.db.kysely, repo.id, isoIn(-DAY_MS));
  const health: HealthInput = {
    state: (row?.state as HealthInput['state']) ?? null,
    secretBehind: !!row && row.state === 'registered' && !!secretAt && row.secret_created_at !== secretAt,
    testRequestedAt: row?.test_requested_at ?? null,
    // A delivery through the app's webhook shows the repository's events arrive as well as one to the project's URL.
    lastDeliveryAt: newest(lastDeliveryAt, coverage?.lastDeliveryAt ?? null),
    providerSuccessAt: row?.provider_success_at ?? null,
    providerFailureAt: row?.provider_failure_at ?? null,
    changesCaughtBySync: changes,
    coveredByApp: coverage !== null,
  };
  const byBaton = !!row?.provider_hook_id;
  const testable = !!findProvider(project.provider)?.webhooks.testable;
  return {
    repositoryId: repo.id,
    repository: `${repo.owner}/${repo.name}`,
    status: webhookStatus(health),
    // Deliveries of a repository an app's webhook covers are the app's, not a hook set up by hand.
    registeredBy: byBaton ? ('baton' as const) : lastDeliveryAt && !coverage ? ('hand' as const) : null,
    coveredBy: coverage,
    registeredByUserId: byBaton ? (row?.registered_by ?? null) : null,
    providerHookId: row?.provider_hook_id ?? null,
    events: row ? (JSON.parse(row.events) as string[]) : [],
    registeredAt: row?.registered_at ?? null,
    lastDeliveryAt,
    providerFailure: row?.provider_failure_at ? { at: row.provider_failure_at, message: row.provider_failure ?? '' } : null,
    error: row?.error ?? null,
    missingPermission: row?.missing_permission ?? null,
    test: row?.test_requested_at ? { requestedAt: row.test_requested_at, passed: testPassed(health) } : null,
    silentChanges: changes,
    canTest: byBaton && testable,
    // Said wherever a webhook exists: the provider, not Baton, lacks the test.
    withoutTest: !testable && (byBaton || lastDeliveryAt) ? (findProvider(project.provider)?.webhooks.withoutTest ?? noTestCall(project.provider)) : null,
  };
}

async function webhookOf(ctx: AppContext, projectId: string, repositoryId: string) {
  const view = (await listWebhooksOf(ctx, projectId)).find((w) => w.repositoryId === repositoryId);
  if (!view) throw new NotFound('Repository');
  return view;
}

async function listWebhooksOf(ctx: AppContext, projectId: string) {
  const db = ctx.db.kysely;
  const [repos, rows, lastDeliveries, project] = await Promise.all([
    repositoriesOfProject(db, projectId),
    repositoryWebhooksOf(db, projectId),
    lastDeliveriesOf(db, projectId),
    getProjectRow(db, projectId),
  ]);
  const byRepo = new Map(rows.map((r) => [r.repository_id, r]));
  const asProject = toProject(project, 'owner');
  return Promise.all(
    repos.map(async (repo) =>
      viewOf(ctx, project, repo, byRepo.get(repo.id), lastDeliveries.get(repo.id) ?? null, await appWebhookCoverage(ctx, asProject, repo)),
    ),
  );
}

/** A test asked for in the last minutes whose arrival the provider's log has not shown yet. */
const testAwaitsLog = (r: RepositoryWebhookRow) =>
  !!r.test_requested_at && Date.parse(r.test_requested_at) > Date.now() - RECHECK_MS && (r.provider_success_at ?? '') < r.test_requested_at.slice(0, 19);

/** Registered webhooks whose provider log is due a read: a test waits, or the last read is old (`all`). */
export async function queueChecks(ctx: AppContext, projectId: string | null, all: boolean): Promise<void> {
  const rows = projectId ? await repositoryWebhooksOf(ctx.db.kysely, projectId) : await registeredWebhooks(ctx.db.kysely);
  const stale = (r: RepositoryWebhookRow) => !r.provider_checked_at || Date.parse(r.provider_checked_at) < Date.now() - RECHECK_MS;
  const due = rows.filter((r) => r.state === 'registered' && r.provider_hook_id && (testAwaitsLog(r) || (all && stale(r))));
  const queued: string[] = [];
  for (const r of due) if (!(await hasLiveJob(ctx.db.kysely, webhookJobKey(CHECK_WEBHOOK_JOB, r.repository_id)))) queued.push(r.repository_id);
  if (!queued.length) return;
  await ctx.db.transaction(async (tx) => {
    for (const id of queued) await queue(tx, CHECK_WEBHOOK_JOB, id);
  });
  ctx.wakeWorkers();
}

/**
 * Every linked repository's webhook. Looking is also when Baton catches up: webhooks behind a
 * rotated secret are updated, and the provider's delivery log is read while a test waits.
 */
export async function listWebhooks(ctx: AppContext, user: User, projectId: string) {
  await projectRole(ctx.db.kysely, user, projectId);
  await followSecret(ctx, projectId);
  await queueChecks(ctx, projectId, false);
  return { items: await listWebhooksOf(ctx, projectId) };
}
