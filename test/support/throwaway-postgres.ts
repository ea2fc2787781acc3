import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// Starts a disposable PostgreSQL cluster from the system binaries: trust auth on loopback,
// data in a temp dir, fsync off (it is thrown away) unless `durable` asks for what a production
// server runs with (fsync, synchronous_commit, full_page_writes on), as benchmarks do. As root it
// runs as the `postgres` user, because PostgreSQL refuses to run as root.

export interface ThrowawayPostgres {
  url: string;
  stop(): Promise<void>;
}

function findBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const bin = path.join(root, v, 'bin');
    if (fs.existsSync(path.join(bin, 'initdb'))) return bin;
  }
  throw new Error('No PostgreSQL server binaries under /usr/lib/postgresql/*/bin; set BATON_TEST_DATABASE_URL instead');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startThrowawayPostgres(opts: { durable?: boolean } = {}): Promise<ThrowawayPostgres> {
  const bin = findBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-pg-'));
  const dataDir = path.join(dir, 'data');
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const run = (cmd: string, args: string[]) =>
    asRoot ? (['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] as const) : ([path.join(bin, cmd), args] as const);

  const [initCmd, initArgs] = run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']);
  execFileSync(initCmd, [...initArgs], { stdio: 'ignore' });

  const port = await freePort();
  const durability = opts.durable ? 'on' : 'off';
  const [cmd, args] = run('postgres', [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `fsync=${durability}`,
    '-c',
    `synchronous_commit=${durability}`,
    '-c',
    `full_page_writes=${durability}`,
    '-c',
    'max_connections=300',
  ]);
  const child: ChildProcess = spawn(cmd, [...args], { stdio: 'ignore' });
  await waitForPort(port, child);

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      // Signals sent to runuser do not reach the server, so stop it the way an operator would.
      const [stopCmd, stopArgs] = run('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
      execFileSync(stopCmd, [...stopArgs], { stdio: 'ignore' });
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) {
      await new Promise((r) => setTimeout(r, 300));
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('PostgreSQL did not start within 30 s');
}
