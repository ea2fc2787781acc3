// Applies stored deliveries exactly once: each is claimed (still pending → outcome) in the same
// transaction that applies its PR change, so a job run twice, a replay racing a job, or the
// sweep racing both, all find it already done. A batch shares one transaction.
import type { AppContext } from '../app-context.ts';
import type { Executor } from '../db/database.ts';
import { AppError, ProviderError } from '../errors.ts';
import type { ProviderKind, PullRequestEvent } from '../providers/types.ts';
import { applyToRepository, repositoriesOf, type LinkedRepository } from '../services/pull-requests.ts';

export type DeliveryOutcome = 'applied' | 'ignored' | 'failed';

interface Parsed {
  id: string;
  projectId: string;
  event: PullRequestEvent;
}

interface Decided {
  outcome: DeliveryOutcome;
  error: string | null;
}

const MAX_ERROR = 1000;

/** Returns each delivery's outcome; ids that were not pending (already handled, or gone) are left out. */
export async function applyDeliveries(ctx: AppContext, ids: string[]): Promise<Map<string, DeliveryOutcome>> {
  const rows = ids.length
    ? await ctx.db.kysely
        .selectFrom('webhook_deliveries')
        .select(['id', 'project_id', 'provider', 'event', 'body'])
        .where('id', 'in', ids)
        .where('outcome', '=', 'pending')
        .orderBy('received_at')
        .orderBy('id')
        .execute()
    : [];

  // Parsing happens before the transaction: no CPU work while holding the write lock.
  const done = new Map<string, Decided>();
  const parsed: Parsed[] = [];
  for (const row of rows) {
    try {
      const event = ctx.providers.webhooks(row.provider as ProviderKind).pullRequestEvent(row.event, JSON.parse(row.body));
      if (event) parsed.push({ id: row.id, projectId: row.project_id, event });
      else done.set(row.id, { outcome: 'ignored', error: null });
    } catch (err) {
      done.set(row.id, { outcome: 'failed', error: message(err) });
    }
  }
  await record(ctx.db.kysely, done);

  const outcomes = new Map([...done].map(([id, d]) => [id, d.outcome]));
  if (parsed.length === 0) return outcomes;
  try {
    for (const [id, d] of await ctx.db.transaction((tx) => applyInOne(tx, parsed))) outcomes.set(id, d.outcome);
  } catch (err) {
    if (!isAboutTheDelivery(err)) throw err;
    // One delivery cannot be applied; apply each on its own so only that one fails.
    for (const p of parsed) {
      try {
        for (const [id, d] of await ctx.db.transaction((tx) => applyInOne(tx, [p]))) outcomes.set(id, d.outcome);
      } catch (single) {
        if (!isAboutTheDelivery(single)) throw single;
        const failed = new Map([[p.id, { outcome: 'failed' as const, error: message(single) }]]);
        await record(ctx.db.kysely, failed);
        outcomes.set(p.id, 'failed');
      }
    }
  }
  return outcomes;
}

async function applyInOne(tx: Executor, parsed: Parsed[]): Promise<Map<string, Decided>> {
  const claimed = await claim(tx, parsed.map((p) => p.id));
  const repositories = await repositoriesOf(tx, { projectIds: [...new Set(parsed.map((p) => p.projectId))] });
  const decided = new Map<string, Decided>();
  for (const p of parsed) {
    if (!claimed.has(p.id)) continue;
    const repo = linkedRepository(repositories, p.projectId, p.event);
    if (!repo) {
      decided.set(p.id, { outcome: 'ignored', error: `Repository ${p.event.repo.owner}/${p.event.repo.name} is not linked to this project` });
      continue;
    }
    const result = await applyToRepository(tx, repo, { repositoryId: repo.id, pullRequest: p.event.pullRequest, cause: 'pr_event' });
    decided.set(p.id, result.stale ? { outcome: 'ignored', error: `Older than the stored state of PR #${p.event.pullRequest.number}` } : { outcome: 'applied', error: null });
  }
  await record(tx, decided);
  return decided;
}

/** Locks the still-pending ones for this transaction and returns their ids. */
async function claim(tx: Executor, ids: string[]): Promise<Set<string>> {
  const rows = await tx
    .updateTable('webhook_deliveries')
    .set((eb) => ({ outcome: eb.ref('outcome') }))
    .where('id', 'in', ids)
    .where('outcome', '=', 'pending')
    .returning('id')
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Writes outcomes, one statement per distinct outcome and error; only over still-pending rows. */
async function record(db: Executor, decided: Map<string, Decided>): Promise<void> {
  const groups = new Map<string, { d: Decided; ids: string[] }>();
  for (const [id, d] of decided) {
    const key = `${d.outcome}\u0000${d.error ?? ''}`;
    (groups.get(key) ?? groups.set(key, { d, ids: [] }).get(key)!).ids.push(id);
  }
  for (const { d, ids } of groups.values()) {
    await db.updateTable('webhook_deliveries').set({ outcome: d.outcome, error: d.error }).where('id', 'in', ids).where('outcome', '=', 'pending').execute();
  }
}

/** The project's repository the event is about: by provider id, else by owner/name. */
function linkedRepository(repositories: LinkedRepository[], projectId: string, event: PullRequestEvent): LinkedRepository | null {
  const mine = repositories.filter((r) => r.projectId === projectId);
  const { externalId, owner, name } = event.repo;
  return (
    (externalId ? mine.find((r) => r.externalId === externalId) : undefined) ??
    mine.find((r) => r.owner.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === name.toLowerCase()) ??
    null
  );
}

/** Typed errors are about the delivery and no retry fixes them; anything else (the database) is retried by the job. */
function isAboutTheDelivery(err: unknown): boolean {
  return err instanceof AppError || err instanceof ProviderError;
}

function message(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR)}…` : text;
}
