// Applies stored deliveries exactly once: a delivery's outcome is written, over a row that is
// still pending, in the same transaction that applies its PR change. A job run twice, a replay
// racing a job, or the sweep racing both, find it done or roll back. A batch shares one
// transaction, in arrival order.
import type { AppContext } from '../../../app-context.ts';
import type { Executor } from '../../../db/database.ts';
import { type LinkedRepository, linkedRepositories } from '../../../db/queries/repositories.ts';
import { decideDeliveries, lockPending, pendingDeliveries } from '../../../db/queries/webhooks.ts';
import { withoutNul } from '../../../domain/nul-characters.ts';
import { AppError, ProviderError } from '../../../errors.ts';
import type { ProviderKind, PullRequestEvent, RepoMention, WebhookAdapter } from '../../../providers/types.ts';
import type { WebhookConsumer } from '../../feature.ts';
import { applyToRepository, claimInOrder } from '../pull-requests.ts';
import { ingestLoad, yieldToIngest } from './ingest-load.ts';

export type DeliveryOutcome = 'applied' | 'ignored' | 'failed';

interface Parsed {
  id: string;
  projectId: string;
  event: PullRequestEvent;
}

/** A delivery of another event, applied by the feature that consumes it (`WebhookConsumer`). */
interface Consumed {
  id: string;
  projectId: string;
  consumer: WebhookConsumer;
  parsed: object;
}

interface Decided {
  outcome: DeliveryOutcome;
  error: string | null;
  /** The ticket an applied delivery's pull request is linked to, for the delivery log. */
  ticketId?: string | null;
  /** The linked repository the delivery is about, for its webhook's health. */
  repositoryId?: string | null;
}

const MAX_ERROR = 1000;

export interface ApplyOptions {
  /**
   * No retry follows: a delivery that fails for a reason not known to be about it (the database,
   * say) is marked failed with that reason instead of left pending for the next attempt.
   */
  lastAttempt?: boolean;
}

/**
 * Returns each delivery's outcome; ids that were not pending (already handled, or gone) are left
 * out. Throws, once every other delivery is applied, when one failed for a reason a retry may fix.
 */
export async function applyDeliveries(ctx: AppContext, ids: string[], options: ApplyOptions = {}): Promise<Map<string, DeliveryOutcome>> {
  const rows = await pendingDeliveries(ctx.db.kysely, ids);

  if (rows.length > 0) await yieldToIngest(ingestLoad(ctx), Date.parse(rows[0].received_at));

  // Parsing happens before the transaction: no CPU work while holding the write lock.
  const done = new Map<string, Decided>();
  const parsed: Parsed[] = [];
  const consumed: Consumed[] = [];
  const unused: Array<{ id: string; projectId: string; repo: RepoMention | null }> = [];
  for (const row of rows) {
    try {
      const adapter = ctx.providers.webhooks(row.provider as ProviderKind);
      const body = JSON.parse(row.body);
      const event = adapter.pullRequestEvent(row.event, body);
      if (event) {
        parsed.push({ id: row.id, projectId: row.project_id, event });
        continue;
      }
      const other = consumerOf(ctx.webhookConsumers ?? [], adapter, row.event, body);
      if (other) consumed.push({ id: row.id, projectId: row.project_id, ...other });
      else unused.push({ id: row.id, projectId: row.project_id, repo: adapter.repositoryOf(row.event, body) });
    } catch (err) {
      done.set(row.id, { outcome: 'failed', error: message(err) });
    }
  }
  // Not applied, yet still a delivery from that repository's webhook.
  const mentioned = unused.some((u) => u.repo) ? await linkedRepositories(ctx.db.kysely, { projectIds: [...new Set(unused.map((u) => u.projectId))] }) : [];
  for (const u of unused) {
    const repositoryId = u.repo ? (linkedRepository(mentioned, u.projectId, u.repo)?.id ?? null) : null;
    done.set(u.id, { outcome: 'ignored', error: null, repositoryId });
  }
  await record(ctx.db.kysely, done);

  const outcomes = new Map([...done].map(([id, d]) => [id, d.outcome]));
  const consumedRetry = await applyConsumed(ctx, consumed, outcomes, options);
  if (parsed.length === 0) {
    if (consumedRetry) throw consumedRetry;
    return outcomes;
  }
  try {
    for (const [id, d] of await inTransaction(ctx, parsed)) outcomes.set(id, d.outcome);
  } catch {
    // Something in the batch cannot be applied: apply each on its own, so that only the delivery
    // at fault fails and the others are not held back (nor retried with it).
    let retryable: unknown = null;
    for (const p of parsed) {
      try {
        for (const [id, d] of await inTransaction(ctx, [p])) outcomes.set(id, d.outcome);
      } catch (single) {
        if (!isAboutTheDelivery(single) && !options.lastAttempt) {
          retryable ??= single;
          continue;
        }
        const failed = new Map([[p.id, { outcome: 'failed' as const, error: message(single) }]]);
        await record(ctx.db.kysely, failed);
        outcomes.set(p.id, 'failed');
      }
    }
    if (retryable) throw retryable;
  }
  if (consumedRetry) throw consumedRetry;
  return outcomes;
}

function consumerOf(consumers: WebhookConsumer[], adapter: WebhookAdapter, event: string, body: unknown): { consumer: WebhookConsumer; parsed: object } | null {
  for (const consumer of consumers) {
    const parsed = consumer.parse(adapter, event, body);
    if (parsed) return { consumer, parsed };
  }
  return null;
}

/**
 * Applies each consumed delivery in its own transaction, which records its outcome only over a
 * row still pending. Returns the first failure a retry may fix, once the others are applied.
 */
