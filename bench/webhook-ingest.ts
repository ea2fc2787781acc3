// Webhook ingest, every receiver driven by the same load client in one run: signed 8 KiB GitHub
// pull_request deliveries at a fixed number of connections against
//   bare http        a node:http server that only checks the HMAC (the floor, and proof that the
//                    client keeps up: nothing can be faster than it),
//   probot           a minimal Probot app with one pull_request handler (not durable),
//   baton sqlite     Baton's production build on SQLite, with Baton's own settings,
//   baton postgres   the same on PostgreSQL with fsync, synchronous_commit and full_page_writes on.
// Rounds rotate through the targets so load from elsewhere on the machine hits all of them. After
// each Baton burst: how many acknowledged deliveries still wait to be applied, and how long they
// take. Then, per engine, a steady 500 deliveries/s: acknowledgement → ticket status visible.
//
//   node --import tsx bench/webhook-ingest.ts
//   (BENCH_DELIVERIES per burst, default 10000; BENCH_ROUNDS, default 3; BENCH_SECONDS of the
//   steady stream, default 10, 0 skips it; BENCH_PROFILE_DIR writes CPU profiles of the Baton
//   processes there; BENCH_ROLE=api measures Baton's acknowledgement alone, nothing applied)
import os from 'node:os';
import { buildIfStale } from '../test/support/baton-cli.ts';
import { watchDatabase } from './ingest/baton-db.ts';
import { BODY_BYTES, type Delivery, delivery, forwardClock, payload, STATES } from './ingest/deliveries.ts';
import { type Burst, burst } from './ingest/load.ts';
import { pacedVisibility } from './ingest/paced.ts';
import { filesystemOf, startBare, startBaton, startProbot, type Target } from './ingest/targets.ts';
import { fmt, startDurablePostgres } from './support.ts';

const CONNECTIONS = 50;
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = 2_000;
const PACED_RATE = 500;
const PACED_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// Bursts update PRS pull requests spread over the first TICKETS tickets; the steady stream goes
// round the next STEADY_TICKETS, so one ticket's deliveries are 2 s apart at 500/s.
const TICKETS = 200;
const STEADY_TICKETS = 1000;
const PRS = 1000;
const SECRET = 'bench-secret';
const ROLE = process.env.BENCH_ROLE;
const APPLIES = ROLE !== 'api';

interface Row {
  target: Target;
  bursts: Burst[];
  /** Baton only: pending right after each burst, and seconds until all were applied. */
  backlog: number[];
  drain: number[];
}

function prepare(target: Target, count: number, tick: () => string): Delivery[] {
  const keys = target.seed?.keys ?? Array.from({ length: TICKETS }, (_, i) => `BN-${i + 1}`);
  return Array.from({ length: count }, (_, i) => delivery(target.path, payload(keys[i % TICKETS], 10_000 + (i % PRS), STATES[i % 3], tick()), SECRET));
}

