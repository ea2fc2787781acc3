// 10,000 tickets created through the REST API (with labels and priorities), then the board read
// the way the web app reads it, filtered (by person, label, priority, pull request) and searched,
// on SQLite and on PostgreSQL with durable settings, in one run.
// Baton is the production build in its own process; this process is only the client.
//
// The board request is the web app's own: web/src/pages/board/use-board.ts asks for
// `/api/projects/:id/board?limit=50` (every column's count and first 50 tickets) with the
// filters and search of the address, and follows the board's event stream instead of polling.
// Each read is timed through HTTP, one after another. The baseline, measured in the same run on
// the same server, is the cheapest authenticated read (one project by id): what any request costs
// before the board does any work. The board as the web app used to load it (pages of 100
// tickets one after another, at most 20) is measured too, for comparison.
//
// Last, a change's way to an open board: an edit sent, then its event read from the board's
// stream (goal: within 1 s).
//
//   node --import tsx bench/tickets.ts [ticketCount]   (BENCH_READS per query, default 200;
//   BENCH_LIVE_CHANGES edits timed to the board's stream, default 50)
import { TICKET_STATUSES } from '../src/domain/status.ts';
import { buildIfStale } from '../test/support/baton-cli.ts';
import { createAdminToken, type DurablePostgres, fmt, percentile, runConcurrently, startBatonProcess, startDurablePostgres } from './support.ts';

const TICKETS = Number(process.argv[2] ?? 10_000);
const CONCURRENCY = 16;
const READS = Number(process.env.BENCH_READS ?? 200);
/** The goal for board, filter and search reads. */
const GOAL_P95_MS = 50;
// The web app's board before it read /board: page size and page cap of its fetchAll.
const OLD_BOARD_PAGE = 100;
const OLD_BOARD_MAX_PAGES = 20;
// Words for titles and specs, so searches match some tickets, not all or none.
const FILLER =
  'As a customer I want this to work the way the support team described it in the call, with the numbers matching the statement at the end of each day. '.repeat(
    3,
  );
const WORDS = ['refund', 'ledger', 'payout', 'invoice', 'audit', 'webhook', 'export', 'settlement', 'chargeback', 'currency', 'tax', 'receipt'];

interface Row {
  name: string;
  p50: number;
  p95: number;
  note: string;
  /** p95 goal in ms; none for the baseline and the old board. */
  goal?: number;
}

/** The longest a change may take to reach an open board (issue goal: a webhook shows within 1 s). */
const GOAL_LIVE_MS = 1000;
const LIVE_CHANGES = Number(process.env.BENCH_LIVE_CHANGES ?? 50);

/** The board's event stream as the browser's EventSource reads it; `changed(id)` resolves when an event names the ticket. */
async function openBoardEvents(url: string, headers: Record<string, string>) {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`${url} answered ${res.status}`);
  const waiting = new Map<string, () => void>();
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith('event: ready')) ready();
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!block.startsWith('event: change') || !data) continue;
          for (const id of JSON.parse(data).ticketIds as string[]) waiting.get(id)?.();
        }
      }
    } catch {
      // closed
    }
  })();
  await isReady;
  return {
    changed: (ticketId: string) => new Promise<void>((resolve) => waiting.set(ticketId, resolve)),
    close: () => abort.abort(),
  };
}

interface Figures {
  engine: string;
  createPerSecond: number;
  rows: Row[];
}

