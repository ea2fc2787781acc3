// Creates 10,000 tickets through the REST API and then lists board pages, on SQLite and on
// PostgreSQL in the same run, printing creation throughput and p50/p95 list latency.
// Run: node --import tsx bench/tickets.ts [ticketCount]
import { TICKET_STATUSES } from '../src/domain/status.ts';
import { fmt, percentile, runConcurrently, startBenchServer, stopBenchPostgres } from './support.ts';

const TICKETS = Number(process.argv[2] ?? 10_000);
const CONCURRENCY = 16;
const LIST_ROUNDS = 200;

async function measure(engine: 'sqlite' | 'postgres') {
  const server = await startBenchServer(engine);
  const headers = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
  const project = await (
    await fetch(`${server.url}/api/projects`, { method: 'POST', headers, body: JSON.stringify({ key: 'BENCH', name: 'Bench', provider: 'github' }) })
  ).json();

  const started = performance.now();
  await runConcurrently(TICKETS, CONCURRENCY, async (i) => {
    const res = await fetch(`${server.url}/api/projects/${project.id}/tickets`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: `Ticket ${i}`, spec: 'x'.repeat(500), acceptanceCriteria: ['one', 'two', 'three'], status: TICKET_STATUSES[i % 5] }),
    });
    if (res.status !== 201) throw new Error(`create answered ${res.status}`);
    await res.arrayBuffer();
  });
  const createSeconds = (performance.now() - started) / 1000;

  // A board page: the first 50 tickets of every status column.
  const latencies = await runConcurrently(LIST_ROUNDS, 4, async () => {
    await Promise.all(
      TICKET_STATUSES.map(async (status) => {
        const res = await fetch(`${server.url}/api/projects/${project.id}/tickets?status=${status}&limit=50`, { headers });
        if (res.status !== 200) throw new Error(`list answered ${res.status}`);
        await res.arrayBuffer();
      }),
    );
  });
  await server.stop();
  return { engine, createPerSecond: TICKETS / createSeconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

const results = [];
for (const engine of ['sqlite', 'postgres'] as const) results.push(await measure(engine));
await stopBenchPostgres();

console.log(
  `\nTickets benchmark: ${TICKETS} tickets created over HTTP at concurrency ${CONCURRENCY}; board page = 5 status columns × 50 tickets, ${LIST_ROUNDS} rounds`,
);
console.log('engine    | create tickets/s | board page p50 ms | board page p95 ms');
for (const r of results)
  console.log(`${r.engine.padEnd(9)} | ${fmt(r.createPerSecond).padStart(16)} | ${fmt(r.p50, 2).padStart(17)} | ${fmt(r.p95, 2).padStart(17)}`);
const [sqlite, postgres] = results;
console.log(`PostgreSQL vs SQLite: create ×${fmt(postgres.createPerSecond / sqlite.createPerSecond, 2)}, board p95 ×${fmt(postgres.p95 / sqlite.p95, 2)}`);
