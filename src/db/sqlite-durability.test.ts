import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freshSqliteUrl } from '../../test/support/databases.ts';
import { openDatabase } from './database.ts';
import { groupSync } from './sqlite-durability.ts';

/** A sync the test finishes by hand. */
function manualSync() {
  const started: Array<() => void> = [];
  const sync = () => new Promise<void>((resolve) => started.push(resolve));
  return { sync, started, finish: (i: number) => started[i]() };
}

describe('group commit', () => {
  it('starts a sync for a call when none runs, and makes every call during it wait for the next one, which they share', async () => {
    const { sync, started, finish } = manualSync();
    const barrier = groupSync(sync);
    const done: string[] = [];
    const first = barrier().then(() => done.push('first'));
    expect(started).toHaveLength(1);
    // Written while sync 0 runs: sync 0 may have begun before these commits, so they need sync 1.
    const later = [barrier(), barrier(), barrier()].map((p, i) => p.then(() => done.push(`later ${i}`)));
    expect(started).toHaveLength(1);
    finish(0);
    await first;
    expect(done).toEqual(['first']);
    await vi.waitFor(() => expect(started).toHaveLength(2));
    finish(1);
    await Promise.all(later);
    expect(done).toEqual(['first', 'later 0', 'later 1', 'later 2']);
    expect(started).toHaveLength(2);
  });

  it('hands a failed sync to the callers waiting on it and still serves the next ones', async () => {
    let fail = true;
    const barrier = groupSync(async () => {
      if (fail) throw new Error('EIO');
    });
    await expect(barrier()).rejects.toThrow('EIO');
    fail = false;
    await expect(barrier()).resolves.toBeUndefined();
  });
});

describe('SQLite transactions', () => {
  afterEach(() => vi.restoreAllMocks());

  it("resolve only after an fdatasync of the database's -wal file that began after the commit", async () => {
    const file = freshSqliteUrl();
    const db = openDatabase(file);
    await db.migrate();
    const events: string[] = [];
    const real = fs.fdatasync;
    vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, done: (err: NodeJS.ErrnoException | null) => void) => {
      events.push(`sync ${fs.readlinkSync(`/proc/self/fd/${fd}`).endsWith('baton.sqlite-wal') ? 'wal' : 'other'}`);
      real(fd, (err) => {
        events.push('synced');
        done(err);
      });
    }) as typeof fs.fdatasync);
    try {
      await db.transaction(async (tx, afterCommit) => {
        await tx
          .insertInto('audit_events')
          .values({ id: 'a1', at: new Date().toISOString(), actor_id: null, action: 'x', target: 't', detail: null })
          .execute();
        events.push('committing');
        afterCommit(() => events.push('after-commit hook'));
      });
      events.push('resolved');
      expect(events).toEqual(['committing', 'sync wal', 'synced', 'after-commit hook', 'resolved']);
    } finally {
      await db.destroy();
    }
  });
});
