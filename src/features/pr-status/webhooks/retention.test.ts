import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../../../test/support/databases.ts';
import { type SeededProject, seedProject } from '../../../../test/support/pr-fixtures.ts';
import type { Db } from '../../../db/database.ts';
import { Conflict } from '../../../errors.ts';
import { replayDelivery } from './deliveries.ts';
import { createDeliveryWriter, deliveryIds } from './delivery-writer.ts';
import { dropExpiredBodies } from './retention.ts';

const DAY = 24 * 3600 * 1000;

describe.each(engines)('delivery retention on %s', (engine) => {
  let db: Db;
  let seeded: SeededProject;
  const nextId = deliveryIds();

  beforeAll(async () => {
    db = await freshDatabase(engine);
    seeded = await seedProject(db);
  });
  afterAll(() => db?.destroy());

  const writer = () => createDeliveryWriter(db, () => {});
  const delivery = (daysAgo: number, apply = false) => {
    const at = Date.now() - daysAgo * DAY;
    return {
      id: nextId(at),
      receivedAt: new Date(at).toISOString(),
      projectId: seeded.projectId,
      provider: 'github',
      deliveryId: crypto.randomUUID(),
      event: 'pull_request',
      action: 'opened',
      headers: { 'x-github-event': 'pull_request' },
      body: JSON.stringify({ action: 'opened', padding: 'x'.repeat(2000) }),
      apply,
    };
  };
  const row = (id: string) => db.kysely.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('drops bodies past the retention period in batches, keeping each row and its summary; pending and recent ones keep theirs', async () => {
    const w = writer();
    const old = await Promise.all(Array.from({ length: 7 }, () => w.write(delivery(15))));
    const [pendingOld] = await Promise.all([w.write(delivery(20, true))]);
    const recent = await Promise.all(Array.from({ length: 3 }, () => w.write(delivery(13))));

    expect(await dropExpiredBodies(db, 14, 2)).toBe(7);
    for (const { id } of old) {
      expect(await row(id)).toMatchObject({ id, event: 'pull_request', action: 'opened', outcome: 'ignored', body: '', headers: '{}' });
      expect((await row(id)).body_dropped_at).not.toBeNull();
    }
    for (const { id } of [...recent, pendingOld]) {
      expect((await row(id)).body).toContain('padding');
      expect((await row(id)).body_dropped_at).toBeNull();
    }
    expect(await dropExpiredBodies(db, 14, 2)).toBe(0);
    // A shorter retention reaches the recent ones.
    expect(await dropExpiredBodies(db, 12)).toBe(3);
  });

  it('refuses to replay a delivery whose body was dropped, saying what to do instead', async () => {
    const [stored] = await Promise.all([writer().write(delivery(30))]);
    await dropExpiredBodies(db, 14);
    const replay = replayDelivery(db, () => {}, seeded.owner, seeded.projectId, stored.id);
    await expect(replay).rejects.toBeInstanceOf(Conflict);
    await expect(replay).rejects.toThrow(/payload was dropped .* use Sync PR status/);
    expect((await row(stored.id)).outcome).toBe('ignored');
  });

  it('lets deliveries be stored between its batches', async () => {
    const w = writer();
    await Promise.all(Array.from({ length: 60 }, () => w.write(delivery(40))));
    let batches = 0;
    let fresh: { id: string } | undefined;
    // A delivery written after the first batch, while eleven are still to go, is stored without
    // waiting for them: no lock is held between batches (SQLite would refuse the write as busy).
    const dropped = await dropExpiredBodies(db, 14, 5, async () => {
      batches += 1;
      if (batches === 1) fresh = await w.write(delivery(0));
    });
    expect(dropped).toBe(60);
    expect(batches).toBe(12);
    expect((await row(fresh!.id)).body).toContain('padding');
    expect((await row(fresh!.id)).body_dropped_at).toBeNull();
  });
});