async function applyConsumed(ctx: AppContext, consumed: Consumed[], outcomes: Map<string, DeliveryOutcome>, options: ApplyOptions): Promise<unknown> {
  let retryable: unknown = null;
  for (const c of consumed) {
    try {
      const decided = await ctx.db.transaction(async (tx, afterCommit) => {
        if (!(await lockPending(tx, [c.id])).has(c.id)) return null;
        const d = await c.consumer.apply(tx, afterCommit, { projectId: c.projectId, parsed: c.parsed });
        await record(tx, new Map([[c.id, d]]));
        return d;
      });
      if (decided) outcomes.set(c.id, decided.outcome);
    } catch (err) {
      if (!isAboutTheDelivery(err) && !options.lastAttempt) {
        retryable ??= err;
        continue;
      }
      await record(ctx.db.kysely, new Map([[c.id, { outcome: 'failed' as const, error: message(err) }]]));
      outcomes.set(c.id, 'failed');
    }
  }
  return retryable;
}

/** Runs `applyInOne`, once more if another transaction got to a delivery first (the retry skips it). */
async function inTransaction(ctx: AppContext, parsed: Parsed[]): Promise<Map<string, Decided>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.transaction((tx) => applyInOne(tx, parsed));
    } catch (err) {
      if (!(err instanceof AppliedElsewhere) || attempt >= 3) throw err;
    }
  }
}

async function applyInOne(tx: Executor, parsed: Parsed[]): Promise<Map<string, Decided>> {
  // Locks in one global order for every transaction that applies PRs: deliveries, PR rows, tickets.
  const pending = await lockPending(
    tx,
    parsed.map((p) => p.id),
  );
  const repositories = await linkedRepositories(tx, { projectIds: [...new Set(parsed.map((p) => p.projectId))] });
  const decided = new Map<string, Decided>();
  const toApply: Array<{ id: string; repo: LinkedRepository; event: PullRequestEvent }> = [];
  for (const p of parsed) {
    if (!pending.has(p.id)) continue;
    const repo = linkedRepository(repositories, p.projectId, p.event.repo);
    if (repo) toApply.push({ id: p.id, repo, event: p.event });
    else decided.set(p.id, { outcome: 'ignored', error: `Repository ${p.event.repo.owner}/${p.event.repo.name} is not linked to this project` });
  }
  const claimed = await claimInOrder(
    tx,
    toApply.map((a) => ({ repo: a.repo, pullRequest: a.event.pullRequest })),
  );
  for (const { id, repo, event } of toApply) {
    const result = await applyToRepository(tx, repo, { repositoryId: repo.id, pullRequest: event.pullRequest, cause: 'pr_event', deliveryId: id }, claimed);
    decided.set(
      id,
      result.stale
        ? {
            outcome: 'ignored',
            error: `Superseded by the stored state of PR #${event.pullRequest.number} (newer, or as recent and more final)`,
            ticketId: result.ticketId,
            repositoryId: repo.id,
          }
        : { outcome: 'applied', error: null, ticketId: result.ticketId, repositoryId: repo.id },
    );
  }
  // The outcome is written only over a row still pending. Another transaction that applied one
  // of these first (PostgreSQL runs them side by side) makes this count short: roll back, retry.
  if ((await record(tx, decided)) < decided.size) throw new AppliedElsewhere();
  return decided;
}

type LinkedRepositoryKeys = Pick<LinkedRepository, 'projectId' | 'externalId' | 'owner' | 'name'>;

class AppliedElsewhere extends Error {
  constructor() {
    super('a delivery in this batch was applied by another transaction meanwhile');
    this.name = 'AppliedElsewhere';
  }
}

/**
 * Writes outcomes, one statement per distinct outcome and error, only over still-pending rows
 * (a row is written once: rewriting it means rewriting its body). Returns how many it wrote.
 */
async function record(db: Executor, decided: Map<string, Decided>): Promise<number> {
  const groups = new Map<string, { d: Decided; ids: string[] }>();
  for (const [id, d] of decided) {
    const key = `${d.outcome}\u0000${d.error ?? ''}\u0000${d.ticketId ?? ''}\u0000${d.repositoryId ?? ''}`;
    (groups.get(key) ?? groups.set(key, { d, ids: [] }).get(key)!).ids.push(id);
  }
  let written = 0;
  for (const { d, ids } of groups.values()) {
    written += await decideDeliveries(db, ids, d.outcome, d.error, d.ticketId ?? null, d.repositoryId ?? null);
  }
  return written;
}

/** The project's repository a delivery is about: by provider id, else by owner/name. */
export function linkedRepository<R extends LinkedRepositoryKeys>(repositories: R[], projectId: string, repo: RepoMention): R | null {
  const mine = repositories.filter((r) => r.projectId === projectId);
  const { externalId, owner, name } = repo;
  return (
    (externalId ? mine.find((r) => r.externalId === externalId) : undefined) ??
    mine.find((r) => r.owner.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === name.toLowerCase()) ??
    null
  );
}

/**
 * Typed errors, and the database refusing the delivery's data (PostgreSQL's class 22, "data
 * exception": a number out of range, an invalid byte sequence), are about the delivery and no
 * retry fixes them; anything else (a lost connection) is retried by the job.
 */
function isAboutTheDelivery(err: unknown): boolean {
  if (err instanceof AppError || err instanceof ProviderError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (/^22[0-9A-Z]{3}$/.test(code) || code === 'SQLITE_TOOBIG' || code === 'SQLITE_MISMATCH');
}

function message(err: unknown): string {
  const text = withoutNul(err instanceof Error ? err.message : String(err));
  return text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR)}…` : text;
}
