// What the Start work and re-publish jobs share: a ticket with its project, repository and
// rendered content, and the provider acting with one user's own credential.
import type { AppContext } from '../../app-context.ts';
import type { Executor } from '../../db/database.ts';
import type { CredentialRow } from '../../db/queries/credentials.ts';
import { getProjectRow, type Project, toProject } from '../../db/queries/projects.ts';
import { findRepository, type RepositoryRow } from '../../db/queries/repositories.ts';
import { criteriaOf, findTicketById, type TicketRow } from '../../db/queries/tickets.ts';
import { branchName } from '../../domain/branch-name.ts';
import type { TicketContent } from '../../domain/ticket-documents.ts';
import { providerLabel } from '../../providers/registry.ts';
import type { GitProvider, RepoRef } from '../../providers/types.ts';
import { credentialFor } from '../../services/credentials.ts';
import { providerFor } from '../../services/repositories.ts';

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
export function missingCredentialMessage(project: Project, owner: string): string {
  const name = providerLabel(project.provider);
  return `You have no ${name} credential for ${owner}: add one under Profile → Git credentials (${name}, owner ${owner}${
    project.settings.baseUrl ? `, ${project.settings.baseUrl}` : ''
  }), then press Start work again`;
}

export function userCredential(db: Executor, userId: string, project: Project, repository: RepositoryRow): Promise<CredentialRow | null> {
  return credentialFor(db, userId, project.provider, repository.owner, project.settings.baseUrl);
}

export interface Acting {
  provider: GitProvider;
  credential: CredentialRow;
}

/** The provider acting as `userId`, or null when they have no credential for the repository's owner. */
export async function actingAs(
  deps: Pick<AppContext, 'db' | 'secrets' | 'providers'>,
  userId: string,
  project: Project,
  repository: RepositoryRow,
): Promise<Acting | null> {
  const credential = await userCredential(deps.db.kysely, userId, project, repository);
  return credential ? { credential, provider: providerFor(deps, project, credential) } : null;
}
