import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { TICKET_STATUSES } from '../../domain/status.ts';
import type { Api } from '../../http/api.ts';
import { projectParams } from '../../http/routes/projects.ts';
import { ticketParams } from '../../http/routes/tickets.ts';
import { projectRole, requireProjectOwner } from '../../services/access.ts';
import { loadTicket } from '../../services/tickets.ts';
import { getIssueSync, listIssueSyncs, putIssueSync } from './settings.ts';
import { loadStatusMap, saveStatusMap } from './status-map.ts';
import { ticketIssueView } from './ticket-issue.ts';

const repositoryParams = z.strictObject({ projectId: z.uuid('must be a project id'), repositoryId: z.uuid('must be a repository id') });

const issueSync = z
  .object({
    repositoryId: z.string(),
    repository: z.string().describe('owner/name'),
    enabled: z.boolean(),
    direction: z.enum(['both', 'import']),
    labelFilter: z.string().nullable(),
    state: z.enum(['open', 'all']),
    createIssues: z.boolean().describe('New tickets of this repository open an issue (direction both)'),
    enabledBy: z.object({ id: z.string(), name: z.string() }).nullable().describe('Whose token reads where no app is installed'),
    import: z.object({
      status: z.enum(['idle', 'queued', 'running', 'done', 'failed']),
      done: z.number().int(),
      total: z.number().int().nullable().describe('Estimated from the listing until the import ends (totalExact)'),
      totalExact: z.boolean(),
      progress: z.string().nullable().describe('"n of m" as shown, "~" before an estimate'),
      error: z.string().nullable().describe('Why the import stopped, and what to do'),
      startedAt: z.string().nullable(),
      finishedAt: z.string().nullable(),
    }),
    reconciledAt: z.string().nullable(),
  })
  .meta({ id: 'IssueSync' });

const input = z.strictObject({
  enabled: z.boolean({ error: 'must be true or false' }).meta({ title: 'Sync issues' }),
  direction: z
    .enum(['both', 'import'], { error: 'must be both (changes go both ways) or import (from the issue tracker to Baton only)' })
    .meta({ title: 'Direction' }),
  labelFilter: z
    .string({ error: 'must be a label name' })
    .trim()
    .max(50, 'must be at most 50 characters')
    .refine((v) => !v.includes(','), 'must be one label name (no commas)')
    .nullable()
    .optional()
    .meta({ title: 'Label filter' }),
  state: z.enum(['open', 'all'], { error: 'must be open (open issues only) or all (open and closed issues)' }).meta({ title: 'Issues' }),
  createIssues: z.boolean({ error: 'must be true or false' }).optional().meta({ title: 'Create issues for new tickets' }),
});

const statusValue = (title: string) => z.enum(TICKET_STATUSES, { error: `must be one of ${TICKET_STATUSES.join(', ')}` }).meta({ title });
const statusMap = z
  .object({
    closedStatuses: z.array(z.enum(TICKET_STATUSES)).describe('Statuses that mean the issue is closed; the others mean open'),
    openStatus: z.enum(TICKET_STATUSES).describe('Where a ticket moves when its issue is reopened'),
    closedStatus: z.enum(TICKET_STATUSES).describe('Where a ticket moves when its issue is closed'),
  })
  .meta({ id: 'IssueStatusMap' });
const statusMapInput = z.strictObject({
  closedStatuses: z.array(statusValue('Closed status'), { error: 'must be a list of statuses' }).max(TICKET_STATUSES.length).meta({ title: 'Closed statuses' }),
  openStatus: statusValue('Status for a reopened issue'),
  closedStatus: statusValue('Status for a closed issue'),
});

const ticketIssue = z
  .object({
    reference: z.string().describe('owner/repo#123'),
    url: z.string(),
    state: z.enum(['open', 'closed']),
    closeReason: z.enum(['completed', 'not_planned']).nullable(),
    milestone: z.object({ number: z.number().int(), title: z.string() }).nullable(),
    assignees: z
      .array(z.object({ login: z.string(), person: z.object({ id: z.string(), name: z.string() }).nullable() }))
      .describe('person null: a login no Baton person has'),
    gone: z.string().nullable().describe('Why the issue is no longer synced (deleted, transferred)'),
    syncedAt: z.string(),
  })
  .meta({ id: 'TicketIssue' });

export function issueSyncRoutes(api: Api, ctx: AppContext): void {
  api.route(
    {
      method: 'GET',
      url: '/api/projects/:projectId/issue-sync',
      summary: 'Issue sync of each linked repository, with import progress',
      tag: 'issues',
      params: projectParams,
      response: z.object({ items: z.array(issueSync) }),
    },
    async ({ user, params }) => ({ items: await listIssueSyncs(ctx, user, params.projectId) }),
  );

  api.route(
    {
      method: 'GET',
      url: '/api/projects/:projectId/repositories/:repositoryId/issue-sync',
      summary: "The repository's issue sync settings and import progress (n of m)",
      tag: 'issues',
      params: repositoryParams,
      response: issueSync,
    },
    async ({ user, params }) => getIssueSync(ctx, user, params.projectId, params.repositoryId),
  );

  api.route(
    {
      method: 'PUT',
      url: '/api/projects/:projectId/repositories/:repositoryId/issue-sync',
      summary: "Opt the repository's issues in or out of sync (owners); enabling imports them by a job, resumable",
      tag: 'issues',
      params: repositoryParams,
      body: input,
      response: issueSync,
    },
    async ({ user, params, body }) => putIssueSync(ctx, user, params.projectId, params.repositoryId, body),
  );

  api.route(
    {
      method: 'GET',
      url: '/api/projects/:projectId/issue-sync/status-map',
      summary: 'Which statuses mean open and closed on the issue tracker',
      tag: 'issues',
      params: projectParams,
      response: statusMap,
    },
    async ({ user, params }) => {
      await projectRole(ctx.db.kysely, user, params.projectId);
      return loadStatusMap(ctx.db.kysely, params.projectId);
    },
  );

  api.route(
    {
      method: 'PUT',
      url: '/api/projects/:projectId/issue-sync/status-map',
      summary: 'Set which statuses mean open and closed on the issue tracker (owners)',
      tag: 'issues',
      params: projectParams,
      body: statusMapInput,
      response: statusMap,
    },
    async ({ user, params, body }) => {
      await requireProjectOwner(ctx.db.kysely, user, params.projectId);
      return saveStatusMap(ctx.db.kysely, params.projectId, body);
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/tickets/:ticketKey/issue',
      summary: 'The issue the ticket mirrors (owner/repo#123, link, milestone, assignees with unmapped logins); 404 when none',
      tag: 'issues',
      params: ticketParams,
      response: ticketIssue,
    },
    async ({ user, params }) => {
      const ticket = await loadTicket(ctx.db.kysely, user, params.ticketKey);
      return ticketIssueView(ctx, ticket);
    },
  );
}
