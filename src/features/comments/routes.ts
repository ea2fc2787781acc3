import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import type { Api } from '../../http/api.ts';
import { ticketParams } from '../../http/routes/tickets.ts';
import { addComment, listComments } from './comments.ts';

const comment = z
  .object({
    id: z.uuid(),
    author: z.object({ id: z.uuid(), name: z.string() }).nullable().describe('null once the author is gone'),
    body: z.string().describe('markdown'),
    createdAt: z.string(),
  })
  .meta({ id: 'Comment' });

export function commentRoutes(api: Api, ctx: AppContext): void {
  api.route(
    {
      method: 'GET',
      url: '/api/tickets/:ticketKey/comments',
      summary: "The ticket's comments, oldest first",
      tag: 'tickets',
      params: ticketParams,
      response: z.object({ items: z.array(comment) }),
    },
    async ({ user, params }) => listComments(ctx.db.kysely, user, params.ticketKey),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/tickets/:ticketKey/comments',
      summary: 'Comment on a ticket in markdown; "@name" tells the project members named',
      tag: 'tickets',
      status: 201,
      params: ticketParams,
      body: z.strictObject({
        body: z
          .string()
          .trim()
          .min(1, 'must not be empty: write the comment first')
          .max(20_000, 'must be at most 20,000 characters')
          .meta({ title: 'Comment' }),
      }),
      response: comment,
    },
    async ({ user, params, body }) => addComment(ctx.db, user, params.ticketKey, body.body),
  );
}
