import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../../test/support/databases.ts';
import { eventually } from '../../../test/support/eventually.ts';
import { addTicket, pullRequest, seedProject } from '../../../test/support/pr-fixtures.ts';
import { nowIso } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { createLogger } from '../../log.ts';
import { createLabel, deleteLabel, updateLabel } from '../../services/labels.ts';
import { type TicketPatch, updateTicket } from '../../services/tickets.ts';
import { applyPullRequest } from '../pr-status/pull-requests.ts';
import { type ChangeFeed, startChangeFeed } from './change-feed.ts';

let db: Db | undefined;
let feeds: ChangeFeed[] = [];
afterEach(async () => {
  for (const feed of feeds) await feed.stop();
  feeds = [];
  await db?.destroy();
  db = undefined;
});

/** A follower that waits for a skipped id as long as a test could run: only reading it by name finds it. */
async function follow(projectId: string) {
  const feed = startChangeFeed(db!, createLogger('silent'), { pollMs: 20, gapMs: 600_000 });
  feeds.push(feed);
  const heard: string[] = [];
  const unsubscribe = await feed.subscribe(projectId, (ids) => heard.push(...ids));
  return { feed, heard, unsubscribe };
}

describe.each(engines)('board change feed on %s', (engine) => {
  it('hands on label, priority and archive changes: a label put on or off, renamed, recoloured or deleted, and nothing for a write of the same values', async () => {
    db = await freshDatabase(engine);
    const seeded = await seedProject(db);
    const [labelled, other] = [await addTicket(db, seeded), await addTicket(db, seeded)];
    const label = await createLabel(db.kysely, seeded.owner, seeded.projectId, { name: 'bug', color: '#d73a4a' });
    const { heard } = await follow(seeded.projectId);
    const times = (id: string) => heard.filter((h) => h === id).length;
    /** Waits until `ticketId` was handed on `n` times in all. */
    const heardTimes = (ticketId: string, n: number, what: string) => eventually(() => times(ticketId) >= n, { what });
    const patch = (ticketId: string, p: TicketPatch) => updateTicket(db!, seeded.owner, ticketId === labelled.id ? labelled.key : other.key, p);

    await patch(labelled.id, { labelIds: [label.id] });
    await heardTimes(labelled.id, 1, 'the label put on');
    await updateLabel(db.kysely, seeded.owner, seeded.projectId, label.id, { name: 'defect' });
    await heardTimes(labelled.id, 2, 'the rename');
    await updateLabel(db.kysely, seeded.owner, seeded.projectId, label.id, { color: '#0e8a16' });
    await heardTimes(labelled.id, 3, 'the recolour');
    await patch(other.id, { priority: 'urgent' });
    await heardTimes(other.id, 1, 'the priority');
    await patch(other.id, { archived: true });
    await heardTimes(other.id, 2, 'the archive');
    await patch(other.id, { archived: false });
    await heardTimes(other.id, 3, 'the restore');
    await patch(labelled.id, { labelIds: [] });
    await heardTimes(labelled.id, 4, 'the label taken off');
    await patch(labelled.id, { labelIds: [label.id] });
    await heardTimes(labelled.id, 5, 'the label put on again');
    await deleteLabel(db.kysely, seeded.owner, seeded.projectId, label.id);
    await heardTimes(labelled.id, 6, 'the label deleted');
    expect(times(other.id)).toBe(3); // another ticket's label changes name only that ticket

    // Writes of the same values and a label no ticket carries wake no board; the marker after
    // them shows the follower has read past them.
    const unused = await createLabel(db.kysely, seeded.owner, seeded.projectId, { name: 'unused', color: '#000000' });
    await updateLabel(db.kysely, seeded.owner, seeded.projectId, unused.id, { name: 'still unused' });
    await db.kysely.updateTable('tickets').set({ priority: 'urgent', archived_at: null }).where('id', '=', other.id).execute();
    await db.kysely.updateTable('labels').set({ color: '#000000' }).where('id', '=', unused.id).execute();
    await db.kysely.updateTable('tickets').set({ title: 'Marker' }).where('id', '=', labelled.id).execute();
    await heardTimes(labelled.id, 7, 'the marker');
    expect(times(other.id)).toBe(3);
    expect(new Set(heard)).toEqual(new Set([labelled.id, other.id]));
  });

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

  it('records a change only when a card shows it: a write of the same values, or a pull request stored as it was, records nothing', async () => {
    db = await freshDatabase(engine);
    const seeded = await seedProject(db);
    const ticket = await addTicket(db, seeded);
    const changesOf = async () =>
      Number(
        (
          await db!.kysely
            .selectFrom('board_changes')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('ticket_id', '=', ticket.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const apply = (state: 'open' | 'merged', updatedAt: string) =>
      db!.transaction((tx) =>
        applyPullRequest(tx, {
          repositoryId: seeded.repositoryId,
          pullRequest: pullRequest({ number: 7, headBranch: `feature/${ticket.key}-x`, state, updatedAt }),
          cause: 'pr_event',
        }),
      );

    const created = await changesOf();
    expect(created).toBe(1);
    await db.kysely.updateTable('tickets').set({ status: 'backlog', title: 'A ticket' }).where('id', '=', ticket.id).execute();
    expect(await changesOf()).toBe(created);

    await apply('open', '2025-01-01T10:00:00Z');
    const linked = await changesOf();
    expect(linked).toBeGreaterThan(created);
    // A later sighting of the same state (e.g. a push to the branch) stores a new time, nothing a card shows.
    expect((await apply('open', '2025-01-01T10:05:00Z')).stored).toBe(true);
    expect(await changesOf()).toBe(linked);
    await apply('merged', '2025-01-01T10:10:00Z');
    expect(await changesOf()).toBeGreaterThan(linked);
  });
});

/** Holds an uncommitted card change of `ticketId` (its change id taken) until `commit` is called. */
async function holdChange(ticketId: string) {
  let commit!: () => void;
  const held = new Promise<void>((resolve) => (commit = resolve));
  let wrote!: () => void;
  const writing = new Promise<void>((resolve) => (wrote = resolve));
  const done = db!.transaction(async (tx) => {
    await tx.updateTable('tickets').set({ status: 'ready' }).where('id', '=', ticketId).execute();
    wrote();
    await held;
  });
  await writing;
  return {
    commit: async () => {
      commit();
      await done;
    },
  };
}

describe('board change feed on postgres', () => {
  it('keeps delivering a burst of later changes while an earlier one is uncommitted', async () => {
    db = await freshDatabase('postgres');
    const seeded = await seedProject(db);
    const [slow, last] = [await addTicket(db, seeded), await addTicket(db, seeded)];
    const { heard } = await follow(seeded.projectId);
    const slowTx = await holdChange(slow.id);

    // More committed changes than one read returns, all after the held id.
    const burst = 2500;
    await sql`INSERT INTO board_changes (project_id, ticket_id, changed_at)
      SELECT ${seeded.projectId}, 'burst-' || n, ${nowIso()} FROM generate_series(1, ${sql.lit(burst)}) AS n`.execute(db.kysely);
    await db.kysely.updateTable('tickets').set({ status: 'done' }).where('id', '=', last.id).execute();
    await eventually(() => heard.includes(last.id), { what: 'the change after the burst' });
    expect(heard.filter((id) => id.startsWith('burst-'))).toHaveLength(burst);
    expect(heard).not.toContain(slow.id);

    await slowTx.commit();
    await eventually(() => heard.includes(slow.id), { what: 'the change committed last' });
  });

  it('a follower starting while a change is uncommitted still delivers it once committed', async () => {
    db = await freshDatabase('postgres');
    const seeded = await seedProject(db);
    const [slow, fast] = [await addTicket(db, seeded), await addTicket(db, seeded)];
    const slowTx = await holdChange(slow.id);
    await db.kysely.updateTable('tickets').set({ status: 'ready' }).where('id', '=', fast.id).execute();

    const { heard } = await follow(seeded.projectId); // starts after the fast change, below the slow one's id
    await slowTx.commit();
    await eventually(() => heard.includes(slow.id), { what: 'the change that was in flight at start' });
    expect(heard).not.toContain(fast.id);
  });

  it('delivers a change whose transaction commits after a later one', async () => {
    db = await freshDatabase('postgres');
    const seeded = await seedProject(db);
    const [slow, fast] = [await addTicket(db, seeded), await addTicket(db, seeded)];
    const { heard } = await follow(seeded.projectId);

    const slowTx = await holdChange(slow.id); // holds the lower id uncommitted
    await db.kysely.updateTable('tickets').set({ status: 'ready' }).where('id', '=', fast.id).execute();
    await eventually(() => heard.includes(fast.id), { what: 'the later change' });
    expect(heard).not.toContain(slow.id);

    await slowTx.commit();
    await eventually(() => heard.includes(slow.id), { what: 'the change committed last' });
  });
});
