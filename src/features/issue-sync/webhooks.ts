import type { AppContext } from '../../app-context.ts';
// Issue, label and milestone deliveries, stored by the one webhook ingress (with its
// de-duplication and delivery log) and handed here by the apply job. Each is applied, and its
// outcome written, in one transaction over the still-pending row: applied once however often tried.
import type { Executor } from '../../db/database.ts';
import { findIssueLink, findIssueSync, type IssueSyncRow } from '../../db/queries/issue-sync.ts';
import { getProjectRow, toProject } from '../../db/queries/projects.ts';
import type { RepositoryRow } from '../../db/queries/repositories.ts';
import type { IssueWebhookEvent, WebhookRepo } from '../../providers/issues.ts';
import type { WebhookConsumer } from '../feature.ts';
import { type ApplyContext, applyIssue } from './apply-issue.ts';
import { applyContext } from './import.ts';
import { pushIfBatonKept } from './push-queue.ts';
import { issueGone, labelChanged, milestoneChanged } from './repository-changes.ts';

type Decided = { outcome: 'applied' | 'ignored'; error: string | null; ticketId: string | null; push?: string };

const ignored = (error: string, ticketId: string | null = null): Decided => ({ outcome: 'ignored', error, ticketId });

export function issueDeliveryConsumer(ctx: AppContext): WebhookConsumer {
  return {
    uses(adapter, event, action) {
      if (!adapter.issueEvent) return false;
      try {
        return adapter.issueEvent(event, { action }) !== null;
      } catch {
        // The action alone passed the adapter's check; only the missing payload failed.
        return true;
      }
    },
    parse: (adapter, event, body) => adapter.issueEvent?.(event, body) ?? null,
    async apply(tx, afterCommit, delivery) {
      const event = delivery.parsed as IssueWebhookEvent;
      const target = await syncedRepository(tx, delivery.projectId, event.repo);
      if (!target) return { ...ignored(`Issue sync is off for ${event.repo.owner}/${event.repo.name} in this project`), repositoryId: null };
      const project = toProject(await getProjectRow(tx, target.settings.project_id), 'member');
      // Read through the delivery's transaction: on SQLite another connection would wait for it.
      const ac = await applyContext({ ...ctx, db: { ...ctx.db, kysely: tx } } as AppContext, target.settings, { repository: target.repository, project });
      const decided = await applyEvent(tx, target, ac, event);
      if (decided.push && target.settings.direction === 'both') {
        const ticketId = decided.push;
        afterCommit(() => void pushIfBatonKept(ctx, ticketId).catch((err: unknown) => ctx.log.warn({ err, ticketId }, 'issue write-back not queued')));
      }
      return { outcome: decided.outcome, error: decided.error, repositoryId: target.repository.id };
    },
  };
}

interface Target {
  repository: RepositoryRow;
  settings: IssueSyncRow;
}

/** The project's linked repository the delivery is about, with issue sync on; by provider id, else by owner/name. */
async function syncedRepository(db: Executor, projectId: string, repo: WebhookRepo): Promise<Target | null> {
  const repositories = await db.selectFrom('repositories').selectAll().where('project_id', '=', projectId).execute();
  const repository =
    (repo.externalId ? repositories.find((r) => r.external_id === repo.externalId) : undefined) ??
    repositories.find((r) => r.owner.toLowerCase() === repo.owner.toLowerCase() && r.name.toLowerCase() === repo.name.toLowerCase());
  if (!repository) return null;
  const settings = await findIssueSync(db, repository.id);
  return settings?.enabled ? { repository, settings } : null;
}

async function applyEvent(tx: Executor, target: Target, ac: ApplyContext, event: IssueWebhookEvent): Promise<Decided> {
  const ref = `${target.repository.owner}/${target.repository.name}`;
  if (event.kind === 'label') return labelChanged(tx, target.repository, event);
  if (event.kind === 'milestone') return milestoneChanged(tx, target.repository, event);
  if (event.kind === 'issue-gone') return issueGone(tx, target.repository, event);
  // Until the import has taken the issue in, the import's own listing brings its latest state.
  const link = await findIssueLink(tx, target.repository.id, event.issue.number);
  if (!link && target.settings.import_status !== 'done') return ignored(`${ref}#${event.issue.number} will be taken in by the import under way`);
  const applied = await applyIssue(tx, ac, event.issue);
  switch (applied.result) {
    case 'created':
      return { outcome: 'applied', error: null, ticketId: applied.ticketId };
    case 'updated':
      return { outcome: 'applied', error: null, ticketId: applied.ticketId, push: applied.batonKept.length ? applied.ticketId : undefined };
    case 'unchanged':
      return {
        ...ignored(
          `Nothing new: the ticket already shows ${ref}#${event.issue.number} as it is (Baton's own change coming back, or a repeat)`,
          applied.ticketId,
        ),
        push: applied.batonKept.length ? applied.ticketId : undefined,
      };
    case 'stale':
      return ignored(`Superseded: Baton holds a newer state of ${ref}#${event.issue.number}, or no longer syncs it`, applied.ticketId);
    case 'filtered':
      return ignored(`${ref}#${event.issue.number} is outside the issue sync's filter`);
  }
}
