// Follows the board change table (db/queries/board-changes.ts) while anyone listens, and hands
// each project's listeners the ids of the tickets that changed. Every process follows the table
// itself, so a change made by any process reaches boards open on every other within a poll.
//
// On PostgreSQL ids are taken when a row is inserted but seen when its transaction commits, so
// a later id can appear before an earlier one. The follower therefore reads on from the highest
// id it has seen, and separately asks again for each id it skipped, until that id shows up or
// has been missing for GAP_MS (an insert rolled back, or a transaction longer than that). Asking
// for the skipped ids by name keeps a burst of later changes from hiding the earlier one.
import type { Db } from '../../db/database.ts';
import { boardChangesAfter, boardChangesIn, latestBoardChangeId } from '../../db/queries/board-changes.ts';
import type { Logger } from '../../log.ts';

export type ChangeListener = (ticketIds: string[]) => void;

const BATCH = 1000;
const GAP_MS = 10_000;
/** Ids below the newest that a follower starting now still waits for: transactions in flight as it starts. */
const LOOK_BACK = 1000;

export interface ChangeFeed {
  /**
   * Calls `listener` with the tickets of the project that changed from now on; resolves, with
   * the unsubscribe, once "now" is fixed, so a board read after that misses nothing.
   */
  subscribe(projectId: string, listener: ChangeListener): Promise<() => void>;
  listeners(): number;
  stop(): Promise<void>;
}

export function startChangeFeed(db: Db, log: Logger, { pollMs = 200, gapMs = GAP_MS } = {}): ChangeFeed {
  const byProject = new Map<string, Set<ChangeListener>>();
  /** The highest id seen; null while nobody listens. */
  let highest: number | null = null;
  /** Ids below `highest` not seen yet, with when they were first found missing. */
  const missing = new Map<number, number>();
  let starting: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;
  let stopped = false;

  const count = () => [...byProject.values()].reduce((n, s) => n + s.size, 0);

  /** Marks the ids between `from` and `to` (both exclusive) as missing; only the last LOOK_BACK of a wide gap. */
  function skipped(from: number, to: number, now: number): void {
    for (let id = Math.max(from + 1, to - LOOK_BACK); id < to; id++) missing.set(id, now);
  }

  function start(): Promise<void> {
    starting ??= (async () => {
      const newest = await latestBoardChangeId(db.kysely);
      const recent = await boardChangesAfter(db.kysely, Math.max(0, newest - LOOK_BACK), LOOK_BACK);
      const now = Date.now();
      let previous = Math.max(0, newest - LOOK_BACK);
      for (const row of recent) {
        skipped(previous, row.id, now);
        previous = row.id;
      }
      skipped(previous, newest + 1, now);
      highest = newest;
    })().catch((err: unknown) => {
      starting = null;
      throw err;
    });
    return starting;
  }

  async function poll(): Promise<void> {
    if (highest === null) return;
    const now = Date.now();
    for (const [id, since] of missing) if (now - since >= gapMs) missing.delete(id);
    const late = missing.size ? await boardChangesIn(db.kysely, [...missing.keys()].slice(0, BATCH)) : [];
    const fresh = await boardChangesAfter(db.kysely, highest, BATCH);
    const changed = new Map<string, Set<string>>();
    const note = (row: { projectId: string; ticketId: string }) => {
      if (!changed.has(row.projectId)) changed.set(row.projectId, new Set());
      changed.get(row.projectId)!.add(row.ticketId);
    };
    for (const row of late) {
      missing.delete(row.id);
      note(row);
    }
    for (const row of fresh) {
      skipped(highest, row.id, now);
      highest = row.id;
      note(row);
    }
    for (const [projectId, tickets] of changed) {
      for (const listener of byProject.get(projectId) ?? []) listener([...tickets]);
    }
  }

  function schedule(): void {
    if (stopped || timer) return;
    if (count() === 0) {
      // Nobody listens: the follower rests, and starts again from the newest change.
      highest = null;
      starting = null;
      missing.clear();
      return;
    }
    timer = setTimeout(() => {
      polling = poll()
        .catch((err: unknown) => log.warn({ err }, 'board change feed poll failed'))
        .finally(() => {
          timer = null;
          polling = null;
          schedule();
        });
    }, pollMs);
  }

  return {
    async subscribe(projectId, listener) {
      if (!byProject.has(projectId)) byProject.set(projectId, new Set());
      byProject.get(projectId)!.add(listener);
      const unsubscribe = () => {
        byProject.get(projectId)?.delete(listener);
        if (byProject.get(projectId)?.size === 0) byProject.delete(projectId);
      };
      try {
        await start();
      } catch (err) {
        unsubscribe();
        throw err;
      }
      schedule();
      return unsubscribe;
    },
    listeners: count,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await polling;
    },
  };
}
