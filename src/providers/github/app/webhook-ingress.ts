// POST /api/webhooks/github-app — the App's one webhook for every repository it is installed on.
// Verified with the App's webhook secret on the raw bytes, then routed: `installation`,
// `installation_repositories` and `github_app_authorization` keep Baton's view of the App
// current (database changes only, applied here); everything about a repository is stored once
// per project that links it, in that project's delivery log, and `pull_request` goes through
// the same apply path as a project's own webhook. A repeated delivery id is a duplicate.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { createDeliveryWriter, deliveryIds, type WriteResult } from '../../../features/pr-status/webhooks/delivery-writer.ts';
import { MAX_WEBHOOK_BYTES } from '../../../features/pr-status/webhooks/ingress.ts';
import type { Api } from '../../../http/api.ts';
import type { WebhookHeaders } from '../../types.ts';
import { applyInstallationEvent, applyInstallationRepositoriesEvent } from './installations.ts';
import { githubApp, sameBaseUrl } from './runtime.ts';
import { appDeliverySchema, authorizationEventSchema, installationEventSchema, installationRepositoriesEventSchema } from './schema.ts';
import { authorizationsOfGitHubUser, installationRepositoryNames, linkedGitHubRepositories, markDeliveriesApplied, noteAppDelivery } from './store.ts';

const KEPT = [
  'content-type',
  'user-agent',
  'x-github-event',
  'x-github-delivery',
  'x-github-hook-id',
  'x-github-hook-installation-target-id',
  'x-github-hook-installation-target-type',
];

const answer = z.object({
  status: z.enum(['accepted', 'applied', 'duplicate', 'ignored', 'pong']).describe('applied: an installation or authorisation change, already in effect'),
  projects: z.number().int().describe('How many projects logged the delivery'),
});

export function describeGitHubAppWebhook(api: Api): void {
  api.describe({
    method: 'POST',
    url: '/api/webhooks/github-app',
    summary: "The GitHub App's webhook: verified with the App's webhook secret, routed by installation and repository to the projects that link it",
    tag: 'webhooks',
    auth: 'none',
    rawBody: { contentType: 'application/json', description: 'A GitHub App delivery with X-Hub-Signature-256; a wrong signature gets 401 and is not stored' },
    status: 202,
    response: answer,
    otherResponses: { 200: { description: 'Received: duplicate, ignored (no project links the repository), pong, or applied at once', schema: answer } },
  });
}

