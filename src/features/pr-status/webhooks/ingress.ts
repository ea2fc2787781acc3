// POST /api/webhooks/:provider/:projectId — project lookup and a signature header present,
// before a byte of the body is read → body up to the size cap → verify on the raw bytes → store
// the delivery and its apply job in one transaction → 2xx. Nothing slow before the 2xx: applying
// happens in the job.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { nowIso } from '../../../clock.ts';
import { countRejected } from '../../../db/queries/webhooks.ts';
import type { Api } from '../../../http/api.ts';
import { findProvider, providerDescriptors } from '../../../providers/registry.ts';
import type { WebhookAdapter, WebhookHeaders } from '../../../providers/types.ts';
import type { WebhookConsumer } from '../../feature.ts';
import { createDeliveryWriter, deliveryIds } from './delivery-writer.ts';
import { ingestLoad } from './ingest-load.ts';
import { createProjectSecretsCache, type ProjectSecrets, secretsAt } from './project-secrets.ts';

/** GitHub's own maximum payload size; larger deliveries are cut off by GitHub anyway. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

// Headers worth keeping with a stored delivery: the generic ones and what each provider names.
// Signatures and Authorization never are.
const KEPT_HEADERS = ['content-type', 'user-agent', ...providerDescriptors().flatMap((d) => d.webhooks.keptHeaders)];

const accepted = z.object({ status: z.literal('accepted'), id: z.string().describe('The stored delivery, as the delivery log lists it') });
const notApplied = z.object({
  status: z
    .enum(['pong', 'duplicate', 'ignored'])
    .describe('pong: the provider checked the hook; duplicate: stored before; ignored: an event Baton does not use'),
  id: z.string().optional(),
});

/** The receiver in the API document; it is a plain Fastify route because it must see the raw bytes. */
export function describeWebhookIngress(api: Api): void {
  api.describe({
    method: 'POST',
    url: '/api/webhooks/:provider/:projectId',
    summary: "Receive a provider's webhook delivery for a project; verified on the exact bytes, stored, and applied by a job",
    tag: 'webhooks',
    auth: 'none',
    params: z.object({
      provider: z.string().describe("The project's provider kind, as GET /api/providers lists it"),
      projectId: z.string().max(64),
    }),
    rawBody: {
      contentType: 'application/json',
      description: "The provider's event payload with its signature headers; unsigned or wrongly signed deliveries get 401 and are counted, not stored",
    },
    status: 202,
    response: accepted,
    otherResponses: { 200: { description: 'Received, nothing to apply', schema: notApplied } },
  });
}

export async function webhookIngress(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const writer = createDeliveryWriter(ctx.db, () => ctx.wakeWorkers(), ingestLoad(ctx));
  const nextId = deliveryIds();
  const projects = createProjectSecretsCache(ctx.db, ctx.secrets);
  const uses = usedEvents(ctx.webhookConsumers ?? []);

  // Signatures are computed over the exact bytes sent, so nothing may parse the body first.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_WEBHOOK_BYTES }, (_request, body, done) => done(null, body));

  // What the check before the body found, for the handler once the body has been read.
  const targets = new WeakMap<FastifyRequest, { adapter: WebhookAdapter; project: ProjectSecrets }>();

  app.post<{ Params: { provider: string; projectId: string } }>(
    '/api/webhooks/:provider/:projectId',
    {
      bodyLimit: MAX_WEBHOOK_BYTES,
      // Anybody can send anything here: an unknown project or an unsigned delivery is answered
      // before its body is read, and the connection closed rather than drained.
      async preParsing(request, reply, payload) {
        const { provider, projectId } = request.params as { provider: string; projectId: string };
        const adapter = findProvider(provider)?.webhooks.adapter;
        const project = adapter && projectId.length <= 64 ? await projects.get(projectId) : null;
        if (!adapter || !project || project.provider !== provider) {
          return refuseUnread(reply, 404, { code: 'not_found', message: 'No webhook endpoint for this project and provider' });
        }
        if (!adapter.signatureHeaders.some((name) => request.headers[name])) return reject(reply, projectId, true);
        targets.set(request, { adapter, project });
        return payload;
      },
    },
    async (request, reply) => {
      const receivedAt = new Date();
      const { provider, projectId } = request.params;
      const { adapter, project } = targets.get(request)!;

      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const headers = request.headers as WebhookHeaders;
      const verify = (p: ProjectSecrets) => adapter.verify(raw, headers, secretsAt(p));
      const verified = verify(project) || verify((await projects.get(projectId, true)) ?? project);
      if (!verified) {
        // A secret that no longer opens (lost master key) is the operator's problem, not the sender's.
        if (project.unreadable) request.log.error({ projectId }, 'webhook secret could not be opened with the loaded master keys');
        return reject(reply, projectId);
      }

      const envelope = adapter.envelope(raw, headers);
      if (!envelope) {
        return reply.code(400).send({
          error: { code: 'bad_request', message: `Not a ${provider} webhook delivery Baton understands (JSON body and event headers expected)`, details: {} },
        });
      }
      if (envelope.ping) return reply.code(200).send({ status: 'pong' } satisfies z.infer<typeof notApplied>);

      const apply = uses(adapter, envelope.event, envelope.action);
      const result = await writer.write({
        id: nextId(receivedAt.getTime()),
        receivedAt: receivedAt.toISOString(),
        projectId,
        provider,
        deliveryId: envelope.deliveryId,
        event: envelope.event,
        action: envelope.action,
        headers: keptHeaders(headers),
        body: raw.toString('utf8'),
        apply,
      });
      if (result.status === 'duplicate') return reply.code(200).send({ status: 'duplicate', id: result.id } satisfies z.infer<typeof notApplied>);
      if (!apply) return reply.code(200).send({ status: 'ignored', id: result.id } satisfies z.infer<typeof notApplied>);
      return reply.code(202).send({ status: 'accepted', id: result.id } satisfies z.infer<typeof accepted>);
    },
  );

  async function reject(reply: FastifyReply, projectId: string, unread = false) {
    // Counted, never stored: an unverified body is whatever anybody chose to send.
    await countRejected(ctx.db.kysely, projectId, nowIso());
    const error = { code: 'unauthorized', message: 'Webhook signature or credentials missing or wrong' };
    return unread ? refuseUnread(reply, 401, error) : reply.code(401).send({ error: { ...error, details: {} } });
  }
}

/** Answers without reading the body; closing the connection keeps Node from draining it. */
function refuseUnread(reply: FastifyReply, status: number, error: { code: string; message: string }): FastifyReply {
  return reply
    .code(status)
    .header('connection', 'close')
    .send({ error: { ...error, details: {} } });
}

/**
 * Whether Baton applies an event. Adapters answer null for unused events before reading the
 * payload, so asking with the action alone is cheap and keeps parsing out of the request path;
 * anything else (an event, or a throw on the missing payload) means the job should look. The
 * answer depends only on provider, event and action, so it is remembered.
 */
function usedEvents(consumers: WebhookConsumer[]) {
  const known = new Map<string, boolean>();
  return (adapter: WebhookAdapter, event: string, action: string | null): boolean => {
    const key = `${adapter.kind}\u0000${event}\u0000${action ?? ''}`;
    let used = known.get(key);
    if (used === undefined) {
      try {
        used = adapter.pullRequestEvent(event, { action }) !== null;
      } catch {
        used = true;
      }
      used ||= consumers.some((c) => c.uses(adapter, event, action));
      if (known.size < 1000) known.set(key, used);
    }
    return used;
  };
}

function keptHeaders(headers: WebhookHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') kept[name] = value;
  }
  return kept;
}
