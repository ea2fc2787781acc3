import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Metrics } from '../../src/http/metrics.ts';
import { enqueue } from '../../src/jobs/queue.ts';
import { TOKEN as GITHUB_TOKEN } from '../fakes/github/seed.ts';
import { eventually, type GitHubWorld, RHEA_TOKEN, startGitHubWorld } from '../git/world.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { createProject, githubEvent, newSecret, sendGitHub } from '../webhooks/support.ts';

const TOKEN = 'metrics-token-for-tests';

describe('Prometheus /metrics', () => {
  let baton: TestBaton;
  let owner: TestUser;
  let projectId: string;
  let secret: string;

  beforeAll(async () => {
    baton = await startTestBaton({ env: { BATON_METRICS_TOKEN: TOKEN } });
    owner = await baton.addUser();
    projectId = await createProject(owner, { key: 'MET' });
    secret = await newSecret(owner, projectId);
  });
  afterAll(() => baton?.stop());

  const scrape = (authorization?: string) => fetch(`${baton.url}/metrics`, { headers: authorization ? { authorization } : {} });

  it('wants the configured bearer token, and says how to send it', async () => {
    expect((await scrape()).status).toBe(401);
    const wrong = await scrape('Bearer not-the-token');
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.message).toContain('Authorization: Bearer');
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(200);
  });

  it('counts deliveries by provider and outcome, times their acknowledgement, and shows the job queue by kind', async () => {
    const body = githubEvent('opened', { number: 7, updatedAt: '2024-05-01T10:00:00Z' });
    const deliveryId = crypto.randomUUID();
    expect((await sendGitHub(baton, projectId, { body, secret, deliveryId })).status).toBe(202);
    expect((await sendGitHub(baton, projectId, { body, secret, deliveryId })).status).toBe(200);
    expect((await sendGitHub(baton, projectId, { body, secret: 'wrong' })).status).toBe(401);

    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE baton_webhook_deliveries_total counter');
    expect(text).toContain('baton_webhook_deliveries_total{provider="github",outcome="accepted"} 1\n');
    expect(text).toContain('baton_webhook_deliveries_total{provider="github",outcome="duplicate"} 1\n');
    expect(text).toContain('baton_webhook_deliveries_total{provider="github",outcome="unauthorized"} 1\n');
    expect(text).toContain('# TYPE baton_webhook_ack_seconds histogram');
    expect(text).toContain('baton_webhook_ack_seconds_count{provider="github"} 3\n');
    expect(text).toContain('baton_webhook_ack_seconds_bucket{provider="github",le="+Inf"} 3\n');
    // Every line is a comment or `name{labels} number`.
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) .+|[a-z_]+(\{[^}]*\})? -?[0-9.e+-]+)$/);
  });

  it('counts the server-sent event streams open in this process', async () => {
    const gauge = async () => /^baton_sse_clients (\d+)$/m.exec(await (await scrape(`Bearer ${TOKEN}`)).text())?.[1];
    expect(await gauge()).toBe('0');
    const abort = new AbortController();
    const res = await fetch(`${baton.url}/api/projects/${projectId}/board/events`, {
      headers: { authorization: `Bearer ${owner.token}` },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    expect(await gauge()).toBe('1');
    abort.abort();
    await eventually(async () => (await gauge()) === '0', { what: 'the closed stream to be let go' });
  });

  it('shows queued and running jobs by kind, and how long the oldest due one has waited', async () => {
    const later = new Date(Date.now() + 3600_000);
    await enqueue(baton.ctx.db.kysely, { kind: 'pr.sync-ticket', payload: { ticketId: 'none' }, runAt: later });
    await enqueue(baton.ctx.db.kysely, { kind: 'pr.sync-ticket', payload: { ticketId: 'none' }, runAt: later });
    const text = await (await scrape(`Bearer ${TOKEN}`)).text();
    expect(text).toContain('baton_jobs{kind="pr.sync-ticket",status="queued"} 2\n');
    // Not due yet: not waiting.
    expect(text).not.toContain('baton_job_age_seconds{kind="pr.sync-ticket"}');

    const now = Date.parse('2025-01-01T00:00:10Z');
    const rendered = new Metrics().render([{ kind: 'webhook.apply', status: 'queued', count: 4, oldest: '2025-01-01T00:00:04Z' }], now);
    expect(rendered).toContain('baton_jobs{kind="webhook.apply",status="queued"} 4\n');
    expect(rendered).toContain('baton_job_age_seconds{kind="webhook.apply"} 6\n');
  });
});

describe('Prometheus /metrics of provider calls', () => {
  let w: GitHubWorld;
  beforeAll(async () => {
    w = await startGitHubWorld();
  });
  afterAll(() => w?.close());

  const sample = (text: string, name: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`))
      .map((line) => {
        const [, labels, value] = /^[a-z_]+\{(.*)\} (.+)$/.exec(line)!;
        return { labels: Object.fromEntries([...labels.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]])), value: Number(value) };
      });

  it('counts every answer by provider and status, and keeps each credential’s rate-limit budget under a hash of its token', async () => {
    // Only Baton calls the fake (adding the credentials, linking the repository and what jobs
    // that set off): once those are done, the counts match what the fake saw, status by status.
    const statuses = (calls: Array<{ status: number }>) => {
      const seen: Record<string, number> = {};
      for (const c of calls) seen[String(c.status)] = (seen[String(c.status)] ?? 0) + 1;
      return seen;
    };
    let text = '';
    const counted = async () => {
      text = await (await fetch(`${w.baton.url}/metrics`)).text();
      return Object.fromEntries(sample(text, 'baton_provider_calls_total').map((c) => [`${c.labels.provider} ${c.labels.status}`, c.value]));
    };
    const canonical = (counts: Record<string, number>) => JSON.stringify(Object.entries(counts).sort());
    const fakeSaw = () => Object.fromEntries(Object.entries(statuses(w.fake.calls)).map(([status, n]) => [`github ${status}`, n]));
    await eventually(async () => canonical(await counted()) === canonical(fakeSaw()), { what: 'the counts to match the calls the fake saw' });
    expect(await counted()).toEqual(fakeSaw());
    expect(Object.keys(fakeSaw()).length).toBeGreaterThan(0);

    const hash = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 12);
    const budgets = sample(text, 'baton_provider_rate_limit_remaining');
    expect(budgets.map((b) => b.labels).sort((a, b) => a.credential.localeCompare(b.credential))).toEqual(
      [hash(GITHUB_TOKEN), hash(RHEA_TOKEN)].sort().map((credential) => ({ provider: 'github', credential })),
    );
    // The fake's budget is 5000 an hour per token; each counted call takes one.
    for (const b of budgets) expect(b.value).toBeGreaterThan(4900);
    expect(budgets.some((b) => b.value < 5000)).toBe(true);
    expect(text).not.toContain(GITHUB_TOKEN);
    expect(text).not.toContain(RHEA_TOKEN);
  });
});
