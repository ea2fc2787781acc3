// The receivers the webhook benchmark compares, each in its own process so its CPU is its own:
// the bare HMAC server, Probot, and Baton (the production build) on SQLite or on PostgreSQL.
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../test/support/child-baton.ts';
import { seedWebhookProject, type WebhookSeed } from '../../test/support/webhook-seed.ts';
import { startBatonProcess } from '../support.ts';

export interface Target {
  name: string;
  url: string;
  /** Where deliveries go. */
  path: string;
  /** Baton only: its database, to watch the apply backlog, and what the seed made. */
  databaseUrl?: string;
  seed?: WebhookSeed;
  stop(): Promise<void>;
}

async function startScript(name: string, script: string, env: Record<string, string>): Promise<Target> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(import.meta.dirname, script)], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    path: '/',
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const startBare = (secret: string) => startScript('bare http', 'bare-server.mjs', { SECRET: secret });

export function startProbot(secret: string): Promise<Target> {
  // Probot wants an app identity even when it never calls GitHub; this key signs nothing here.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return startScript('probot', 'probot-server.mjs', { SECRET: secret, PRIVATE_KEY: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() });
}

/** Baton's production build in its own process, on a database seeded with a project that receives `secret`-signed deliveries. */
export async function startBaton(
  name: string,
  opts: { secret: string; tickets: number; postgresUrl?: string; env?: Record<string, string>; nodeArgs?: string[] },
): Promise<Target> {
  const secretKey = randomBytes(32).toString('base64');
  let seed: WebhookSeed | undefined;
  const baton = await startBatonProcess({
    postgresUrl: opts.postgresUrl,
    nodeArgs: opts.nodeArgs,
    env: { BATON_SECRET_KEY: secretKey, ...opts.env },
    prepare: async (databaseUrl) => {
      seed = await seedWebhookProject(databaseUrl, secretKey, { projectKey: 'BN', secret: opts.secret, tickets: opts.tickets });
    },
  });
  return { name, url: baton.url, path: `/api/webhooks/github/${seed!.projectId}`, databaseUrl: baton.databaseUrl, seed, stop: baton.stop };
}

/** The filesystem type under `dir` (from /proc/mounts): a tmpfs would make every fsync free. */
export function filesystemOf(dir: string): string {
  const real = fs.realpathSync(dir);
  const mounts = fs
    .readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' '))
    .filter((f) => f.length > 2 && (real === f[1] || real.startsWith(f[1] === '/' ? '/' : `${f[1]}/`)))
    .sort((a, b) => b[1].length - a[1].length);
  return mounts[0]?.[2] ?? 'unknown';
}
