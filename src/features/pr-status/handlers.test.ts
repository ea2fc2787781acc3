import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../../test/support/databases.ts';
import { addTicket, type SeededProject, seedProject } from '../../../test/support/pr-fixtures.ts';
import { githubEvent } from '../../../test/webhooks/support.ts';
import type { AppContext } from '../../app-context.ts';
import type { Db } from '../../db/database.ts';
import type { JobContext } from '../../jobs/worker.ts';
import { createLogger } from '../../log.ts';
import { createProviderRegistry } from '../../providers/registry.ts';
import { prStatusHandlers } from './handlers.ts';
import { APPLY_DELIVERIES_JOB, SWEEP_DELIVERIES_JOB } from './jobs.ts';
import { createDeliveryWriter, deliveryIds } from './webhooks/delivery-writer.ts';

// A delivery the database keeps refusing for a reason that is not known to be about its data
// (here a trigger raising an I/O error for PR #666, as a failing disk or extension would), so a
// retry might fix it: its batch is applied around it, the sweep does not stall on it, and its
// own job's last attempt settles it as failed.
const POISONED = 666;

async function refusePoisonedPullRequest(db: Db): Promise<void> {
  if (db.engine === 'postgres') {
    await sql
      .raw(`CREATE FUNCTION refuse_poisoned_pr() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.number = ${POISONED} THEN RAISE EXCEPTION 'could not write block: the disk is on fire' USING ERRCODE = '58030'; END IF;
          RETURN NEW;
        END $$`)
      .execute(db.kysely);
    await sql
      .raw('CREATE TRIGGER refuse_poisoned_pr BEFORE INSERT OR UPDATE ON pull_requests FOR EACH ROW EXECUTE FUNCTION refuse_poisoned_pr()')
      .execute(db.kysely);
  } else {
    await sql
      .raw(
        `CREATE TRIGGER refuse_poisoned_pr BEFORE INSERT ON pull_requests WHEN NEW.number = ${POISONED}
         BEGIN SELECT RAISE(ABORT, 'could not write block: the disk is on fire'); END`,
      )
      .execute(db.kysely);
  }
}

describe.each(engines)('delivery jobs around a delivery that cannot be applied yet on %s', (engine) => {
  let db: Db;
  let ctx: AppContext;
  let seeded: SeededProject;
  let handlers: ReturnType<typeof prStatusHandlers>;
  const nextId = deliveryIds();

  beforeAll(async () => {
    db = await freshDatabase(engine);
    seeded = await seedProject(db, { repo: { owner: 'Codertocat', name: 'Hello-World', externalId: '186853002' } });
    await refusePoisonedPullRequest(db);
    ctx = { db, log: createLogger('silent'), providers: createProviderRegistry({ allowedProviderHosts: [] }), wakeWorkers() {} } as unknown as AppContext;
    handlers = prStatusHandlers(ctx);
  });
  afterAll(() => db?.destroy());

  async function store(bodies: unknown[], receivedAt: Date): Promise<string[]> {
    const writer = createDeliveryWriter(db, () => {});
    const ids: string[] = [];
    // One after the other, so that received order is the order given.
    for (const body of bodies) {
      const written = await writer.write({
        id: nextId(receivedAt.getTime()),
        receivedAt: receivedAt.toISOString(),
        projectId: seeded.projectId,
        provider: 'github',
        deliveryId: crypto.randomUUID(),
        event: 'pull_request',
        action: (body as { action: string }).action,
        headers: {},
        body: JSON.stringify(body),
        apply: true,
      });
      ids.push(written.id);
    }
    return ids;
  }

  const job = (attempt: number, maxAttempts = 3): JobContext => ({
    jobId: 'job-1',
    kind: APPLY_DELIVERIES_JOB,
    attempt,
    maxAttempts,
    signal: new AbortController().signal,
  });
  const outcomes = async (ids: string[]) => {
    const rows = await db.kysely.selectFrom('webhook_deliveries').select(['id', 'outcome', 'error']).where('id', 'in', ids).execute();
    return ids.map((id) => {
      const row = rows.find((r) => r.id === id)!;
      return [row.outcome, row.error];
    });
  };
  const goodEvents = async (count: number, firstNumber: number) => {
    const tickets = await Promise.all(Array.from({ length: count }, () => addTicket(db, seeded)));
    return tickets.map((t, i) => githubEvent('opened', { number: firstNumber + i, head: t.key, updatedAt: '2024-06-01T10:00:00Z' }));
  };
  const poisoned = () => githubEvent('opened', { number: POISONED, updatedAt: '2024-06-01T10:00:00Z' });

  it('applies the rest of the batch, retries the one that failed, and fails it with the reason on the last attempt', async () => {
    const good = await goodEvents(4, 400);
    const ids = await store([good[0], good[1], poisoned(), good[2], good[3]], new Date());
    const poisonedId = ids[2];
    const others = ids.filter((id) => id !== poisonedId);

    await expect(handlers[APPLY_DELIVERIES_JOB]({ deliveryIds: ids }, job(1))).rejects.toThrow(/the disk is on fire/);
    expect(await outcomes(others)).toEqual(others.map(() => ['applied', null]));
    expect(await outcomes([poisonedId])).toEqual([['pending', null]]);

    await expect(handlers[APPLY_DELIVERIES_JOB]({ deliveryIds: ids }, job(2))).rejects.toThrow(/the disk is on fire/);
    expect(await outcomes([poisonedId])).toEqual([['pending', null]]);

    await handlers[APPLY_DELIVERIES_JOB]({ deliveryIds: ids }, job(3));
    expect(await outcomes([poisonedId])).toEqual([['failed', expect.stringMatching(/could not write block: the disk is on fire/)]]);
    expect(await outcomes(others)).toEqual(others.map(() => ['applied', null]));
  });

  it('sweeps the stuck deliveries behind the oldest one, which cannot be applied, and leaves that one to its job', async () => {
    const aMinuteAgo = new Date(Date.now() - 60_000);
    const [poisonedId] = await store([poisoned()], aMinuteAgo);
    const behind = await store(await goodEvents(5, 500), new Date(aMinuteAgo.getTime() + 1000));

    await handlers[SWEEP_DELIVERIES_JOB]({}, job(1, 1));
    expect(await outcomes(behind)).toEqual(behind.map(() => ['applied', null]));
    expect(await outcomes([poisonedId])).toEqual([['pending', null]]);
    const statuses = await db.kysely.selectFrom('tickets').select('status').where('project_id', '=', seeded.projectId).execute();
    expect(statuses.filter((t) => t.status === 'in_review')).toHaveLength(4 + 5);

    // Sweeping again neither fails nor settles it: only its job's last attempt does.
    await handlers[SWEEP_DELIVERIES_JOB]({}, job(1, 1));
    expect(await outcomes([poisonedId])).toEqual([['pending', null]]);
  });

  it('settles a delivery pending for longer than its job could have retried: failed with its reason, not swept for ever', async () => {
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    const [abandonedId] = await store([poisoned()], twoHoursAgo);
    const [goodId] = await store(await goodEvents(1, 600), new Date(twoHoursAgo.getTime() + 1000));

    await handlers[SWEEP_DELIVERIES_JOB]({}, job(1, 1));
    expect(await outcomes([abandonedId])).toEqual([['failed', expect.stringMatching(/could not write block: the disk is on fire/)]]);
    expect(await outcomes([goodId])).toEqual([['applied', null]]);
  });
});
