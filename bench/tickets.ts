// 10,000 tickets created through the REST API, then the board loaded the way the web app loads
// it, on SQLite and on PostgreSQL with durable settings, in one run. Baton is the production
// build in its own process; this process is only the client.
//
// The board request is the web app's own: web/src/pages/board.tsx asks for
// `/api/projects/:id/tickets?limit=100` through fetchAll (web/src/projects-data.ts), which follows
// nextCursor one page after another, at most 20 pages, and repeats that every 3 s. One "board
// load" below is that whole sequence; the figures say how many tickets it ended up showing.
//
//   node --import tsx bench/tickets.ts [ticketCount]   (BENCH_BOARD_LOADS, default 100)
import { TICKET_STATUSES } from '../src/domain/status.ts';
import { buildIfStale } from '../test/support/baton-cli.ts';
import {
  type BatonProcess,
  createAdminToken,
  type DurablePostgres,
  fmt,
  percentile,
  runConcurrently,
  startBatonProcess,
  startDurablePostgres,
} from './support.ts';

const TICKETS = Number(process.argv[2] ?? 10_000);
const CONCURRENCY = 16;
const BOARD_LOADS = Number(process.env.BENCH_BOARD_LOADS ?? 100);
// The web app's board: page size and page cap of fetchAll, as called by the board page.
const BOARD_PAGE = 100;
const BOARD_MAX_PAGES = 20;

interface Figures {
  engine: string;
  createPerSecond: number;
  boardP50: number;
  boardP95: number;
  pages: number;
  shown: number;
}

/** What the board page does on open and on every poll: follow the cursor, one page at a time. */
async function loadBoard(baton: BatonProcess, projectId: string, headers: Record<string, string>): Promise<{ pages: number; shown: number }> {
  let cursor: string | null = null;
  let shown = 0;
  let pages = 0;
  for (; pages < BOARD_MAX_PAGES; ) {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res = await fetch(`${baton.url}/api/projects/${projectId}/tickets?limit=${BOARD_PAGE}${query}`, { headers });
    if (res.status !== 200) throw new Error(`board page answered ${res.status}`);
    const page = (await res.json()) as { items: unknown[]; nextCursor: string | null };
    pages++;
    shown += page.items.length;
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return { pages, shown };
}

async function measure(engine: 'sqlite' | 'postgres', postgres: DurablePostgres): Promise<Figures> {
  let token = '';
  const baton = await startBatonProcess({
    postgresUrl: engine === 'postgres' ? postgres.url : undefined,
    prepare: async (_url, env) => {
      token = createAdminToken(env);
    },
  });
  try {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${baton.url}/api/projects`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ key: 'BENCH', name: 'Bench', provider: 'github' }),
    });
    if (created.status !== 201) throw new Error(`project creation answered ${created.status}: ${await created.text()}`);
    const project = (await created.json()) as { id: string };

    const started = performance.now();
    await runConcurrently(TICKETS, CONCURRENCY, async (i) => {
      const res = await fetch(`${baton.url}/api/projects/${project.id}/tickets`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ title: `Ticket ${i}`, spec: 'x'.repeat(500), acceptanceCriteria: ['one', 'two', 'three'], status: TICKET_STATUSES[i % 5] }),
      });
      if (res.status !== 201) throw new Error(`create answered ${res.status}`);
      await res.arrayBuffer();
    });
    const createSeconds = (performance.now() - started) / 1000;

    let last = { pages: 0, shown: 0 };
    const latencies = await runConcurrently(BOARD_LOADS, 1, async () => {
      last = await loadBoard(baton, project.id, headers);
    });
    return {
      engine,
      createPerSecond: TICKETS / createSeconds,
      boardP50: percentile(latencies, 50),
      boardP95: percentile(latencies, 95),
      ...last,
    };
  } finally {
    await baton.stop();
  }
}

buildIfStale();
const postgres = await startDurablePostgres();
const results: Figures[] = [];
try {
  for (const engine of ['sqlite', 'postgres'] as const) results.push(await measure(engine, postgres));
} finally {
  await postgres.stop();
}

console.log(
  `\ntickets: ${TICKETS} created over HTTP at concurrency ${CONCURRENCY}; then ${BOARD_LOADS} board loads one after another, as the web app makes them`,
);
console.log(`PostgreSQL: ${postgres.settings}`);
console.log('engine    | create tickets/s | board load p50 ms | board load p95 ms | pages per load | tickets shown');
for (const r of results) {
  console.log(
    `${r.engine.padEnd(9)} | ${fmt(r.createPerSecond).padStart(16)} | ${fmt(r.boardP50, 1).padStart(17)} | ${fmt(r.boardP95, 1).padStart(17)} | ` +
      `${String(r.pages).padStart(14)} | ${r.shown} of ${TICKETS}`,
  );
}
const [sqlite, pg] = results;
console.log(`PostgreSQL vs SQLite: create ×${fmt(pg.createPerSecond / sqlite.createPerSecond, 2)}, board load p95 ×${fmt(pg.boardP95 / sqlite.boardP95, 2)}`);
