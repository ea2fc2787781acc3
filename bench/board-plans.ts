// The board's filtered queries at 10,000 tickets on both engines: each query's plan as the
// database chooses it, and its time in this process (no HTTP), so an index the filter misses
// shows as a scan here before it shows as a slow board. The queries are the board's own
// (db/queries/board.ts): a column's first page and the counts of every column, under labels,
// priority, search and their combinations.
//
// Tickets are written straight to the database (the HTTP benchmark, bench/tickets.ts, creates
// them through the API); SQLite is left unanalysed as Baton leaves it, PostgreSQL analysed as
// its autovacuum does after that many inserts.
//
//   node --import tsx bench/board-plans.ts [ticketCount]   (BENCH_READS per query, default 200;
//   BENCH_ENGINES, default sqlite,postgres)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompiledQuery, type Kysely } from 'kysely';
import { newId, nowIso } from '../src/clock.ts';
import { type Db, type Engine, openDatabase } from '../src/db/database.ts';
import { countsByStatusQuery, type TicketFilter, ticketPageQuery } from '../src/db/queries/board.ts';
import type { Database } from '../src/db/schema/index.ts';
import { TICKET_STATUSES } from '../src/domain/status.ts';
import { seedProject } from '../test/support/pr-fixtures.ts';
import { fmt, newDatabaseUrl, percentile, runConcurrently, startDurablePostgres } from './support.ts';

const TICKETS = Number(process.argv[2] ?? 10_000);
const READS = Number(process.env.BENCH_READS ?? 200);
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
const LABELS = 12;
/** A label few tickets carry: the filter must not walk the whole project to find them. */
const RARE_EVERY = 500;
const WORDS = ['refund', 'ledger', 'payout', 'invoice', 'audit', 'webhook', 'export', 'settlement'];

async function seed(db: Db) {
  const project = await seedProject(db, { key: 'PLAN' });
  await seedProject(db, { key: 'NOISE' }); // another project's labels and tickets share the tables
  const now = nowIso();
  const labels = Array.from({ length: LABELS + 1 }, (_, i) => ({
    id: newId(),
    project_id: project.projectId,
    name: i === LABELS ? 'rare' : `label-${i}`,
    color: '#3b82f6',
    created_at: now,
  }));
  await db.kysely.insertInto('labels').values(labels).execute();
  for (let start = 0; start < TICKETS; start += 500) {
    const rows = Array.from({ length: Math.min(500, TICKETS - start) }, (_, k) => {
      const i = start + k;
      // Priorities and labels vary across the tickets of each status, not with it.
      const j = Math.floor(i / TICKET_STATUSES.length);
      return {
        id: newId(),
        project_id: project.projectId,
        number: i + 1,
        key: `PLAN-${i + 1}`,
        title: `${WORDS[i % WORDS.length]} ${WORDS[(i * 3) % WORDS.length]} ticket ${i}`,
        spec: `The ${WORDS[(i * 5) % WORDS.length]} as the support team described it.`,
        status: TICKET_STATUSES[i % TICKET_STATUSES.length],
        assignee_id: i % 4 === 0 ? project.owner.id : null,
        reviewer_id: null,
        repository_id: null,
        branch: null,
        start_work: null,
        prs_synced_at: null,
        // Most tickets keep "none", as teams leave them; urgent is one in twenty.
        priority: j % 20 === 0 ? 'urgent' : j % 5 === 0 ? 'high' : j % 3 === 0 ? 'medium' : j % 7 === 0 ? 'low' : 'none',
        created_at: now,
        updated_at: now,
      };
    });
    await db.kysely.insertInto('tickets').values(rows).execute();
    const links = rows.flatMap((t, k) => {
      const j = Math.floor((start + k) / TICKET_STATUSES.length);
      const on = [labels[j % LABELS].id];
      if (j % 3 === 0) on.push(labels[(j + 5) % LABELS].id);
      if (j % (RARE_EVERY / TICKET_STATUSES.length) === 0) on.push(labels[LABELS].id);
      return on.map((label_id) => ({ ticket_id: t.id, label_id }));
    });
    await db.kysely.insertInto('ticket_labels').values(links).execute();
  }
  return { projectId: project.projectId, ownerId: project.owner.id, common: labels[0].id, other: labels[1].id, rare: labels[LABELS].id };
}

async function planOf(db: Kysely<Database>, engine: Engine, query: CompiledQuery): Promise<string> {
  const prefix = engine === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN (COSTS OFF) ';
  const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + query.sql, [...query.parameters]));
  return result.rows.map((r) => (engine === 'sqlite' ? `  ${r.detail}` : `  ${r['QUERY PLAN']}`)).join('\n');
}

async function measure(engine: Engine, url: string): Promise<string[]> {
  const db = openDatabase(url);
  const out: string[] = [];
  try {
    await db.migrate();
    const { projectId, ownerId, common, other, rare } = await seed(db);
    if (engine === 'postgres') await db.kysely.executeQuery(CompiledQuery.raw('ANALYZE'));
    const filters: Array<[string, Omit<TicketFilter, 'status'>]> = [
      ['no filter', {}],
      ['one label', { labelId: [common] }],
      ['two labels', { labelId: [common, other] }],
      ['a rare label', { labelId: [rare] }],
      ['priority urgent', { priority: ['urgent'] }],
      ['priority high or urgent', { priority: ['high', 'urgent'] }],
      ['label + priority', { labelId: [common], priority: ['high', 'urgent'] }],
      ['two labels + three priorities + assignee + search', { labelId: [common, other], priority: ['high', 'urgent', 'none'], assigneeId: ownerId, q: 'refu' }],
    ];
    out.push(`\n${engine}: ${TICKETS} tickets, ${LABELS + 1} labels; ${READS} runs of each query, one after another`);
    out.push('query                                              | page p50 | page p95 | counts p50 | counts p95 | shown / counted');
    const plans: string[] = [];
    for (const [name, filter] of filters) {
      const page = ticketPageQuery(db.kysely, projectId, { ...filter, status: 'in_progress', limit: 50 });
      const counts = countsByStatusQuery(db.kysely, projectId, filter);
      const pageMs = await runConcurrently(READS, 1, async () => void (await page.execute()));
      const countMs = await runConcurrently(READS, 1, async () => void (await counts.execute()));
      const shown = (await page.execute()).length;
      const counted = (await counts.execute()).reduce((n, r) => n + Number(r.n), 0);
      out.push(
        `${name.padEnd(50)} | ${fmt(percentile(pageMs, 50), 2).padStart(8)} | ${fmt(percentile(pageMs, 95), 2).padStart(8)} | ${fmt(percentile(countMs, 50), 2).padStart(10)} | ${fmt(percentile(countMs, 95), 2).padStart(10)} | ${shown} / ${counted}`,
      );
      plans.push(`\n[${engine}] ${name}: a column's page\n${await planOf(db.kysely, engine, page.compile())}`);
      plans.push(`[${engine}] ${name}: every column's count\n${await planOf(db.kysely, engine, counts.compile())}`);
    }
    out.push(...plans);
  } finally {
    await db.destroy();
  }
  return out;
}

const postgres = ENGINES.includes('postgres') ? await startDurablePostgres() : null;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-plans-'));
const lines: string[] = [];
try {
  if (ENGINES.includes('sqlite')) lines.push(...(await measure('sqlite', await newDatabaseUrl(dataDir))));
  if (postgres) lines.push(...(await measure('postgres', await newDatabaseUrl(dataDir, postgres.url))));
} finally {
  await postgres?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
console.log(lines.join('\n'));
