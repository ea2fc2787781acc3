import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../../../test/support/databases.ts';
import { addTicket, type SeededProject, seedProject } from '../../../../test/support/pr-fixtures.ts';
import { githubEvent } from '../../../../test/webhooks/support.ts';
import type { AppContext } from '../../../app-context.ts';
import type { Db } from '../../../db/database.ts';
import { createLogger } from '../../../log.ts';
import { createProviderRegistry } from '../../../providers/registry.ts';
import { applyDeliveries } from './apply-deliveries.ts';
import { createDeliveryWriter, deliveryIds } from './delivery-writer.ts';

describe.each(engines)('applying stored deliveries on %s', (engine) => {
  let db: Db;
  let ctx: AppContext;
  let seeded: SeededProject;
  const nextId = deliveryIds();

  beforeAll(async () => {
    db = await freshDatabase(engine);
    seeded = await seedProject(db, { repo: { owner: 'Codertocat', name: 'Hello-World', externalId: '186853002' } });
    ctx = { db, log: createLogger('silent'), providers: createProviderRegistry({ allowedProviderHosts: [] }), wakeWorkers() {} } as unknown as AppContext;
  });
  afterAll(() => db?.destroy());

  async function store(bodies: unknown[]): Promise<string[]> {
    const writer = createDeliveryWriter(db, () => {});
    const results = await Promise.all(
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
    );
    return results.map((r) => r.id);
  }

  it('applies each delivery once when batches race, and in order within a batch', async () => {
    const tickets = await Promise.all(Array.from({ length: 10 }, () => addTicket(db, seeded)));
    const bodies = tickets.flatMap((t, i) => [
      githubEvent('opened', { number: 100 + i, head: t.key, updatedAt: '2024-05-01T10:00:00Z' }),
      githubEvent('converted_to_draft', { number: 100 + i, head: t.key, draft: true, updatedAt: '2024-05-01T10:01:00Z' }),
      githubEvent('closed', { number: 100 + i, head: t.key, state: 'closed', merged: true, updatedAt: '2024-05-01T10:02:00Z' }),
    ]);
    const ids = await store(bodies);
    // Overlapping batches at once, as two workers (or a job and the sweep) would run them.
    const runs = await Promise.all([applyDeliveries(ctx, ids), applyDeliveries(ctx, [...ids].reverse()), applyDeliveries(ctx, ids.slice(5, 20))]);
    const handled = runs.flatMap((r) => [...r.keys()]);
    expect(handled.sort()).toEqual([...ids].sort());
    const rows = await db.kysely.selectFrom('webhook_deliveries').select(['id', 'outcome']).where('id', 'in', ids).execute();
    expect(rows.every((r) => r.outcome === 'applied' || r.outcome === 'ignored')).toBe(true);
    for (const t of tickets) {
      const ticket = await db.kysely.selectFrom('tickets').select('status').where('id', '=', t.id).executeTakeFirstOrThrow();
      expect(ticket.status).toBe('done');
    }
    // Applied in order within one batch: every transition is in the history, each once.
    const history = await db.kysely
      .selectFrom('ticket_history')
      .select(['ticket_id', 'detail'])
      .where('cause', '=', 'pr_event')
      .where('kind', '=', 'status')
      .where(
        'ticket_id',
        'in',
        tickets.map((t) => t.id),
      )
      .execute();
    const perTicket = new Map<string, string[]>();
    for (const h of history) perTicket.set(h.ticket_id, [...(perTicket.get(h.ticket_id) ?? []), h.detail!]);
    for (const details of perTicket.values()) expect(new Set(details).size).toBe(details.length);
  });

  it('marks a payload that cannot be read as failed without holding up the rest of its batch', async () => {
    const ticket = await addTicket(db, seeded);
    const [bad, good] = await store([
      { action: 'opened', pull_request: { number: 'seven' }, repository: {} },
      githubEvent('opened', { number: 200, head: ticket.key, updatedAt: '2024-05-02T10:00:00Z' }),
    ]);
    const outcomes = await applyDeliveries(ctx, [bad, good]);
    expect([outcomes.get(bad), outcomes.get(good)]).toEqual(['failed', 'applied']);
    const row = await db.kysely.selectFrom('webhook_deliveries').select(['outcome', 'error']).where('id', '=', bad).executeTakeFirstOrThrow();
    expect(row.error).toMatch(/GitHub pull_request payload is not as expected/);
    expect(await applyDeliveries(ctx, [bad, good])).toEqual(new Map());
  });
  it('applies a NUL-bearing delivery batched with 40 good ones with NUL dropped, and fails only a delivery the database refuses', async () => {
    const tickets = await Promise.all(Array.from({ length: 40 }, () => addTicket(db, seeded)));
    const good = tickets.map((t, i) => githubEvent('opened', { number: 300 + i, head: t.key, updatedAt: '2024-05-03T10:00:00Z' }));
    const nul = githubEvent('opened', { number: 350, title: 'Refunds \u0000 for everyone', body: 'Spec\u0000', updatedAt: '2024-05-03T10:00:00Z' });
    // Beyond PostgreSQL's integer: its data error is about this delivery, and no retry fixes it.
    const huge = githubEvent('opened', { number: 3_000_000_000, updatedAt: '2024-05-03T10:00:00Z' });
    expect(JSON.stringify(nul)).toContain('\\u0000');
    const ids = await store([...good.slice(0, 20), nul, huge, ...good.slice(20)]);
    const [nulId, hugeId] = [ids[20], ids[21]];

    const outcomes = await applyDeliveries(ctx, ids);
    const rows = await db.kysely.selectFrom('webhook_deliveries').select(['id', 'outcome', 'error']).where('id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(rows.filter((r) => r.outcome === 'pending')).toEqual([]);
    for (const id of ids.filter((i) => i !== hugeId)) expect([outcomes.get(id), byId.get(id)!.error]).toEqual(['applied', null]);
    if (engine === 'postgres') {
      expect(byId.get(hugeId)).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/out of range/) });
    } else {
      expect(byId.get(hugeId)!.outcome).toBe('applied');
    }
    expect(byId.get(nulId)).toMatchObject({ outcome: 'applied', error: null });
    const stored = await db.kysely.selectFrom('pull_requests').select('title').where('number', '=', 350).executeTakeFirstOrThrow();
    expect(stored.title).toBe('Refunds  for everyone');
    for (const t of tickets)
      expect((await db.kysely.selectFrom('tickets').select('status').where('id', '=', t.id).executeTakeFirstOrThrow()).status).toBe('in_review');
  });
});