async function runBurst(row: Row, count: number, tick: () => string, record: boolean): Promise<void> {
  const result = await burst(row.target.url, prepare(row.target, count, tick), CONNECTIONS);
  if (!row.target.databaseUrl || !APPLIES) {
    if (record) row.bursts.push(result);
    return;
  }
  const backlog = watchDatabase(row.target.databaseUrl);
  try {
    const pending = await backlog.pending();
    const drain = await backlog.drained();
    const failed = await backlog.failed();
    if (failed.count > 0) throw new Error(`${failed.count} deliveries failed to apply on ${row.target.name}: ${failed.example}`);
    if (record) {
      row.bursts.push(result);
      row.backlog.push(pending);
      row.drain.push(drain);
    }
  } finally {
    await backlog.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** The burst with the median rate, so its latencies belong to one real run. */
const medianBurst = (bursts: Burst[]) => [...bursts].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(bursts.length / 2)];

async function main(): Promise<void> {
  buildIfStale();
  const postgres = await startDurablePostgres();
  const nodeArgs = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const env: Record<string, string> = ROLE ? { BATON_ROLE: ROLE } : {};
  const targets: Target[] = [];
  try {
    targets.push(await startBare(SECRET), await startProbot(SECRET));
    targets.push(await startBaton('baton sqlite', { secret: SECRET, tickets: TICKETS + STEADY_TICKETS, env, nodeArgs }));
    targets.push(await startBaton('baton postgres', { secret: SECRET, tickets: TICKETS + STEADY_TICKETS, env, nodeArgs, postgresUrl: postgres.url }));
    const rows: Row[] = targets.map((target) => ({ target, bursts: [], backlog: [], drain: [] }));
    const tick = forwardClock();

    for (const row of rows) await runBurst(row, WARMUP, tick, false);
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < rows.length; i++) await runBurst(rows[(round + i) % rows.length], DELIVERIES, tick, true);
    }

    const [bare, probot, sqlite, pg] = rows.map((r) => medianBurst(r.bursts));
    console.log(
      `\nwebhook ingest: autocannon, ${CONNECTIONS} connections, signed ${BODY_BYTES}-byte pull_request deliveries, ${DELIVERIES} per burst, ` +
        `median of ${ROUNDS} rounds (targets rotate each round); ${os.cpus().length} cores`,
    );
    console.log(`PostgreSQL: ${postgres.settings}; temp files on ${filesystemOf(os.tmpdir())}; Baton on SQLite with its own settings`);
    console.log(
      `client check: the bare server took ${fmt(bare.perSecond, 0)}/s with the client using ${fmt(bare.clientCores, 2)} cores; every rate below it is the target's own`,
    );
    console.log(`${'target'.padEnd(15)} | deliveries/s (rounds)        | ack p50 ms | ack p99 ms | × bare | × probot | backlog after burst | applied within s`);
    for (const row of rows) {
      const m = medianBurst(row.bursts);
      const ok = row.bursts.reduce((n, b) => n + b.ok, 0);
      const all = row.bursts.reduce((n, b) => n + b.count, 0);
      const rounds = row.bursts.map((b) => fmt(b.perSecond, 0)).join(' / ');
      const applied = row.backlog.length
        ? `${String(median(row.backlog)).padStart(19)} | ${fmt(median(row.drain), 1).padStart(16)}`
        : `${'-'.padStart(19)} | ${'-'.padStart(16)}`;
      console.log(
        `${row.target.name.padEnd(15)} | ${`${fmt(m.perSecond, 0)} (${rounds})`.padEnd(28)} | ${fmt(m.p50, 1).padStart(10)} | ${fmt(m.p99, 1).padStart(10)} | ` +
          `${fmt(m.perSecond / bare.perSecond, 2).padStart(6)} | ${fmt(m.perSecond / probot.perSecond, 2).padStart(8)} | ${applied}` +
          (ok < all ? `   (${all - ok} of ${all} not 2xx)` : ''),
      );
    }
    console.log(
      `goals (issue 17): SQLite ≥ 1.2 × probot (${fmt(sqlite.perSecond / probot.perSecond, 2)}) and ≥ 0.5 × bare (${fmt(sqlite.perSecond / bare.perSecond, 2)}), ` +
        `ack p99 < 50 ms (${fmt(sqlite.p99, 1)}); PostgreSQL ≥ 0.3 × bare (${fmt(pg.perSecond / bare.perSecond, 2)})`,
    );

    if (PACED_SECONDS === 0 || !APPLIES) return;
    for (const row of rows.slice(2)) {
      const db = watchDatabase(row.target.databaseUrl!);
      try {
        const r = await pacedVisibility({
          url: row.target.url,
          path: row.target.path,
          seed: row.target.seed!,
          keys: row.target.seed!.keys.slice(TICKETS, TICKETS + STEADY_TICKETS),
          secret: SECRET,
          rate: PACED_RATE,
          seconds: PACED_SECONDS,
          tick,
          db,
        });
        const failed = await db.failed();
        if (failed.count > 0) throw new Error(`${failed.count} deliveries failed to apply on ${row.target.name}: ${failed.example}`);
        console.log(
          `steady ${row.target.name.padEnd(15)} ${r.sent} at ${fmt(r.rate, 0)}/s: ack → visible p50 ${fmt(r.visibleP50, 0)} ms, p99 ${fmt(r.visibleP99, 0)} ms (goal < 1000)` +
            `; ack p99 ${fmt(r.ackP99, 1)} ms; backlog at end ${r.backlogAtEnd}, max ${r.backlogMax}; ` +
            `${r.overtaken} not seen before the next delivery to their ticket (counted as slowest), ${r.neverSeen} never seen`,
        );
      } finally {
        await db.close();
      }
    }
  } finally {
    for (const t of targets) await t.stop();
    await postgres.stop();
  }
}

await main();
