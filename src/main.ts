import type { FastifyInstance } from 'fastify';
import type { AppContext } from './app-context.ts';
import type { Config } from './config.ts';
import { openSecretBox } from './crypto/master-key.ts';
import { openDatabase } from './db/database.ts';
import { features } from './features/index.ts';
import { metrics } from './http/metrics.ts';
import { buildServer, type ServerParts } from './http/server.ts';
import { ensureSchedule, type Scheduler, startScheduler } from './jobs/scheduler.ts';
import { startWorker, type Worker } from './jobs/worker.ts';
import { createLogger, type Logger } from './log.ts';
import { createProviderRegistry, type RegistryOptions } from './providers/registry.ts';
import { issueSetupToken } from './services/setup.ts';

// The composition root: one place that builds every part and hands each only what it needs.

export interface StartOptions {
  log?: Logger;
  providers?: Partial<RegistryOptions>;
  workerPollMs?: number;
  schedulerTickMs?: number;
  /** Check every API answer against its documented schema (tests). */
  checkResponses?: boolean;
  /** false: build the server without opening a port, for in-process requests (`app.inject`). */
  listen?: boolean;
}

export interface RunningBaton {
  url: string | null;
  app: FastifyInstance | null;
  ctx: AppContext;
  stop(): Promise<void>;
}

export async function startBaton(config: Config, opts: StartOptions = {}): Promise<RunningBaton> {
  const log = opts.log ?? createLogger(config.logLevel, config.logFormat);
  const db = openDatabase(config.databaseUrl);
  const applied = await db.migrate();
  if (applied.length) log.info({ applied }, 'database migrated');

  let worker: Worker | null = null;
  const ctx: AppContext = {
    config,
    db,
    log,
    secrets: openSecretBox({ dataDir: config.dataDir, secretKey: config.secretKey, create: true }),
    providers: createProviderRegistry({
      allowedProviderHosts: config.allowedProviderHosts,
      db,
      onAnswer: (answer) => metrics(ctx).providerAnswer(answer),
      ...opts.providers,
    }),
    wakeWorkers: () => worker?.wake(),
  };
  ctx.tokenBrokers = features.flatMap((f) => f.tokenBroker?.(ctx) ?? []);
  ctx.webhookConsumers = features.flatMap((f) => f.webhookConsumer?.(ctx) ?? []);
  ctx.appWebhooks = features.flatMap((f) => f.appWebhook?.(ctx) ?? []);

  let scheduler: Scheduler | null = null;
  if (config.role !== 'api') {
    const handlers = Object.assign({}, ...features.map((c) => c.handlers?.(ctx) ?? {}));
    worker = startWorker({ db, handlers, log, pollMs: opts.workerPollMs });
    for (const spec of features.flatMap((c) => c.schedules?.(ctx) ?? [])) await ensureSchedule(db, spec);
    scheduler = startScheduler({ db, log, tickMs: opts.schedulerTickMs, onEnqueue: () => worker?.wake() });
  }

  let app: FastifyInstance | null = null;
  let url: string | null = null;
  if (config.role !== 'worker') {
    app = await buildServer(ctx, mergeParts(features.map((c) => c.server ?? {})), { checkResponses: opts.checkResponses });
    if (opts.listen !== false) {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      url = typeof address === 'object' && address ? `http://${config.host}:${address.port}` : null;
      log.info({ url: config.publicUrl }, 'Baton is running at');
    }
    const setupToken = await issueSetupToken(db);
    if (setupToken) {
      log.info({ setupUrl: `${config.publicUrl}/setup?token=${setupToken}` }, 'No administrator yet: open this one-time setup link to create the first admin');
    }
  }

  if (config.role === 'worker') log.info({ role: config.role }, 'Baton is running jobs only: no HTTP in this role');

  let stopping: Promise<void> | null = null;
  return {
    url,
    app,
    ctx,
    stop() {
      stopping ??= (async () => {
        await app?.close();
        await scheduler?.stop();
        await worker?.stop();
        await db.destroy();
      })();
      return stopping;
    },
  };
}

function mergeParts(parts: ServerParts[]): ServerParts {
  return {
    routes: parts.flatMap((p) => p.routes ?? []),
    plugins: parts.flatMap((p) => p.plugins ?? []),
    ticketHooks: {
      async contentChanged(ctx, id) {
        for (const p of parts) await p.ticketHooks?.contentChanged?.(ctx, id);
      },
      async viewed(ctx, id) {
        for (const p of parts) await p.ticketHooks?.viewed?.(ctx, id);
      },
      async changed(ctx, id, actorId) {
        for (const p of parts) await p.ticketHooks?.changed?.(ctx, id, actorId);
      },
    },
    repositoryHooks: {
      async linked(ctx, user, repository) {
        for (const p of parts) await p.repositoryHooks?.linked?.(ctx, user, repository);
      },
      async unlinked(ctx, id) {
        for (const p of parts) await p.repositoryHooks?.unlinked?.(ctx, id);
      },
    },
  };
}
