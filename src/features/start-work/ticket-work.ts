// What the Start work and re-publish jobs share: a ticket with its project, repository and
// rendered content, and the provider acting as one user (their own credential or a broker's token).
import type { Executor } from '../../db/database.ts';
import type { CredentialRow } from '../../db/queries/credentials.ts';
import { getProjectRow, type Project, toProject } from '../../db/queries/projects.ts';
import { findRepository, type RepositoryRow } from '../../db/queries/repositories.ts';
import { criteriaOf, findTicketById, type TicketRow } from '../../db/queries/tickets.ts';
import { branchName } from '../../domain/branch-name.ts';
import type { TicketContent } from '../../domain/ticket-documents.ts';
import { providerLabel } from '../../providers/registry.ts';
import type { GitProvider, RepoRef, Reviewer } from '../../providers/types.ts';
import { credentialFor } from '../../services/credentials.ts';
import { providerFor } from '../../services/repositories.ts';
import { type BrokerContext, brokersOf } from '../../services/token-brokers.ts';

export interface TicketWork {
  ticket: TicketRow;
  project: Project;
  /** Null when the ticket's repository was unlinked since. */
  repository: RepositoryRow | null;
  content: TicketContent;
}

export async function loadTicketWork(db: Executor, ticketId: string, publicUrl: string): Promise<TicketWork | null> {
  const ticket = await findTicketById(db, ticketId);
  if (!ticket) return null;
  const [projectRow, repository, criteria] = await Promise.all([
    getProjectRow(db, ticket.project_id),
    ticket.repository_id ? findRepository(db, ticket.repository_id) : undefined,
    criteriaOf(db, ticket.id),
  ]);
  const content: TicketContent = {
    key: ticket.key,
    title: ticket.title,
    spec: ticket.spec,
    url: `${publicUrl}/tickets/${ticket.key}`,
    criteria: criteria.map((c) => ({ text: c.text, done: c.done === 1 })),
  };
  return { ticket, project: toProject(projectRow, 'member'), repository: repository ?? null, content };
}

export const repoRef = (r: RepositoryRow): RepoRef => ({ owner: r.owner, name: r.name });

/** The branch a ticket works on: the one recorded at its first start (a later retitle does not rename it). */
export const ticketBranch = (w: TicketWork): string => w.ticket.branch ?? branchName(w.project.branchPrefix, w.ticket.key, w.ticket.title);

/** What a person must do when they have no credential for the repository's owner. */
export function missingCredentialMessage(ctx: BrokerContext, project: Project, owner: string): string {
  const name = providerLabel(project.provider);
  const hints = brokersOf(ctx).flatMap((b) => b.connectHint(ctx, project) ?? []);
  return `You have no ${name} credential for ${owner}: add one under Profile → Git credentials (${name}, owner ${owner}${
    project.settings.baseUrl ? `, ${project.settings.baseUrl}` : ''
  })${hints.map((h) => `, ${h}`).join('')}, then press Start work again`;
}

/** The person's account on the provider for the repository: from their credential, else from a token broker. */
export async function personIdentity(ctx: BrokerContext, userId: string, project: Project, repository: RepositoryRow): Promise<Reviewer | null> {
  const credential = await userCredential(ctx.db.kysely, userId, project, repository);
  if (credential) return { login: credential.login, externalUserId: credential.external_user_id };
  for (const broker of brokersOf(ctx)) {
    const found = await broker.identity(ctx, userId, project);
    if (found) return found;
  }
  return null;
}

export function userCredential(db: Executor, userId: string, project: Project, repository: RepositoryRow): Promise<CredentialRow | null> {
  return credentialFor(db, userId, project.provider, repository.owner, project.settings.baseUrl);
}

export interface Acting {
  provider: GitProvider;
  /** The person's account on the provider. */
  login: string;
}

/**
 * The provider acting as `userId`: with their own credential for the repository's owner (a
 * personal token), else a token broker's token of theirs (e.g. an app they authorised); null
 * when they have neither.
 */
export async function actingAs(deps: BrokerContext, userId: string, project: Project, repository: RepositoryRow): Promise<Acting | null> {
  const credential = await userCredential(deps.db.kysely, userId, project, repository);
  if (credential) return { login: credential.login, provider: providerFor(deps, project, credential) };
  for (const broker of brokersOf(deps)) {
    const found = await broker.acting(deps, userId, project, repository);
    if (found) return { login: found.login, provider: found.provider };
  }
  return null;
}
