import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { createPrivateFile, makePrivateDir } from '../private-files.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema/index.ts';
import { groupSync, walFileSync } from './sqlite-durability.ts';
import { withStatementCache } from './sqlite-statements.ts';

export type Engine = 'sqlite' | 'postgres';
export type Executor = Kysely<Database> | Transaction<Database>;

/** Registered inside a transaction, run only once it has committed (e.g. waking workers). */
export type AfterCommit = (hook: () => void) => void;

export interface Db {
  readonly engine: Engine;
  readonly kysely: Kysely<Database>;
  /**
   * Run `fn` in one transaction; SQLite busy and PostgreSQL deadlocks/serialisation failures are
   * retried. Resolves once the commit is on disk (fsync'd), then runs the after-commit hooks.
   */
  transaction<T>(fn: (tx: Executor, afterCommit: AfterCommit) => Promise<T>): Promise<T>;
  migrate(): Promise<string[]>;
  pendingMigrations(): Promise<string[]>;
  destroy(): Promise<void>;
}

/** The engine behind a Kysely instance, for the few statements (full-text search, triggers) that differ. */
export function engineOf(db: { getExecutor(): { readonly adapter: unknown } }): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export function openDatabase(url: string): Db {
  return isPostgresUrl(url) ? openPostgres(url) : openSqlite(sqliteFile(url));
}

/** The file a SQLite database URL names. */
export function sqliteFile(url: string): string {
  return url.replace(/^(sqlite:|file:)/, '');
}

function openSqlite(file: string): Db {
  const inMemory = file === ':memory:';
  if (!inMemory) {
    makePrivateDir(path.dirname(path.resolve(file)));
    // SQLite gives its -wal and -shm files the database file's mode.
    createPrivateFile(file);
  }
  const handle = new SqliteDatabase(file);
  handle.pragma('journal_mode = WAL');
  // Commits are not synced inside COMMIT; a transaction's caller waits for the -wal file's sync
  // instead, off the JavaScript thread and shared by the commits made meanwhile (sqlite-durability.ts).
  handle.pragma('synchronous = NORMAL');
  handle.pragma('foreign_keys = ON');
  handle.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(handle) }) });
  const wal = inMemory ? null : walFileSync(file);
  const durable = wal ? groupSync(() => wal.sync()) : async () => undefined;

  // BEGIN IMMEDIATE takes the write lock up front, so a transaction never fails half-way
  // with SQLITE_BUSY when another process (a separate worker) writes the same file.
  const runOnce = async <T>(fn: (tx: Executor, afterCommit: AfterCommit) => Promise<T>) => {
    const hooks: Array<() => void> = [];
    const result = await kysely.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await fn(conn as unknown as Transaction<Database>, (h) => hooks.push(h));
        await sql`commit`.execute(conn);
        return result;
      } catch (err) {
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw err;
      }
    });
    // Outside the connection: the next transaction runs while this one waits for the disk.
    await durable();
    for (const h of hooks) h();
    return result;
  };

  const db = withCommon('sqlite', kysely, (fn) => retrying(() => runOnce(fn), isSqliteBusy));
  return {
    ...db,
    async destroy() {
      await db.destroy();
      await wal?.close();
    },
  };
}

function openPostgres(url: string): Db {
  // COUNT(*) and other int8 values arrive as strings by default; every count here fits a JS number.
  pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
  // synchronous_commit on whatever the server's default: COMMIT returns once the WAL is flushed,
  // which is what "stored" means to a caller (an acknowledged webhook delivery, a saved ticket).
  const pool = new pg.Pool({ connectionString: url, max: 10, options: '-c synchronous_commit=on' });
  // A connection the server cuts (restart, failover, a proxy's idle timeout) emits 'error' on its
  // client and, while idle, on the pool; with no listener either event would end the process. The
  // pool drops the broken client; the query that was using it fails with its own error, the next
  // one opens a new connection, and /readyz says the database is unreachable while it is down.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const runOnce = async <T>(fn: (tx: Executor, afterCommit: AfterCommit) => Promise<T>) => {
    const hooks: Array<() => void> = [];
    const result = await kysely.transaction().execute((trx) => fn(trx, (h) => hooks.push(h)));
    for (const h of hooks) h();
    return result;
  };
  return withCommon('postgres', kysely, (fn) => retrying(() => runOnce(fn), isPostgresRetryable));
}

function withCommon(engine: Engine, kysely: Kysely<Database>, transaction: Db['transaction']): Db {
  const migrator = new Migrator({ db: kysely, provider: { getMigrations: async () => migrations } });
  return {
    engine,
    kysely,
    transaction,
    async migrate() {
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error;
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    },
    async pendingMigrations() {
      const all = await migrator.getMigrations();
      return all.filter((m) => !m.executedAt).map((m) => m.name);
    },
    destroy: () => kysely.destroy(),
  };
}

function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

function isPostgresRetryable(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === '40001' || code === '40P01';
}

async function retrying<T>(run: () => Promise<T>, retryable: (err: unknown) => boolean, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= attempts || !retryable(err)) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
    }
  }
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
