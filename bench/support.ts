import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { type RunningBaton, type StartOptions, startBaton } from '../src/main.ts';
import { createApiToken } from '../src/services/api-tokens.ts';
import { createUser } from '../src/services/users.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../test/support/throwaway-postgres.ts';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

let postgres: ThrowawayPostgres | null = null;

/** A database URL for the engine: a temp SQLite file, or a new database in a throwaway PostgreSQL. */
export async function benchDatabaseUrl(engine: 'sqlite' | 'postgres', dataDir: string): Promise<string> {
  if (engine === 'sqlite') return path.join(dataDir, 'baton.sqlite');
  postgres ??= process.env.BATON_TEST_DATABASE_URL ? { url: process.env.BATON_TEST_DATABASE_URL, stop: async () => {} } : await startThrowawayPostgres();
  const name = `baton_bench_${Date.now()}`;
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(postgres.url);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function stopBenchPostgres(): Promise<void> {
  await postgres?.stop();
  postgres = null;
}

export interface BenchServer extends RunningBaton {
  url: string;
  token: string;
  userId: string;
}

export async function startBenchServer(engine: 'sqlite' | 'postgres', env: Record<string, string> = {}, start: StartOptions = {}): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-'));
  const config = loadConfig({
    BATON_PORT: '0',
    BATON_DATA_DIR: dataDir,
    BATON_DATABASE_URL: await benchDatabaseUrl(engine, dataDir),
    BATON_LOG_LEVEL: 'silent',
    BATON_ALLOWED_PROVIDER_HOSTS: '127.0.0.1,localhost',
    ...env,
  });
  const baton = await startBaton(config, start);
  const user = await createUser(baton.ctx.db.kysely, { email: `bench-${Date.now()}@example.com`, name: 'Bench', password: null, isAdmin: true });
  const { token } = await createApiToken(baton.ctx.db.kysely, user.id, 'bench');
  return { ...baton, url: baton.url!, token, userId: user.id };
}

/** Runs `task` `total` times with at most `concurrency` at once; returns each call's latency in ms. */
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
