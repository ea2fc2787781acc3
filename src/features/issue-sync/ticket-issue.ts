// The issue a ticket mirrors, as the ticket page shows it.
import type { AppContext } from '../../app-context.ts';
import { issueLinkOfTicket } from '../../db/queries/issue-sync.ts';
import { getProjectRow, toProject } from '../../db/queries/projects.ts';
import { getRepository } from '../../db/queries/repositories.ts';
import type { TicketRow } from '../../db/queries/tickets.ts';
import { NotFound } from '../../errors.ts';
import { projectPeople } from './access.ts';

export async function ticketIssueView(ctx: AppContext, ticket: TicketRow) {
  const link = await issueLinkOfTicket(ctx.db.kysely, ticket.id);
  if (!link) throw new NotFound('Issue');
  const repository = await getRepository(ctx.db.kysely, link.repository_id);
  const people = await projectPeople(ctx, ctx.db.kysely, toProject(await getProjectRow(ctx.db.kysely, ticket.project_id), 'member'));
  const assignees = (JSON.parse(link.assignees) as string[]).map((login) => {
    const person = people.byLogin(login);
    return { login, person: person ? { id: person.userId, name: person.name } : null };
  });
  return {
    reference: `${repository.owner}/${repository.name}#${link.number}`,
    url: link.url,
    state: link.state as 'open' | 'closed',
    closeReason: link.close_reason as 'completed' | 'not_planned' | null,
    milestone: link.milestone_number === null ? null : { number: link.milestone_number, title: link.milestone_title ?? '' },
    assignees,
    gone: link.gone,
    syncedAt: link.updated_at,
  };
}
