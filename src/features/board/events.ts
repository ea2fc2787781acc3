// GET /api/projects/:projectId/board/events: a server-sent event stream of the project's card
// changes for an open board. `ready` says the stream is following (re-read the board then: it
// covers whatever changed while connecting); each `change` names the tickets that changed, and
// the board re-reads itself under its own filters, so the stream never needs to know them.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { type Api, parse } from '../../http/api.ts';
import { authenticate } from '../../http/auth.ts';
import { metrics } from '../../http/metrics.ts';
import { projectParams } from '../../http/routes/projects.ts';
import { projectRole } from '../../services/access.ts';
import { startChangeFeed } from './change-feed.ts';

const URL = '/api/projects/:projectId/board/events';
/** Comments keep proxies from closing an idle stream; each one also re-checks the caller's access. */
const KEEPALIVE_MS = 20_000;
const noQuery = z.strictObject({});

export function describeBoardEvents(api: Api): void {
  api.describe({
    method: 'GET',
    url: URL,
    summary: 'Server-sent events (text/event-stream) for an open board: "ready" once following, then "change" with the ids of tickets that changed',
    tag: 'tickets',
    params: projectParams,
    response: z.object({ ticketIds: z.array(z.uuid()) }).meta({ id: 'BoardChangeEvent' }),
  });
}

export async function boardEvents(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const feed = startChangeFeed(ctx.db, ctx.log);
  const streams = new Set<() => void>();
  metrics(ctx).gauge('baton_sse_clients', 'Server-sent event streams open in this process (boards following their changes).', () => streams.size);

  app.get(URL, async (request, reply) => {
    const { projectId } = parse(projectParams, request.params, 'params');
    parse(noQuery, request.query, 'query');
    const user = await authenticate(ctx, request);
    await projectRole(ctx.db.kysely, user, projectId);

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no', // nginx: pass events on as they come
      'x-request-id': request.id,
    });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

    let unsubscribe = () => {};
    const end = () => {
      clearInterval(keepalive);
      unsubscribe();
      streams.delete(end);
      res.end();
    };
    const keepalive = setInterval(() => {
      // A revoked session, a deactivated person or a removed member stops hearing at once.
      authenticate(ctx, request)
        .then((u) => projectRole(ctx.db.kysely, u, projectId))
        .then(
          () => res.write(': keepalive\n\n'),
          () => end(),
        );
    }, KEEPALIVE_MS);
    streams.add(end);
    request.raw.on('close', end);

    try {
      unsubscribe = await feed.subscribe(projectId, (ticketIds) => send('change', { ticketIds }));
    } catch (err) {
      // The answer has started: end it, and the browser's EventSource tries again.
      ctx.log.warn({ err, projectId }, 'board events not followed');
      end();
      return;
    }
    if (res.destroyed) unsubscribe();
    else send('ready', { ticketIds: [] });
  });

  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
    await feed.stop();
  });
}
