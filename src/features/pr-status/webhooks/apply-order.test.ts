import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../../test/support/databases.ts';
import { addTicket, type SeededProject, seedProject } from '../../../../test/support/pr-fixtures.ts';
import { githubEvent } from '../../../../test/webhooks/support.ts';
import type { Db } from '../../../db/database.ts';
import { createDeliveryWriter, deliveryIds } from './delivery-writer.ts';

const APPLIER = path.resolve(import.meta.dirname, '../../../../test/support/apply-batches.ts');
const PRS = 12;
const ROUNDS = 6;

/** One process applying `batches` in turn; `go` starts it, `result` is its outcomes. */
function applier(url: string, batches: string[][]) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', APPLIER, url, JSON.stringify(batches)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.startsWith('ready\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`applier exited (${code}) before it was ready:\n${err}`)));
  });
  const result = new Promise<Record<string, string>>((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length))) : reject(new Error(`applier failed (${code}):\n${err}`)))),
  );
  return { ready, go: () => child.stdin!.write('go\n'), result };
}

describe('two processes applying overlapping batches on postgres', () => {
  let db: Db & { url: string };
  let seeded: SeededProject;
  let stats: pg.Client;

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    seeded = await seedProject(db, { repo: { owner: 'Codertocat', name: 'Hello-World', externalId: '186853002' } });
    stats = new pg.Client({ connectionString: db.url });
    await stats.connect();
  });
  afterAll(async () => {
    await stats?.end();
    await db?.destroy();
  });

  const deadlocks = async () => Number((await stats.query('select deadlocks from pg_stat_database where datname = current_database()')).rows[0].deadlocks);

  it('lock PR rows and tickets in one order: no deadlock, every delivery applied once', async () => {
    const tickets = await Promise.all(Array.from({ length: PRS }, () => addTicket(db, seeded)));
    const writer = createDeliveryWriter(db, () => {});
    const nextId = deliveryIds();
    // Written together, so one batch of the writer: arrival order (the order a batch applies in) is the order given.
    const store = async (bodies: unknown[]) =>
      (
        await Promise.all(
          bodies.map((body) =>
            writer.write({
              id: nextId(Date.now()),
              receivedAt: new Date().toISOString(),
              projectId: seeded.projectId,
              provider: 'github',
              deliveryId: crypto.randomUUID(),
              event: 'pull_request',
              action: (body as { action: string }).action,
              headers: {},
              body: JSON.stringify(body),
              apply: true,
            }),
          ),
        )
      ).map((r) => r.id);
    // Every round, one process's batch touches the PRs (and their tickets) first to last and the
    // other's last to first: applied in arrival order, they would each hold what the other waits for.
    const at = (second: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, second)).toISOString();
    const forward: string[][] = [];
    const backward: string[][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const draft = round % 2 === 1;
      const event = (i: number, second: number) =>
        githubEvent(draft ? 'converted_to_draft' : 'ready_for_review', { number: 300 + i, head: tickets[i].key, draft, updatedAt: at(second) });
      forward.push(await store(tickets.map((_, i) => event(i, 2 * round))));
      backward.push(await store(tickets.map((_, i) => event(PRS - 1 - i, 2 * round + 1))));
    }
    const before = await deadlocks();

    const url = new URL(db.url);
    url.searchParams.set('application_name', 'baton-apply-test');
    const appliers = [applier(url.toString(), forward), applier(url.toString(), backward)];
    await Promise.all(appliers.map((a) => a.ready));
    for (const a of appliers) a.go();
    const [first, second] = await Promise.all(appliers.map((a) => a.result));

    // A backend's counters reach pg_stat_database when it exits, before it leaves pg_stat_activity.
    const appliersGone = async () =>
      Number(
        (await stats.query("select count(*) as n from pg_stat_activity where datname = current_database() and application_name = 'baton-apply-test'")).rows[0]
          .n,
      ) === 0;
    while (!(await appliersGone())) await new Promise((r) => setTimeout(r, 20));
    expect(await deadlocks()).toBe(before);

    const all = [...forward.flat(), ...backward.flat()];
    expect(Object.keys({ ...first, ...second }).sort()).toEqual([...all].sort());
    expect(Object.keys(first).filter((id) => id in second)).toEqual([]);
    // A round's earlier batch is superseded (ignored) when the later one got there first.
    expect(Object.values({ ...first, ...second }).every((o) => o === 'applied' || o === 'ignored')).toBe(true);
    const pending = await db.kysely.selectFrom('webhook_deliveries').select('id').where('outcome', '=', 'pending').where('id', 'in', all).execute();
    expect(pending).toEqual([]);
    // The last batch (a draft round's) wins everywhere, whichever process applied it.
    const prs = await db.kysely.selectFrom('pull_requests').select(['number', 'state']).where('repository_id', '=', seeded.repositoryId).execute();
    expect(prs.filter((p) => p.number >= 300).map((p) => p.state)).toEqual(Array(PRS).fill((ROUNDS - 1) % 2 === 1 ? 'draft' : 'open'));
  });
});