async function getJson(url: string, headers: Record<string, string>): Promise<any> {
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** How the web app loaded the board before: follow the cursor, one page at a time. */
async function loadOldBoard(base: string, headers: Record<string, string>): Promise<number> {
  let cursor: string | null = null;
  let shown = 0;
  for (let pages = 0; pages < OLD_BOARD_MAX_PAGES; pages++) {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await getJson(`${base}/tickets?limit=${OLD_BOARD_PAGE}${query}`, headers);
    shown += page.items.length;
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return shown;
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
    const me = (await getJson(`${baton.url}/api/me`, headers)) as { id: string };

    // Labels as a team uses them: each ticket carries one or two of eight, and one in fifty a rare one.
    const labelIds: string[] = [];
    for (const name of ['bug', 'feature', 'ui', 'api', 'perf', 'docs', 'security', 'chore', 'rare']) {
      const res = await fetch(`${baton.url}/api/projects/${project.id}/labels`, { method: 'POST', headers, body: JSON.stringify({ name, color: '#3b82f6' }) });
      if (res.status !== 201) throw new Error(`label creation answered ${res.status}: ${await res.text()}`);
      labelIds.push(((await res.json()) as { id: string }).id);
    }
    const rareLabel = labelIds.pop()!;
    const PRIORITY_CYCLE = ['none', 'none', 'low', 'medium', 'none', 'high', 'medium', 'none', 'low', 'urgent'];

    const started = performance.now();
    await runConcurrently(TICKETS, CONCURRENCY, async (i) => {
      const word = (k: number) => WORDS[(i * 7 + k * 5) % WORDS.length];
      const res = await fetch(`${baton.url}/api/projects/${project.id}/tickets`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          title: `${word(0)} ${word(1)} ticket ${i}`,
          spec: `${FILLER} ${word(2)} ${word(3)} ${word(4)} ${i}`,
          acceptanceCriteria: ['one', 'two', 'three'],
          status: TICKET_STATUSES[i % 5],
          ...(i % 4 === 0 && { assigneeId: me.id }),
          ...(i % 8 === 0 && { reviewerId: me.id }),
          // Spread across the columns (not tied to the status), as labels and priorities are.
          priority: PRIORITY_CYCLE[Math.floor(i / 5) % PRIORITY_CYCLE.length],
          labelIds: [
            labelIds[Math.floor(i / 5) % labelIds.length],
            ...(i % 3 === 0 ? [labelIds[(Math.floor(i / 5) + 3) % labelIds.length]] : []),
            ...(i % 50 === 0 ? [rareLabel] : []),
          ],
        }),
      });
      if (res.status !== 201) throw new Error(`create answered ${res.status}`);
      await res.arrayBuffer();
    });
    const createSeconds = (performance.now() - started) / 1000;

    const base = `${baton.url}/api/projects/${project.id}`;
    const rows: Row[] = [];
    const time = async (name: string, read: () => Promise<string>, { reads = READS, goal = GOAL_P95_MS as number | null } = {}) => {
      let note = '';
      const latencies = await runConcurrently(reads, 1, async () => {
        note = await read();
      });
      rows.push({ name, p50: percentile(latencies, 50), p95: percentile(latencies, 95), note, goal: goal ?? undefined });
    };
    const board = (query: string) => async () => {
      const b = await getJson(`${base}/board?limit=50${query}`, headers);
      const total = b.columns.reduce((n: number, c: { count: number }) => n + c.count, 0);
      const shown = b.columns.reduce((n: number, c: { items: unknown[] }) => n + c.items.length, 0);
      return `${shown} shown of ${total} counted`;
    };

    await time(
      'baseline: one project',
      async () => {
        await getJson(base, headers);
        return '1 row';
      },
      { goal: null },
    );
    await time('board', board(''));
    await time('board, assignee', board(`&assigneeId=${me.id}`));
    await time('board, assignee + reviewer + no PR', board(`&assigneeId=${me.id}&reviewerId=${me.id}&prState=none`));
    await time('board, one label', board(`&labelId=${labelIds[0]}`));
    await time('board, two labels (any of)', board(`&labelId=${labelIds[1]},${labelIds[2]}`));
    await time('board, a rare label', board(`&labelId=${rareLabel}`));
    await time('board, priority urgent', board('&priority=urgent'));
    await time('board, priority high or urgent', board('&priority=high,urgent'));
    await time('board, label + priority + assignee', board(`&labelId=${labelIds[0]}&priority=none,low&assigneeId=${me.id}`));
    await time('board, label + priority + search', board(`&labelId=${labelIds[3]},${labelIds[4]}&priority=medium,high&q=refund`));
    await time('board, search one word', board('&q=settlement'));
    await time('board, search two prefixes', board('&q=refu%20ledg'));
    await time('board, search + assignee', board(`&q=chargeback&assigneeId=${me.id}`));
    await time('board, search by key', board('&q=BENCH-5000'));
    const firstPage = await getJson(`${base}/board?limit=50`, headers);
    const cursor = firstPage.columns[0].nextCursor as string;
    await time('next page of a column', async () => {
      const page = await getJson(`${base}/tickets?status=backlog&limit=50&cursor=${cursor}`, headers);
      return `${page.items.length} tickets`;
    });
    await time('palette search, all projects', async () => {
      const found = await getJson(`${baton.url}/api/tickets?q=invoice%20tax`, headers);
      return `${found.items.length} tickets`;
    });
    await time('old board: pages of 100 in a row', async () => `${await loadOldBoard(base, headers)} shown of ${TICKETS}`, {
      reads: Math.max(5, Math.round(READS / 10)),
      goal: null,
    });

    // A change reaching an open board: from sending a ticket's edit to the board's event stream
    // naming it (the board then re-reads itself, timed above). It passes through the change table
    // the API processes follow, as a change made by another process or a webhook would.
    const events = await openBoardEvents(`${base}/board/events`, headers);
    const edited = firstPage.columns.flatMap((c: { items: Array<{ id: string; key: string }> }) => c.items);
    let n = 0;
    try {
      await time(
        'change → open board (event)',
        async () => {
          const ticket = edited[n++ % edited.length];
          const heard = events.changed(ticket.id);
          const res = await fetch(`${baton.url}/api/tickets/${ticket.key}`, { method: 'PATCH', headers, body: JSON.stringify({ title: `edited ${n}` }) });
          if (res.status !== 200) throw new Error(`edit answered ${res.status}`);
          await res.arrayBuffer();
          await heard;
          return 'edit sent → its change event read';
        },
        { reads: LIVE_CHANGES, goal: GOAL_LIVE_MS },
      );
    } finally {
      events.close();
    }
    return { engine, createPerSecond: TICKETS / createSeconds, rows };
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

console.log(`\ntickets: ${TICKETS} created over HTTP at concurrency ${CONCURRENCY}; then each read ${READS} times one after another`);
console.log(`PostgreSQL: ${postgres.settings}`);
for (const r of results) {
  const baseline = r.rows[0];
  console.log(`\n${r.engine}: create ${fmt(r.createPerSecond)} tickets/s`);
  console.log('read                                 | p50 ms | p95 ms | p95 vs baseline |        goal p95 | answer');
  for (const row of r.rows) {
    const goal = row.goal === undefined ? '' : `< ${row.goal} ${row.p95 < row.goal ? 'met' : 'MISSED'}`;
    console.log(
      `${row.name.padEnd(36)} | ${fmt(row.p50).padStart(6)} | ${fmt(row.p95).padStart(6)} | ${`×${fmt(row.p95 / baseline.p95, 1)}`.padStart(15)} | ${goal.padStart(16)} | ${row.note}`,
    );
  }
}