export async function githubAppWebhook(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const writer = createDeliveryWriter(ctx.db, () => ctx.wakeWorkers());
  const nextId = deliveryIds();
  const adapter = ctx.providers.webhooks('github');

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_WEBHOOK_BYTES }, (_request, body, done) => done(null, body));

  /** Whether the apply job will use the event; an adapter that cannot tell without the payload is asked with it, and a bad payload is the job's to report. */
  const usedEvent = (event: string, body: unknown) => {
    try {
      return adapter.pullRequestEvent(event, body) !== null;
    } catch {
      return true;
    }
  };

  app.post('/api/webhooks/github-app', { bodyLimit: MAX_WEBHOOK_BYTES }, async (request, reply) => {
    const receivedAt = new Date();
    const github = githubApp(ctx);
    if (!github) return reply.code(404).send({ error: { code: 'not_found', message: 'This Baton has no GitHub App configured', details: {} } });
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const headers = request.headers as WebhookHeaders;
    if (!adapter.verify(raw, headers, [github.config.webhookSecret])) {
      return reply.code(401).send({ error: { code: 'unauthorized', message: 'Webhook signature missing or wrong', details: {} } });
    }
    const envelope = adapter.envelope(raw, headers);
    let body: unknown;
    try {
      body = envelope ? JSON.parse(raw.toString('utf8')) : null;
    } catch {
      body = null;
    }
    if (!envelope || body === null) {
      return reply
        .code(400)
        .send({ error: { code: 'bad_request', message: 'Not a GitHub App delivery (a JSON body and X-GitHub-Event headers expected)', details: {} } });
    }
    const send = (status: number, what: z.infer<typeof answer>) => reply.code(status).send(what);
    const malformed = () =>
      reply.code(400).send({
        error: { code: 'bad_request', message: `A ${envelope.event} delivery without the fields GitHub sends (installation, repository)`, details: {} },
      });
    if (envelope.ping) return send(200, { status: 'pong', projects: 0 });

    const at = receivedAt.toISOString();
    const db = ctx.db.kysely;
    let touched: Array<{ externalId: string | null; owner: string; name: string }> = [];
    let change: (() => Promise<string>) | null = null;

    if (envelope.event === 'installation') {
      const event = installationEventSchema.safeParse(body).data;
      if (!event) return malformed();
      const known = await installationRepositoryNames(db, String(event.installation.id));
      touched = [...known.map((r) => ({ externalId: r.external_id, owner: r.owner, name: r.name })), ...(event.repositories ?? []).map(fromFullName)];
      change = () => applyInstallationEvent(db, event, at);
    } else if (envelope.event === 'installation_repositories') {
      const event = installationRepositoriesEventSchema.safeParse(body).data;
      if (!event) return malformed();
      touched = [...event.repositories_added, ...event.repositories_removed].map(fromFullName);
      change = () => applyInstallationRepositoriesEvent(db, event, at);
    } else if (envelope.event === 'github_app_authorization') {
      const event = authorizationEventSchema.safeParse(body).data;
      if (!event) return malformed();
      if (event.action === 'revoked') {
        for (const { user_id } of await authorizationsOfGitHubUser(db, String(event.sender.id))) {
          await github.tokens.revoke(
            user_id,
            'You revoked the GitHub App’s authorisation on GitHub; connect your GitHub account again to start work through it',
          );
        }
      }
      return send(200, { status: 'applied', projects: 0 });
    } else {
      const delivery = appDeliverySchema.safeParse(body).data;
      if (!delivery) return malformed();
      const { repository, installation } = delivery;
      if (repository) touched = [{ externalId: String(repository.id), owner: repository.owner.login, name: repository.name }];
      // The Webhooks card says when the App's webhook last spoke of the repository.
      if (repository && installation) await noteAppDelivery(db, String(installation.id), String(repository.id), at);
    }

    const projects = new Set(
      (await linkedGitHubRepositories(db, touched))
        .filter((r) => sameBaseUrl(String((JSON.parse(r.settings) as { baseUrl?: string }).baseUrl ?? ''), github.config.baseUrl))
        .map((r) => r.project_id),
    );
    const note = change ? await change() : null;
    const apply = !change && usedEvent(envelope.event, body);

    // One row per project: the delivery id carries the project, so each log holds its copy and a resend is a duplicate in each.
    const results: WriteResult[] = [];
    for (const projectId of projects) {
      results.push(
        await writer.write({
          id: nextId(receivedAt.getTime()),
          receivedAt: at,
          projectId,
          provider: 'github',
          deliveryId: `${envelope.deliveryId}:${projectId}`,
          event: envelope.event,
          action: envelope.action,
          headers: Object.fromEntries(KEPT.flatMap((name) => (typeof headers[name] === 'string' ? [[name, headers[name] as string]] : []))),
          body: raw.toString('utf8'),
          apply,
        }),
      );
    }
    const stored = results.filter((r) => r.status === 'stored').map((r) => r.id);
    if (change) await markDeliveriesApplied(db, stored, note);
    if (change) return send(200, { status: 'applied', projects: projects.size });
    if (projects.size === 0) return send(200, { status: 'ignored', projects: 0 });
    if (stored.length === 0) return send(200, { status: 'duplicate', projects: projects.size });
    return send(apply ? 202 : 200, { status: apply ? 'accepted' : 'ignored', projects: projects.size });
  });
}

const fromFullName = (r: { id: number; full_name: string }) => {
  const [owner, name] = r.full_name.split('/');
  return { externalId: String(r.id), owner, name };
};
