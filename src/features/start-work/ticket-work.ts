// What the Start work and re-publish jobs share: a ticket with its project, repository and
// rendered content, and the provider acting with one user's own credential.
import type { AppContext } from '../../app-context.ts';
import type { Executor } from '../../db/database.ts';
import { branchName } from '../../domain/branch-name.ts';
import type { TicketContent } from '../../domain/ticket-documents.ts';
import { providerLabel } from '../../providers/registry.ts';
import type { GitProvider, RepoRef } from '../../providers/types.ts';
import { type CredentialRow, credentialFor } from '../../services/credentials.ts';
import { type Project, toProject } from '../../services/projects.ts';
import { providerFor, type RepositoryRow } from '../../services/repositories.ts';
import type { TicketRow } from '../../services/tickets.ts';

export interface TicketWork {
  ticket: TicketRow;
  project: Project;
  /** Null when the ticket's repository was unlinked since. */
  repository: RepositoryRow | null;
  content: TicketContent;
}

export async function loadTicketWork(db: Executor, ticketId: string, publicUrl: string): Promise<TicketWork | null> {
  const ticket = await db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirst();
  if (!ticket) return null;
  const [projectRow, repository, criteria] = await Promise.all([
    db.selectFrom('projects').selectAll().where('id', '=', ticket.project_id).executeTakeFirstOrThrow(),
    ticket.repository_id ? db.selectFrom('repositories').selectAll().where('id', '=', ticket.repository_id).executeTakeFirst() : undefined,
    db.selectFrom('acceptance_criteria').select(['text', 'done']).where('ticket_id', '=', ticket.id).orderBy('position').execute(),
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
