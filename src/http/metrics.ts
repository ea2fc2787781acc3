// Prometheus metrics at GET /metrics, in the text exposition format (version 0.0.4). Each process
// exposes its own counters (scrape every process that serves HTTP); the job queue is read from
// the database at scrape time, so any process answers for the whole queue. Provider calls are
// counted where they are made: in the embedded default that is the process serving /metrics.
// BATON_METRICS_TOKEN, when set, must come as `Authorization: Bearer <token>`.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { liveJobsByKind } from '../jobs/queue.ts';
import type { ProviderAnswer } from '../providers/types.ts';

const WEBHOOK_ROUTE = '/api/webhooks/:provider/:projectId';
/** Ack latency buckets, seconds: the goal is a p99 under 50 ms. */
const ACK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

type Labels = Record<string, string>;
const labelText = (labels: Labels) => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

/** Counters and histograms of one running Baton. */
export class Metrics {
  private readonly deliveries = new Map<string, { labels: Labels; n: number }>();
  private readonly acks = new Map<string, { labels: Labels; buckets: number[]; sum: number; count: number }>();
  private readonly providerCalls = new Map<string, { labels: Labels; n: number }>();
  private readonly rateLimits = new Map<string, { labels: Labels; remaining: number }>();
  private readonly gauges = new Map<string, { help: string; read: () => number }>();

  /** A gauge read at scrape time, for a feature to expose (e.g. how many streams it holds open). */
  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  /** One answer from a provider (status 0: none came); keeps the last rate-limit budget it reported per credential. */
  providerAnswer({ provider, status, credential, rateLimitRemaining }: ProviderAnswer): void {
    const labels = { provider, status: status === 0 ? 'no_answer' : String(status) };
    const key = labelText(labels);
    const entry = this.providerCalls.get(key) ?? this.providerCalls.set(key, { labels, n: 0 }).get(key)!;
    entry.n += 1;
    if (rateLimitRemaining === null) return;
    const budget = { provider, credential };
    this.rateLimits.set(labelText(budget), { labels: budget, remaining: rateLimitRemaining });
  }

  delivery(provider: string, outcome: string): void {
    const labels = { provider, outcome };
    const key = labelText(labels);
    const entry = this.deliveries.get(key) ?? this.deliveries.set(key, { labels, n: 0 }).get(key)!;
    entry.n += 1;
  }

  ack(provider: string, seconds: number): void {
    const labels = { provider };
    const key = labelText(labels);
    const entry = this.acks.get(key) ?? this.acks.set(key, { labels, buckets: ACK_BUCKETS.map(() => 0), sum: 0, count: 0 }).get(key)!;
    ACK_BUCKETS.forEach((le, i) => {
      if (seconds <= le) entry.buckets[i] += 1;
    });
    entry.sum += seconds;
    entry.count += 1;
  }

  render(jobs: Array<{ kind: string; status: string; count: number; oldest: string | null }>, now = Date.now()): string {
    const lines: string[] = [];
    lines.push('# HELP baton_webhook_deliveries_total Webhook deliveries received, by provider and what became of them.');
    lines.push('# TYPE baton_webhook_deliveries_total counter');
    for (const { labels, n } of this.deliveries.values()) lines.push(`baton_webhook_deliveries_total${labelText(labels)} ${n}`);
    lines.push('# HELP baton_webhook_ack_seconds Time from a delivery arriving to its answer.');
    lines.push('# TYPE baton_webhook_ack_seconds histogram');
    for (const { labels, buckets, sum, count } of this.acks.values()) {
      ACK_BUCKETS.forEach((le, i) => {
        lines.push(`baton_webhook_ack_seconds_bucket${labelText({ ...labels, le: String(le) })} ${buckets[i]}`);
      });
      lines.push(`baton_webhook_ack_seconds_bucket${labelText({ ...labels, le: '+Inf' })} ${count}`);
      lines.push(`baton_webhook_ack_seconds_sum${labelText(labels)} ${sum}`);
      lines.push(`baton_webhook_ack_seconds_count${labelText(labels)} ${count}`);
    }
    lines.push('# HELP baton_provider_calls_total Answers from git providers, by provider and HTTP status (no_answer: a network failure or timeout).');
    lines.push('# TYPE baton_provider_calls_total counter');
    for (const { labels, n } of this.providerCalls.values()) lines.push(`baton_provider_calls_total${labelText(labels)} ${n}`);
    lines.push('# HELP baton_provider_rate_limit_remaining Rate-limit budget left, as last reported by the provider, per credential (a hash of its token).');
    lines.push('# TYPE baton_provider_rate_limit_remaining gauge');
    for (const { labels, remaining } of this.rateLimits.values()) lines.push(`baton_provider_rate_limit_remaining${labelText(labels)} ${remaining}`);
    for (const [name, { help, read }] of this.gauges) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${read()}`);
    }
    lines.push('# HELP baton_jobs Jobs waiting (queued) or running, by kind.');
    lines.push('# TYPE baton_jobs gauge');
    for (const j of jobs) lines.push(`baton_jobs${labelText({ kind: j.kind, status: j.status })} ${j.count}`);
    lines.push('# HELP baton_job_age_seconds Age of the oldest queued job that is due, by kind.');
    lines.push('# TYPE baton_job_age_seconds gauge');
    for (const j of jobs) {
      if (j.status !== 'queued' || !j.oldest) continue;
      lines.push(`baton_job_age_seconds${labelText({ kind: j.kind })} ${Math.max(0, (now - Date.parse(j.oldest)) / 1000)}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

const metricsOf = new WeakMap<AppContext, Metrics>();

/** The metrics of a running Baton (tests run several in one process). */
export function metrics(ctx: AppContext): Metrics {
  let m = metricsOf.get(ctx);
  if (!m) {
    m = new Metrics();
    metricsOf.set(ctx, m);
  }
  return m;
}

export function metricsRoute(app: FastifyInstance, ctx: AppContext): void {
  const m = metrics(ctx);
  const token = ctx.config.metricsToken;

  // Deliveries are counted by the answer they got: the body's status (accepted, duplicate,
  // ignored, pong) or, for a refusal, the error code.
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    if (request.routeOptions.url !== WEBHOOK_ROUTE) return payload;
    const provider = (request.params as { provider?: string }).provider ?? '';
    m.delivery(provider, outcomeOf(reply.statusCode, payload));
    m.ack(provider, reply.elapsedTime / 1000);
    return payload;
  });

  app.get('/metrics', async (request, reply) => {
    if (token && !bearerMatches(request.headers.authorization, token)) {
      return reply
        .code(401)
        .send({ error: { code: 'unauthorized', message: 'Send the metrics token as Authorization: Bearer <BATON_METRICS_TOKEN>', details: {} } });
    }
    const jobs = await liveJobsByKind(ctx.db.kysely, new Date().toISOString());
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(m.render(jobs));
  });
}

function outcomeOf(status: number, payload: unknown): string {
  if (typeof payload === 'string' && payload.length < 500) {
    try {
      const body = JSON.parse(payload) as { status?: unknown; error?: { code?: unknown } };
      if (typeof body.status === 'string') return body.status;
      if (typeof body.error?.code === 'string') return body.error.code;
    } catch {
      // not JSON: fall back to the status code
    }
  }
  return String(status);
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
  // Hashed first, so the comparison takes as long whatever the lengths.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}
