// Scale-out on one PostgreSQL: two `api` processes take deliveries, two `worker` processes apply
// them and run the recurring work. Mid-burst one of each role is killed with SIGKILL and started
// again. Every delivery that got a 2xx must be applied exactly once, no job may be run by two
// workers at once (a second claim only after the first one's lease ran out), no schedule period
// may be enqueued twice, and PostgreSQL must report no deadlock.
//
// The test watches the database, not the processes: triggers it installs log every write to
// `jobs` and every move of a schedule, in the order PostgreSQL made them.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChildBaton, childBaton, freePort } from '../support/child-baton.ts';
import { freshPostgresUrl } from '../support/databases.ts';
import { eventually } from '../support/eventually.ts';
import { seedWebhookProject } from '../support/webhook-seed.ts';
import { githubEvent, sign } from './support.ts';

const DELIVERIES = 1500;
const CONCURRENCY = 16;
const SECRET = 'scale-out-secret';

const WATCH_SQL = `
  CREATE TABLE test_job_events (
    seq bigserial PRIMARY KEY, job_id text, kind text, singleton_key text, status text,
    locked_by text, attempts integer, locked_until text, inserted boolean, at timestamptz);
  CREATE FUNCTION test_log_job() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO test_job_events (job_id, kind, singleton_key, status, locked_by, attempts, locked_until, inserted, at)
    VALUES (NEW.id, NEW.kind, NEW.singleton_key, NEW.status, NEW.locked_by, NEW.attempts, NEW.locked_until, TG_OP = 'INSERT', clock_timestamp());
    RETURN NULL; END $$;
  CREATE TRIGGER test_log_job AFTER INSERT OR UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION test_log_job();
  CREATE TABLE test_schedule_moves (seq bigserial PRIMARY KEY, name text, from_run_at text, to_run_at text);
  CREATE FUNCTION test_log_schedule() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO test_schedule_moves (name, from_run_at, to_run_at) VALUES (NEW.name, OLD.next_run_at, NEW.next_run_at);
    RETURN NULL; END $$;
  CREATE TRIGGER test_log_schedule AFTER UPDATE ON schedules FOR EACH ROW
    WHEN (OLD.next_run_at IS DISTINCT FROM NEW.next_run_at) EXECUTE FUNCTION test_log_schedule();
`;

interface JobEvent {
  job_id: string;
  kind: string;
  status: string;
  locked_by: string | null;
  attempts: number;
  locked_until: string | null;
  at: Date;
}

/** Claims of a job made while an earlier claim of it was still live (not ended, lease not run out). */
function overlappingClaims(events: JobEvent[]): string[] {
  const holders = new Map<string, JobEvent>();
  const overlaps: string[] = [];
  for (const e of events) {
    const holder = holders.get(e.job_id);
    if (e.status !== 'running') {
      holders.delete(e.job_id);
      continue;
    }
    const newClaim = !holder || holder.locked_by !== e.locked_by || holder.attempts !== e.attempts;
    if (newClaim && holder && Date.parse(holder.locked_until ?? '') > e.at.getTime()) {
      overlaps.push(`${e.kind} ${e.job_id}: claimed by ${e.locked_by} while ${holder.locked_by} held it until ${holder.locked_until}`);
    }
    holders.set(e.job_id, e);
  }
  return overlaps;
}

