// Follows the board change table (db/queries/board-changes.ts) while anyone listens, and hands
// each project's listeners the ids of the tickets that changed. Every process follows the table
// itself, so a change made by any process reaches boards open on every other within a poll.
//
// On PostgreSQL ids are taken when a row is inserted but seen when its transaction commits, so
// a later id can appear before an earlier one. The follower therefore remembers what it has
// delivered above its cursor and moves the cursor over a missing id only once that id has been
// missing for GAP_MS (an insert rolled back, or a transaction longer than that).
import type { Db } from '../../db/database.ts';
import { boardChangesAfter, latestBoardChangeId } from '../../db/queries/board-changes.ts';
import type { Logger } from '../../log.ts';

export type ChangeListener = (ticketIds: string[]) => void;

const BATCH = 1000;
const GAP_MS = 10_000;

export interface ChangeFeed {
  /**
   * Calls `listener` with the tickets of the project that changed from now on; resolves, with
   * the unsubscribe, once "now" is fixed, so a board read after that misses nothing.
   */
  subscribe(projectId: string, listener: ChangeListener): Promise<() => void>;
  listeners(): number;
  stop(): Promise<void>;
}

export function startChangeFeed(db: Db, log: Logger, pollMs = 200): ChangeFeed {
  const byProject = new Map<string, Set<ChangeListener>>();
  let cursor: number | null = null;
  const delivered = new Set<number>();
  const missingSince = new Map<number, number>();
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;
  let stopped = false;

  const count = () => [...byProject.values()].reduce((n, s) => n + s.size, 0);

  let starting: Promise<void> | null = null;
  function start(): Promise<void> {
    starting ??= latestBoardChangeId(db.kysely).then((id) => {
      cursor ??= id;
    });
    return starting;
  }

  async function poll(): Promise<void> {
    if (cursor === null) return;
    const rows = await boardChangesAfter(db.kysely, cursor, BATCH);
    const changed = new Map<string, Set<string>>();
    for (const row of rows) {
      if (delivered.has(row.id)) continue;
      delivered.add(row.id);
      if (!changed.has(row.projectId)) changed.set(row.projectId, new Set());
      changed.get(row.projectId)!.add(row.ticketId);
    }
    advance();
    for (const [projectId, tickets] of changed) {
      for (const listener of byProject.get(projectId) ?? []) listener([...tickets]);
    }
  }

  function advance(): void {
    const now = Date.now();
    const highest = Math.max(0, ...delivered);
    while (cursor! < highest) {
      const next = cursor! + 1;
      if (!delivered.delete(next)) {
        const since = missingSince.get(next) ?? now;
        missingSince.set(next, since);
        if (now - since < GAP_MS) return;
      }
      missingSince.delete(next);
      cursor = next;
    }
  }

  function schedule(): void {
    if (stopped || timer) return;
    if (count() === 0) {
      // Nobody listens: the follower rests, and starts again from the newest change.
      if (!starting || cursor !== null) [cursor, starting] = [null, null];
      delivered.clear();
      missingSince.clear();
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
      await start();
      schedule();
      return () => {
        byProject.get(projectId)?.delete(listener);
        if (byProject.get(projectId)?.size === 0) byProject.delete(projectId);
      };
    },
    listeners: count,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await polling;
    },
  };
}
