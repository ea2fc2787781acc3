// What the benchmarks share: figures, and Baton's production build in a process of its own on a
// fresh SQLite file or a new database in a PostgreSQL cluster that syncs every commit to disk.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { batonArgs } from '../test/support/baton-cli.ts';
import { childBaton, freePort } from '../test/support/child-baton.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../test/support/throwaway-postgres.ts';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

export type DurablePostgres = ThrowawayPostgres & { settings: string };

/** A PostgreSQL cluster as production runs one: fsync, synchronous_commit and full_page_writes on (read back, to print). */
export async function startDurablePostgres(): Promise<DurablePostgres> {
  const server = await startThrowawayPostgres({ durable: true });
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  const { rows } = await client.query(
    "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) AS s FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method')",
  );
  await client.end();
  return { ...server, settings: rows[0].s };
}

let databases = 0;

/** A database URL for a new Baton: a SQLite file in `dataDir`, or a new database in the cluster at `postgresUrl`. */
export async function newDatabaseUrl(dataDir: string, postgresUrl?: string): Promise<string> {
  if (!postgresUrl) return path.join(dataDir, 'baton.sqlite');
  const name = `baton_bench_${process.pid}_${++databases}`;
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface BatonProcess {
  url: string;
  dataDir: string;
  databaseUrl: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * `baton serve` from the production build in its own process. `prepare` runs before the server
 * starts, with the database URL and the environment the server will have (to seed it).
 */
export async function startBatonProcess(opts: {
  postgresUrl?: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
  prepare?: (databaseUrl: string, env: Record<string, string>) => Promise<void>;
}): Promise<BatonProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-'));
  const databaseUrl = await newDatabaseUrl(dataDir, opts.postgresUrl);
  const env = { BATON_DATA_DIR: dataDir, BATON_DATABASE_URL: databaseUrl, BATON_LOG_LEVEL: 'warn', BATON_RECONCILIATION_PERIOD: '0', ...opts.env };
  await opts.prepare?.(databaseUrl, env);
  const baton = childBaton(env, await freePort(), { nodeArgs: opts.nodeArgs });
  await baton.start();
  return {
    url: baton.url,
    dataDir,
    databaseUrl,
    env,
    async stop() {
      await baton.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An admin and an API token for them, made with the `baton` command as an operator would. */
export function createAdminToken(env: Record<string, string>): string {
  const run = (args: string[]) => execFileSync(process.execPath, batonArgs(args), { env: { ...process.env, ...env }, encoding: 'utf8' }).trim();
  run(['user', 'add', '--email', 'bench@example.com', '--name', 'Bench', '--admin']);
  return run(['token', 'create', '--email', 'bench@example.com', '--name', 'bench']);
}

/** Runs `task` `total` times with at most `concurrency` at once; returns each call's latency in ms, sorted. */
export async function runConcurrently(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const start = performance.now();
        await task(i);
        latencies.push(performance.now() - start);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}
