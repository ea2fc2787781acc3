// When a SQLite commit is on disk. In WAL mode a commit appends its pages to the -wal file; with
// `synchronous = FULL` SQLite would then fsync that file inside COMMIT, on the thread that runs
// it — for Baton the one JavaScript thread, so every request would stand still for every fsync
// (several milliseconds on a busy disk). Instead the connection runs `synchronous = NORMAL`
// (commits are written, in order, but not synced) and a transaction's caller waits for an
// fdatasync of the -wal file that started after its COMMIT. The fdatasync runs on libuv's thread
// pool, so requests go on meanwhile, and all commits made while one is running share the next:
// group commit, the guarantee of FULL at a fraction of the fsyncs.
//
// Why this is the same guarantee: the WAL is append-only and read back on recovery up to the last
// valid commit frame, so syncing it covers every commit written before the sync began. A
// checkpoint copies frames into the database file and syncs both files before the WAL may be
// reused (SQLite does that under NORMAL too), so a commit whose frames were checkpointed and
// overwritten before our sync ran is on disk in the database file. The -wal file is created once
// per database lifetime (the open connection keeps it); its directory entry is synced once.
import fs from 'node:fs';
import path from 'node:path';

// Looked up on the fs module at each call (not bound once), so a test can watch the syncs.
const call = <T>(fn: (done: (err: NodeJS.ErrnoException | null, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));
const fdatasync = (fd: number) => call<void>((done) => fs.fdatasync(fd, done));
const fsync = (fd: number) => call<void>((done) => fs.fsync(fd, done));
const open = (file: string, flags: string) => call<number>((done) => fs.open(file, flags, done));

/** Resolves once everything committed before the call is on disk. */
export type DurableBarrier = () => Promise<void>;

/**
 * Group commit over `sync`: a call while no sync runs starts one; calls while one runs share the
 * next, which starts when the running one ends (the running one may have begun before their
 * commits were written).
 */
export function groupSync(sync: () => Promise<void>): DurableBarrier {
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const start = (): Promise<void> => {
    const current = sync().finally(() => {
      if (running === current) running = null;
    });
    running = current;
    return current;
  };
  return () => {
    if (!running) return start();
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}

export interface WalSync {
  sync(): Promise<void>;
  /** Closes the file handle; call once nothing commits any more. */
  close(): Promise<void>;
}

/** fdatasync of `<databaseFile>-wal`, opened on first use (SQLite creates it with the first write). */
export function walFileSync(databaseFile: string): WalSync {
  let fd: Promise<number> | null = null;
  const openWal = async () => {
    const handle = await open(`${databaseFile}-wal`, 'r+');
    // The -wal file's name must survive a power loss too; it is made once, so this runs once.
    const dir = await open(path.dirname(path.resolve(databaseFile)), 'r');
    try {
      await fsync(dir);
    } finally {
      fs.closeSync(dir);
    }
    return handle;
  };
  return {
    async sync() {
      fd ??= openWal().catch((err) => {
        fd = null;
        throw err;
      });
      await fdatasync(await fd);
    },
    async close() {
      const opened = await fd?.catch(() => null);
      fd = null;
      if (typeof opened === 'number') fs.closeSync(opened);
    },
  };
}
