// GET /api/projects/:projectId/releases — the project's releases, newest first, each with the
// tickets it shipped and release notes to copy; POST …/releases/sync reconciles them now.
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { releasesOfProject, ticketsWithReleasedWork } from '../../db/queries/releases.ts';
import type { ReleaseRef } from '../../domain/releases.ts';
import type { Api } from '../../http/api.ts';
import { projectParams } from '../../http/routes/projects.ts';
import { projectRole } from '../../services/access.ts';
import { enqueueReleaseReconciles } from './handlers.ts';
import { releaseNotes } from './notes.ts';
import { releasesOfTickets } from './ticket-releases.ts';

const shippedTicket = z.object({ key: z.string(), title: z.string(), status: z.string() }).meta({ id: 'ShippedTicket' });
export const releaseSummary = z
  .object({
    id: z.uuid(),
    tag: z.string(),
    name: z.string(),
    url: z.string(),
    publishedAt: z.string(),
    prerelease: z.boolean(),
    repository: z.string().describe('owner/name of the released repository'),
    tickets: z.array(shippedTicket).describe('tickets this release (or pre-release) shipped first: all their merged pull requests are in it'),
    notes: z.string().describe('the tickets as a markdown list, ready to paste into release notes'),
  })
  .meta({ id: 'Release' });

export function releaseRoutes(api: Api, ctx: AppContext): void {
  api.route(
    {
      method: 'GET',
      url: '/api/projects/:projectId/releases',
      summary: 'Releases of the linked repositories, newest first, with the tickets each shipped',
      tag: 'projects',
      params: projectParams,
      query: z.strictObject({
        limit: z.coerce.number({ error: 'must be a number from 1 to 100' }).int().min(1).max(100).default(20).meta({ title: 'Limit' }),
      }),
      response: z.object({ items: z.array(releaseSummary) }),
    },
    async ({ user, params, query }) => {
      await projectRole(ctx.db.kysely, user, params.projectId);
      const releases = await releasesOfProject(ctx.db.kysely, params.projectId, query.limit);
      const candidates = (
        await ticketsWithReleasedWork(
          ctx.db.kysely,
          releases.map((r) => r.id),
        )
      ).map((r) => r.ticket_id!);
      const shipped = await releasesOfTickets(ctx.db.kysely, candidates);
      const tickets = await ticketRows(ctx, candidates);
      const byRelease = new Map<string, Array<z.infer<typeof shippedTicket>>>();
      const add = (ref: ReleaseRef | null, ticketId: string) => {
        const ticket = tickets.get(ticketId);
        if (ref && ticket) (byRelease.get(ref.id) ?? byRelease.set(ref.id, []).get(ref.id)!).push(ticket);
      };
      for (const [ticketId, r] of shipped) {
        add(r.release, ticketId);
        add(r.prerelease, ticketId);
      }
      return {
        items: releases.map((r) => {
          const items = (byRelease.get(r.id) ?? []).sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
          const release = { tag: r.tag, name: r.name, publishedAt: r.published_at };
          return {
            id: r.id,
            ...release,
            url: r.url,
            prerelease: r.prerelease === 1,
            repository: `${r.owner}/${r.repositoryName}`,
            tickets: items,
            notes: releaseNotes(release, items),
          };
        }),
      };
    },
  );

  api.route(
    {
      method: 'POST',
      url: '/api/projects/:projectId/releases/sync',
      summary: 'Reconcile the releases of every linked repository now',
      tag: 'projects',
      params: projectParams,
      status: 202,
      response: z.object({ status: z.literal('queued'), repositories: z.number().int().describe('How many linked repositories will be reconciled') }),
    },
    async ({ user, params }) => {
      await projectRole(ctx.db.kysely, user, params.projectId);
      return { status: 'queued' as const, repositories: await enqueueReleaseReconciles(ctx, params.projectId) };
    },
  );
}

async function ticketRows(ctx: AppContext, ids: string[]) {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.kysely.selectFrom('tickets').select(['id', 'key', 'title', 'status']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { key: r.key, title: r.title, status: r.status }]));
}
