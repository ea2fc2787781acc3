import { afterEach, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../../test/support/databases.ts';
import { eventually } from '../../../test/support/eventually.ts';
import { addTicket, seedProject } from '../../../test/support/pr-fixtures.ts';
import { nowIso } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { createLogger } from '../../log.ts';
import { type ChangeFeed, startChangeFeed } from './change-feed.ts';

let db: Db | undefined;
let feeds: ChangeFeed[] = [];
afterEach(async () => {
  for (const feed of feeds) await feed.stop();
  feeds = [];
  await db?.destroy();
  db = undefined;
});

async function follow(projectId: string) {
  const feed = startChangeFeed(db!, createLogger('silent'), 20);
  feeds.push(feed);
  const heard: string[] = [];
  const unsubscribe = await feed.subscribe(projectId, (ids) => heard.push(...ids));
  return { feed, heard, unsubscribe };
}

describe.each(engines)('board change feed on %s', (engine) => {
  it("hands a project's listeners the tickets that changed after they subscribed, and nothing of other projects", async () => {
    db = await freshDatabase(engine);
    const seeded = await seedProject(db);
    const other = await seedProject(db);
    const before = await addTicket(db, seeded);
    const { heard, feed, unsubscribe } = await follow(seeded.projectId);

    const created = await addTicket(db, seeded);
    await addTicket(db, other);
    await db.kysely.updateTable('tickets').set({ status: 'done' }).where('id', '=', before.id).execute();
    await eventually(() => heard.includes(before.id) && heard.includes(created.id), { what: 'both changes' });
    expect(new Set(heard)).toEqual(new Set([created.id, before.id]));

    // Bookkeeping no card shows stays silent.
    await db.kysely.updateTable('tickets').set({ prs_synced_at: nowIso() }).where('id', '=', before.id).execute();
    await db.kysely.updateTable('tickets').set({ title: 'Renamed' }).where('id', '=', created.id).execute();
    await eventually(() => heard.filter((id) => id === created.id).length === 2, { what: 'the rename' });
    expect(heard.filter((id) => id === before.id)).toHaveLength(1);

    unsubscribe();
    expect(feed.listeners()).toBe(0);
  });
});

describe('board change feed on postgres', () => {
  it('delivers a change whose transaction commits after a later one', async () => {
    db = await freshDatabase('postgres');
    const seeded = await seedProject(db);
    const [slow, fast] = [await addTicket(db, seeded), await addTicket(db, seeded)];
    const { heard } = await follow(seeded.projectId);

    let commitSlow!: () => void;
    const slowHeld = new Promise<void>((resolve) => (commitSlow = resolve));
    let slowWrote!: () => void;
    const slowWriting = new Promise<void>((resolve) => (slowWrote = resolve));
    const slowTx = db.transaction(async (tx) => {
      await tx.updateTable('tickets').set({ status: 'ready' }).where('id', '=', slow.id).execute();
      slowWrote();
      await slowHeld; // holds the lower id uncommitted
    });
    await slowWriting;
    await db.kysely.updateTable('tickets').set({ status: 'ready' }).where('id', '=', fast.id).execute();
    await eventually(() => heard.includes(fast.id), { what: 'the later change' });
    expect(heard).not.toContain(slow.id);

    commitSlow();
    await slowTx;
    await eventually(() => heard.includes(slow.id), { what: 'the change committed last' });
  });
});
