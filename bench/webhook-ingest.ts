// Webhook ingest: signed 8 KiB GitHub deliveries at concurrency 50 against Baton (SQLite, its own
// process) and, with the same client, against a bare node:http server that only checks the HMAC.
// Then, at a paced ~500 deliveries/s, how long until each ticket's new status shows in the API.
//
//   node --import tsx bench/webhook-ingest.ts   (BENCH_DELIVERIES, BENCH_ROUNDS, BENCH_SECONDS to change)
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/database.ts';
import { childBaton, freePort } from '../test/support/child-baton.ts';
import { seedWebhookProject } from '../test/support/webhook-seed.ts';
import { githubEvent } from '../test/webhooks/support.ts';
import { startBareServer } from './ingest/bare-server.ts';
import { createClient, type Delivery, percentile, type RunResult, sign } from './ingest/ingest-client.ts';

const CONCURRENCY = 50;
const BODY_BYTES = 8 * 1024;
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = 2_000;
const PACED_RATE = 500;
const PACED_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
// The paced run uses the newest TICKETS tickets: one page of the ticket list, polled to see
// statuses change. The throughput run updates PRS pull requests on the other tickets.
const TICKETS = 200;
const PRS = 1000;
const SECRET = 'bench-secret';
const STATES = ['open', 'draft', 'merged'] as const;
const STATUS_OF = { open: 'in_review', draft: 'in_progress', merged: 'done' } as const;

/** A pull_request delivery padded to exactly 8 KiB: the example without its repository copies, plus body text. */
function payload(ticketKey: string, pr: number, state: (typeof STATES)[number], updatedAt: string): Buffer {
  const event = githubEvent(state === 'draft' ? 'converted_to_draft' : state === 'merged' ? 'closed' : 'reopened', {
    number: pr,
    head: `feature/${ticketKey}`,
    state: state === 'merged' ? 'closed' : 'open',
    draft: state === 'draft',
    merged: state === 'merged',
    updatedAt,
    body: '',
  });
  // The published example is ~21 KB; keep what a typical delivery carries, then pad to 8 KiB.
  for (const side of [event.pull_request.head, event.pull_request.base]) {
    delete side.repo;
    delete side.user;
  }
  delete event.pull_request._links;
  const { id, node_id, name, full_name, private: isPrivate, owner, html_url, default_branch } = event.repository;
  event.repository = {
    id,
    node_id,
    name,
    full_name,
    private: isPrivate,
    owner: { login: owner.login, id: owner.id, type: owner.type },
    html_url,
    default_branch,
  };
  const bare = Buffer.byteLength(JSON.stringify(event));
  event.pull_request.body = prose(pr, Math.max(0, BODY_BYTES - bare));
  const body = Buffer.from(JSON.stringify(event));
  if (body.length !== BODY_BYTES) throw new Error(`payload is ${body.length} bytes, not ${BODY_BYTES}`);
  return body;
}

const WORDS = (
  'the a to of and in is for on with this that fix add remove update refund payment invoice customer email retry timeout queue ' +
  'webhook handler service test tests should when then given error case null value config flag release migration schema column ' +
  'index query cache token branch review reviewer merge commit spec ticket criteria done check build deploy rollback log metric'
).split(' ');

/** PR-description-like text of exactly `length` characters, different per PR: padding that compresses like prose, not like 'xxxx'. */
function prose(seed: number, length: number): string {
  let state = seed * 2654435761;
  const next = () => (state = (state * 1103515245 + 12345) >>> 0);
  let text = '';
  while (text.length < length) text += `${WORDS[next() % WORDS.length]}${next() % 11 === 0 ? '. ' : ' '}`;
  return text.slice(0, length);
}

