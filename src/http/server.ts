import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { newId } from '../clock.ts';
import { packageRoot } from '../package-root.ts';
import { Api, type ApiOptions } from './api.ts';
import { installErrorHandler } from './error-handler.ts';
import { metricsRoute } from './metrics.ts';
import { accountRoutes } from './routes/accounts.ts';
import { credentialRoutes } from './routes/credentials.ts';
import { labelRoutes } from './routes/labels.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { peopleRoutes } from './routes/people.ts';
import { projectRoutes } from './routes/projects.ts';
import { providerRoutes } from './routes/providers.ts';
import { type RepositoryHooks, repositoryRoutes } from './routes/repositories.ts';
import { type TicketHooks, ticketRoutes } from './routes/tickets.ts';

export const WEB_DIST = path.join(packageRoot(import.meta.url), 'web/dist');

export interface ServerParts {
  /** Route groups of features beyond the core (src/features/). */
  routes?: Array<(api: Api, ctx: AppContext) => void>;
  /** Encapsulated Fastify plugins that need their own body handling (webhook ingress). */
  plugins?: Array<(app: FastifyInstance, ctx: AppContext) => Promise<void>>;
  ticketHooks?: TicketHooks;
  repositoryHooks?: RepositoryHooks;
}

/**
 * One line per request, at debug: Fastify's two at info would make a busy server's log mostly
 * requests, and the info log is for start-up, warnings and failures.
 */
class RequestLogAtDebug extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const fields = { req: request, res: reply, responseTime: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else reply.log.debug(fields, 'request completed');
  }
}

export async function buildServer(ctx: AppContext, parts: ServerParts = {}, options: ApiOptions = {}): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    logController: new RequestLogAtDebug(),
    bodyLimit: 1024 * 1024,
    trustProxy: ctx.config.trustProxy,
    // Errors Fastify raises before routing (e.g. a malformed percent-encoding) get our shape too.
    frameworkErrors: (err, _request, reply) => {
      (reply as FastifyReply).code(err.statusCode ?? 400).send({ error: { code: 'bad_request', message: err.message, details: {} } });
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : newId();
    },
  });
  await app.register(cookie);
  installErrorHandler(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      const pending = await ctx.db.pendingMigrations();
      if (pending.length > 0) return reply.code(503).send({ status: 'migrations pending', pending });
      return { status: 'ready' };
    } catch (err) {
      ctx.log.warn({ err }, 'readiness check failed');
      return reply.code(503).send({ status: 'database unreachable' });
    }
  });

  // Before the feature plugins register, so its hook sees their routes (webhook ingress).
  metricsRoute(app, ctx);

  const api = new Api(app, ctx, options);
  accountRoutes(api, ctx);
  projectRoutes(api, ctx);
  providerRoutes(api, ctx);
  ticketRoutes(api, ctx, parts.ticketHooks);
  labelRoutes(api, ctx);
  credentialRoutes(api, ctx);
  repositoryRoutes(api, ctx, parts.repositoryHooks);
  notificationRoutes(api, ctx);
  peopleRoutes(api, ctx);
  for (const add of parts.routes ?? []) add(api, ctx);
  for (const plugin of parts.plugins ?? []) await app.register((instance) => plugin(instance, ctx));
  app.get('/api/openapi.json', async () => api.openapi());

  const hasWeb = fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !hasWeb) {
      return reply.code(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}`, details: {} } });
    }
    // Client-side routes: every other GET gets the app, which routes itself.
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}
