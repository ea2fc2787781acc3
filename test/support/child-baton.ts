// `baton serve` as a child process, for tests and benchmarks that must kill the
// server for real (SIGKILL) or keep its CPU apart from the client's.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { batonArgs } from './baton-cli.ts';

export interface ChildBaton {
  url: string;
  /** Output so far, for failure messages. */
  output(): string;
  start(): Promise<void>;
  /** SIGKILL: no shutdown hook runs, in-flight work is lost mid-way. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit; throws, with the output's tail, unless the exit was clean (status 0). */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

export interface ChildOptions {
  nodeArgs?: string[];
  /** Run on a pseudo-terminal (util-linux `script`), as a person starting it in a shell would. */
  terminal?: boolean;
}

export function childBaton(env: Record<string, string>, port: number, { nodeArgs = [], terminal = false }: ChildOptions = {}): ChildBaton {
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let exited: Promise<number | null> = Promise.resolve(0);
  let log = '';

  // A worker serves no HTTP: it is ready once it says it runs jobs (logged at info).
  const worker = env.BATON_ROLE === 'worker';
  let startedAt = 0;

  async function waitReady(deadline: number): Promise<void> {
    while (Date.now() < deadline) {
      if (child?.exitCode !== null) throw new Error(`baton exited during start:\n${log.slice(-4000)}`);
      if (worker) {
        if (log.slice(startedAt).includes('running jobs only')) return;
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      try {
        const res = await fetch(`${url}/readyz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`baton did not become ready:\n${log.slice(-4000)}`);
  }

  return {
    url,
    output: () => log,
    async start() {
      const command = [process.execPath, ...batonArgs(['serve'], nodeArgs)];
      // `script -e` exits with the command's status; -f flushes every write to our pipe.
      const [file, ...args] = terminal ? ['script', '-qfec', command.map(shellQuote).join(' '), '/dev/null'] : command;
      startedAt = log.length;
      const proc = spawn(file, args, {
        env: { ...process.env, BATON_PORT: String(port), BATON_HOST: '127.0.0.1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      proc.stdout!.on('data', (d) => (log += d));
      proc.stderr!.on('data', (d) => (log += d));
      // 'close', not 'exit': by then everything the process wrote has been read.
      exited = new Promise((resolve) => proc.once('close', (code) => resolve(code)));
      await waitReady(Date.now() + 90_000); // generous: a start on a busy machine is slow, not broken
    },
    async kill() {
      child?.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child?.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`baton exited with ${code ?? 'a signal'} instead of 0 on SIGTERM:\n${log.slice(-4000)}`);
    },
  };
}