function delivery(projectPath: string, body: Buffer): Delivery {
  return {
    path: projectPath,
    body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'pull_request',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': sign(body, SECRET),
    },
  };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const line = (name: string, r: RunResult) =>
  `${name.padEnd(10)} ${fmt(r.perSecond, 0).padStart(7)} deliveries/s   ack p50 ${fmt(percentile(r.latenciesMs, 50))} ms   p99 ${fmt(percentile(r.latenciesMs, 99))} ms   (${r.ok}/${r.count} 2xx)`;

/** BENCH_PROFILE_DIR=dir writes a CPU profile of the Baton process there. */
function profileArgs(): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-'));
  const secretKey = randomBytes(32).toString('base64');
  const seed = await seedWebhookProject(path.join(dataDir, 'baton.sqlite'), secretKey, { projectKey: 'BN', secret: SECRET, tickets: 2 * TICKETS });
  const baton = childBaton(
    {
      BATON_DATA_DIR: dataDir,
      BATON_SECRET_KEY: secretKey,
      BATON_LOG_LEVEL: 'warn',
      BATON_RECONCILIATION_PERIOD: '0',
      ...(process.env.BENCH_ROLE ? { BATON_ROLE: process.env.BENCH_ROLE } : {}),
    },
    await freePort(),
    profileArgs(),
  );
  await baton.start();
  const bare = await startBareServer(await freePort(), SECRET);
  const projectPath = `/api/webhooks/github/${seed.projectId}`;

  // Bodies are built and signed before the clock starts, so the client costs the same for both.
  let clock = Date.parse('2024-01-01T00:00:00Z');
  const tick = () => new Date((clock += 1000)).toISOString().replace('.000Z', 'Z');
  const prepare = (n: number) =>
    Array.from({ length: n }, (_, i) => delivery(projectPath, payload(seed.keys[i % TICKETS], 10_000 + (i % PRS), STATES[i % 3], tick())));

  const dbFile = path.join(dataDir, 'baton.sqlite');
  // BENCH_ROLE=api measures acknowledgement alone: nothing applies, so nothing drains.
  const applies = process.env.BENCH_ROLE !== 'api';
  try {
    // Rounds alternate between the targets, so a neighbour's load on the shared cores hits both;
    // each Baton round's backlog is applied before the next round starts.
    const rounds: Record<'bare http' | 'baton', RunResult[]> = { 'bare http': [], baton: [] };
    const drains: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, url] of [
        ['bare http', bare.url],
        ['baton', baton.url],
      ] as const) {
        const client = createClient(url, CONCURRENCY);
        if (round === 0) {
          const warm = prepare(WARMUP);
          await client.run(WARMUP, (i) => warm[i]);
          if (name === 'baton' && applies) await drained(dbFile);
        }
        const set = prepare(DELIVERIES);
        rounds[name].push(await client.run(DELIVERIES, (i) => set[i]));
        client.close();
        if (name === 'baton' && applies) drains.push(await drained(dbFile));
      }
    }
    const bareRun = median(rounds['bare http']);
    const batonRun = median(rounds.baton);
    console.log(
      `\nwebhook ingest: ${DELIVERIES} signed ${BODY_BYTES}-byte deliveries per round, concurrency ${CONCURRENCY}, Baton on SQLite; median of ${ROUNDS} rounds`,
    );
    console.log(line('bare http', bareRun));
    console.log(line('baton', batonRun));
    console.log(
      `rounds     bare ${rounds['bare http'].map((r) => fmt(r.perSecond, 0)).join(' / ')}   baton ${rounds.baton.map((r) => fmt(r.perSecond, 0)).join(' / ')} deliveries/s`,
    );
    // Each round's pair ran back to back, so its ratio is least disturbed by load that comes and goes.
    const ratios = rounds.baton.map((r, i) => r.perSecond / rounds['bare http'][i].perSecond).sort((a, b) => a - b);
    console.log(
      `ratio      ${fmt(ratios[Math.floor(ratios.length / 2)], 2)} median of rounds (${ratios.map((r) => fmt(r, 2)).join(' / ')}; of medians ${fmt(batonRun.perSecond / bareRun.perSecond, 2)}) (goal ≥ 0.35)   ` +
        `baton ack p99 ${fmt(percentile(batonRun.latenciesMs, 99))} ms (goal < 50 ms)`,
    );
    console.log(`backlog    each round's ${DELIVERIES} were all applied ${drains.map((s) => fmt(s, 1)).join(' / ')} s after its last acknowledgement`);

    if (PACED_SECONDS === 0) return;
    const visible = await pacedVisibility(baton.url, { ...seed, keys: seed.keys.slice(TICKETS) }, projectPath, tick);
    console.log(
      `visible    ${visible.sent} deliveries at ${fmt(visible.rate, 0)}/s: status in API p50 ${fmt(percentile(visible.latenciesMs, 50))} ms, ` +
        `p99 ${fmt(percentile(visible.latenciesMs, 99))} ms (goal < 1000 ms); ack p99 ${fmt(percentile(visible.ackMs, 99))} ms; ${visible.superseded} superseded before seen`,
    );
  } finally {
    await bare.stop();
    await baton.stop();
  }
}

