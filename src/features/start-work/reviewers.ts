// Who reviews a ticket's pull request: the ticket's reviewer if set, else the project member
// with the fewest open review requests who can be named on the provider (a credential for the
// repository's owner tells Baton their login / account id). Never the author.
import { membersWithCredentials } from '../../db/queries/credentials.ts';
import type { Project } from '../../db/queries/projects.ts';
import { openReviewLoad } from '../../db/queries/pull-requests.ts';
import type { RepositoryRow } from '../../db/queries/repositories.ts';
import { getPerson } from '../../db/queries/users.ts';
import { providerLabel } from '../../providers/registry.ts';
import type { Reviewer } from '../../providers/types.ts';
import { type BrokerContext, brokersOf } from '../../services/token-brokers.ts';
import { personIdentity } from './ticket-work.ts';

export type ReviewerChoice =
  | { kind: 'chosen'; userId: string; name: string; reviewer: Reviewer; auto: boolean }
  /** Nobody to ask; not an error. */
  | { kind: 'none'; reason: string }
  /** The ticket names a reviewer who cannot be requested; somebody has to act. */
  | { kind: 'unusable'; error: string };

export interface ReviewerQuery {
  ticket: { reviewer_id: string | null };
  project: Project;
  repository: RepositoryRow;
  authorId: string;
  /** The author's account on the provider, so the same account under another Baton user is not chosen. */
  authorLogin: string;
}

const sameLogin = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export async function chooseReviewer(ctx: BrokerContext, q: ReviewerQuery): Promise<ReviewerChoice> {
  const db = ctx.db.kysely;
  const providerName = providerLabel(q.project.provider);
  if (q.ticket.reviewer_id) {
    const user = await getPerson(db, q.ticket.reviewer_id);
    if (user.id === q.authorId) return { kind: 'none', reason: `${user.name} started the work and authors the pull request, so cannot review it` };
    if (user.deactivated)
      return { kind: 'unusable', error: `${user.name} is deactivated and cannot review; choose another reviewer on the ticket, then press Start work again` };
    const identity = await personIdentity(ctx, user.id, q.project, q.repository);
    if (!identity) {
      return {
        kind: 'unusable',
        error: `${user.name} has no ${providerName} credential for ${q.repository.owner}, so Baton does not know their ${providerName} account; they can add one under Profile → Git credentials, then press Start work again`,
      };
    }
    return {
      kind: 'chosen',
      userId: user.id,
      name: user.name,
      reviewer: identity,
      auto: false,
    };
  }

  const withCredentials = (
    await membersWithCredentials(db, { projectId: q.project.id, exceptUserId: q.authorId, provider: q.project.provider, baseUrl: q.project.settings.baseUrl })
  )
    .filter((c) => sameLogin(c.owner, q.repository.owner))
    .map((c) => ({ id: c.id, name: c.name, login: c.login, external_user_id: c.external_user_id }));
  // People known only through a token broker (e.g. they authorised an app) can review too.
  const brokered = (await Promise.all(brokersOf(ctx).map((b) => b.members(ctx, q.project, q.authorId))))
    .flat()
    .map((m) => ({ id: m.userId, name: m.name, login: m.login, external_user_id: m.externalUserId }));
  const seen = new Set<string>();
  const candidates = [...withCredentials, ...brokered].filter((c) => !sameLogin(c.login, q.authorLogin) && !seen.has(c.id) && seen.add(c.id));
  if (candidates.length === 0) {
    return {
      kind: 'none',
      reason: `No other project member has a ${providerName} credential for ${q.repository.owner}, so nobody could be chosen; set a reviewer on the ticket`,
    };
  }

  // Open review load: tickets each candidate reviews whose pull request is still open (or draft).
  const load = await openReviewLoad(
    db,
    candidates.map((c) => c.id),
  );
  const openOf = new Map(load.map((l) => [l.reviewer_id, Number(l.open)]));
  const [best] = candidates.sort((a, b) => (openOf.get(a.id) ?? 0) - (openOf.get(b.id) ?? 0) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { kind: 'chosen', userId: best.id, name: best.name, reviewer: { login: best.login, externalUserId: best.external_user_id }, auto: true };
}