describe('two api and two worker processes on one PostgreSQL', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-scale-out-'));
  const processes: ChildBaton[] = [];
  const clients: pg.Client[] = [];
  afterAll(async () => {
    for (const p of processes) await p.kill();
    for (const c of clients) await c.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies every acknowledged delivery once across SIGKILLs of an api and a worker', { timeout: 600_000 }, async () => {
    const databaseUrl = await freshPostgresUrl();
    const secretKey = randomBytes(32).toString('base64');
    const { projectId, keys } = await seedWebhookProject(databaseUrl, secretKey, { projectKey: 'SO', secret: SECRET, tickets: DELIVERIES });
    const sql = new pg.Client({ connectionString: databaseUrl });
    clients.push(sql);
    await sql.connect();
    await sql.query(WATCH_SQL);
    const deadlocks = async () => Number((await sql.query('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()')).rows[0].deadlocks);
    const deadlocksBefore = await deadlocks();

    const env = (role: 'api' | 'worker') => ({
      BATON_ROLE: role,
      BATON_DATABASE_URL: databaseUrl,
      BATON_DATA_DIR: dataDir,
      BATON_SECRET_KEY: secretKey,
      // A worker says it is ready at info; an api answers /readyz.
      BATON_LOG_LEVEL: role === 'worker' ? 'info' : 'warn',
      BATON_RECONCILIATION_PERIOD: '0',
      BATON_PUBLIC_URL: 'http://baton.test',
    });
    const apis = [childBaton(env('api'), await freePort()), childBaton(env('api'), await freePort())];
    const workers = [childBaton(env('worker'), await freePort()), childBaton(env('worker'), await freePort())];
    processes.push(...apis, ...workers);
    await Promise.all(processes.map((p) => p.start()));

    const outcome = new Map<string, 'acked' | 'failed'>();
    const deliveryIds = keys.map(() => randomUUID());
    let next = 0;
    let sent = 0;

    // Deliveries go to the two api processes in turn. One in flight when its process is killed
    // fails and is not sent again (like a provider that does not retry); the next ones to that
    // process wait until it is back.
    const up: Array<Promise<void>> = [Promise.resolve(), Promise.resolve()];
    async function sender(): Promise<void> {
      for (;;) {
        const i = next++;
        if (i >= DELIVERIES) return;
        const api = apis[i % 2];
        await up[i % 2];
        const body = Buffer.from(JSON.stringify(githubEvent('opened', { number: i + 1, head: `feature/${keys[i]}`, updatedAt: '2024-01-01T00:00:00Z' })));
        try {
          const res = await fetch(`${api.url}/api/webhooks/github/${projectId}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-github-event': 'pull_request',
              'x-github-delivery': deliveryIds[i],
              'x-hub-signature-256': sign(body, SECRET),
            },
            body: new Uint8Array(body),
          });
          await res.arrayBuffer();
          outcome.set(deliveryIds[i], res.status >= 200 && res.status < 300 ? 'acked' : 'failed');
        } catch {
          outcome.set(deliveryIds[i], 'failed');
        }
        sent++;
      }
    }

    const waitSent = async (n: number) => {
      while (sent < n && next < DELIVERIES) await new Promise((r) => setTimeout(r, 5));
    };
    const appliedSoFar = async () => Number((await sql.query("SELECT count(*) AS n FROM webhook_deliveries WHERE outcome = 'applied'")).rows[0].n);
    let appliedAtWorkerKill = 0;
    let sentAtWorkerKill = 0;
    async function killer(): Promise<void> {
      await waitSent(DELIVERIES / 3);
      let reopen!: () => void;
      up[0] = new Promise((r) => (reopen = r));
      await apis[0].kill();
      await apis[0].start();
      reopen();
      await waitSent(DELIVERIES / 2);
      // The worker is killed while it applies: deliveries have been applied, more are coming.
      await eventually(async () => (await appliedSoFar()) > 0, { timeoutMs: 60_000, what: 'the workers to be applying deliveries' });
      appliedAtWorkerKill = await appliedSoFar();
      sentAtWorkerKill = sent;
      await workers[0].kill();
      await workers[0].start();
    }

    await Promise.all([killer(), ...Array.from({ length: CONCURRENCY }, sender)]);
    const acked = [...outcome].filter(([, o]) => o === 'acked').map(([id]) => id);

    // A job the killed worker held is taken over once its lease runs out; the sweep applies its
    // deliveries sooner. Wait until nothing is pending and no apply job is left.
    await eventually(
      async () => {
        const { rows } = await sql.query(
          "SELECT (SELECT count(*) FROM webhook_deliveries WHERE outcome = 'pending') + (SELECT count(*) FROM jobs WHERE kind = 'webhook.apply' AND status IN ('queued', 'running')) AS n",
        );
        return Number(rows[0].n) === 0;
      },
      { timeoutMs: 240_000, what: 'every stored delivery to be applied and every apply job to end' },
    );
    // Let the schedules run a few more periods with all four processes up.
    const moves = async () => Number((await sql.query("SELECT count(*) AS n FROM test_schedule_moves WHERE name = 'webhook-sweep'")).rows[0].n);
    const movesNow = await moves();
    await eventually(async () => (await moves()) >= movesNow + 2, { timeoutMs: 60_000, what: 'the sweep schedule to run twice more' });
    await Promise.all(processes.map((p) => p.stop()));

    const deliveries = (await sql.query('SELECT delivery_id, outcome, error FROM webhook_deliveries')).rows as Array<{ delivery_id: string; outcome: string }>;
    const stored = new Set(deliveries.map((d) => d.delivery_id));
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    expect(deliveries.filter((d) => d.outcome !== 'applied')).toEqual([]);

    // Each delivery opened its own PR on its own ticket: one PR row and one history entry each.
    const history = (
      await sql.query(
        "SELECT t.key, count(*)::int AS n FROM ticket_history h JOIN tickets t ON t.id = h.ticket_id WHERE h.cause = 'pr_event' AND h.kind = 'status' GROUP BY t.key",
      )
    ).rows as Array<{ key: string; n: number }>;
    expect(history.filter((h) => h.n !== 1)).toEqual([]);
    const prs = Number((await sql.query('SELECT count(*) AS n FROM pull_requests')).rows[0].n);
    expect([history.length, prs]).toEqual([deliveries.length, deliveries.length]);
    expect((await sql.query("SELECT id, kind, last_error FROM jobs WHERE status = 'dead'")).rows).toEqual([]);

    const events = (await sql.query('SELECT job_id, kind, status, locked_by, attempts, locked_until, at FROM test_job_events ORDER BY seq')).rows as JobEvent[];
    expect(overlappingClaims(events)).toEqual([]);
    // Jobs ran on both workers, and on the restarted one.
    const claimers = new Set(events.filter((e) => e.status === 'running').map((e) => e.locked_by));
    expect(claimers.size).toBeGreaterThanOrEqual(3);

    // Each period of each schedule was taken by one process: no period was moved on twice, and
    // no more jobs were enqueued for a schedule than it had periods.
    const scheduleMoves = (await sql.query('SELECT name, from_run_at FROM test_schedule_moves')).rows as Array<{ name: string; from_run_at: string }>;
    const periods = new Map<string, Set<string>>();
    const twice: string[] = [];
    for (const m of scheduleMoves) {
      const seen = periods.get(m.name) ?? periods.set(m.name, new Set()).get(m.name)!;
      if (seen.has(m.from_run_at)) twice.push(`${m.name} ${m.from_run_at}`);
      seen.add(m.from_run_at);
    }
    expect(twice).toEqual([]);
    expect(periods.get('webhook-sweep')?.size ?? 0).toBeGreaterThan(2);
    const scheduledJobs = (
      await sql.query("SELECT singleton_key, count(*)::int AS n FROM test_job_events WHERE inserted AND singleton_key LIKE 'schedule:%' GROUP BY singleton_key")
    ).rows as Array<{ singleton_key: string; n: number }>;
    for (const { singleton_key, n } of scheduledJobs) {
      const name = singleton_key.slice('schedule:'.length);
      // Each period enqueues at most one job (none while the last one still runs).
      expect(n, `jobs enqueued for schedule ${name}`).toBeLessThanOrEqual(periods.get(name)?.size ?? 0);
    }

    // Every process has stopped, so every backend has published its counters.
    expect(await deadlocks()).toBe(deadlocksBefore);

    // The kills happened mid-burst, with work on both sides of each.
    expect(acked.length).toBeGreaterThan(DELIVERIES / 2);
    expect(outcome.size).toBe(DELIVERIES);
    expect(sentAtWorkerKill).toBeLessThan(DELIVERIES);
    expect(appliedAtWorkerKill).toBeLessThan(acked.length);
    console.info(
      `scale-out: ${acked.length} of ${DELIVERIES} acknowledged, ${deliveries.length} stored and applied once; worker killed with ${appliedAtWorkerKill} applied; ${events.length} job writes checked`,
    );
  });
});