/** Waits until no delivery is pending; returns how long that took, in seconds. */
async function drained(dbFile: string): Promise<number> {
  const started = performance.now();
  const db = openDatabase(dbFile);
  try {
    for (;;) {
      const pending = await db.kysely
        .selectFrom('webhook_deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('outcome', '=', 'pending')
        .executeTakeFirstOrThrow();
      if (Number(pending.n) === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await db.destroy();
  }
  return (performance.now() - started) / 1000;
}

/** The run with the median throughput. */
function median(runs: RunResult[]): RunResult {
  return [...runs].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(runs.length / 2)];
}

async function pacedVisibility(url: string, seed: { projectId: string; keys: string[]; apiToken: string }, projectPath: string, tick: () => string) {
  const client = createClient(url, CONCURRENCY);
  const total = PACED_RATE * PACED_SECONDS;
  const outstanding = new Map<string, { expect: string; sentAt: number }>();
  const latenciesMs: number[] = [];
  const ackMs: number[] = [];
  let superseded = 0;
  let sent = 0;
  let sending = true;
  let lastSend = performance.now();

  const poller = (async () => {
    while (sending || outstanding.size > 0) {
      const res = await client.get(`/api/projects/${seed.projectId}/tickets?limit=${TICKETS}`, { authorization: `Bearer ${seed.apiToken}` });
      const seenAt = performance.now();
      for (const t of JSON.parse(res.body).items as Array<{ key: string; status: string }>) {
        const waiting = outstanding.get(t.key);
        if (waiting && waiting.expect === t.status) {
          latenciesMs.push(seenAt - waiting.sentAt);
          outstanding.delete(t.key);
        }
      }
      if (!sending && performance.now() - lastSend > 10_000) break;
      await new Promise((r) => setTimeout(r, 5));
    }
  })();

  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / PACED_RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const key = seed.keys[i % seed.keys.length];
    const state = STATES[Math.floor(i / seed.keys.length) % 3];
    const d = delivery(projectPath, payload(key, 1 + (i % seed.keys.length), state, tick()));
    if (outstanding.has(key)) superseded++;
    const sentAt = performance.now();
    outstanding.set(key, { expect: STATUS_OF[state], sentAt });
    lastSend = sentAt;
    sent++;
    inflight.push(client.send(d).then(() => void ackMs.push(performance.now() - sentAt)));
  }
  const rate = sent / ((performance.now() - started) / 1000);
  await Promise.all(inflight);
  sending = false;
  await poller;
  for (let i = 0; i < outstanding.size + superseded; i++) latenciesMs.push(Infinity);
  latenciesMs.sort((a, b) => a - b);
  ackMs.sort((a, b) => a - b);
  client.close();
  return { sent, rate, latenciesMs, ackMs, superseded };
}

await main();
