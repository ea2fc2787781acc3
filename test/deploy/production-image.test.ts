// The container image, assembled without a container runtime by replaying the Dockerfile: the
// `deps` stage's instructions run as written (a real `npm ci --omit=dev` into a folder of its
// own; the compilers of the `toolchain` stage are this machine's), the final stage's COPYs take
// their files from there and from the build (this checkout after `npm ci` and the global setup's
// rebuild of dist/ — what the `build` stage makes), and the
// server starts with the image's exact CMD and ENV. Only what a container adds is left out: the
// user it runs as (checked as written) and the /data volume (a temp dir at BATON_DATA_DIR).
// As Docker caches a stage's layers, the deps stage's result is kept (node_modules/.cache) under a
// key of its instructions, the files it copies in and the Node version, and runs again only when
// one of them changes: the install takes minutes, most of them compiling better-sqlite3.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/child-baton.ts';
import { freshPostgresUrl } from '../support/databases.ts';
import { all, copies, environment, execForm, healthcheck, last, parseDockerfile, type Stage, stageNamed } from '../support/dockerfile.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const stages = parseDockerfile(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
const runtime = stages.at(-1)!;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-image-'));
/** Where each stage's WORKDIR lands here; `build` is this checkout, `deps` is replayed (or cached). */
const stageRoots: Record<string, string> = { build: ROOT };
const image = path.join(work, 'image');

/** A clean shell's environment: no npm_* variables of the `npm test` that runs us, no BATON_* of the test run. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH!, HOME: process.env.HOME ?? os.homedir(), ...extra };
}

/** COPY from the build context (the repository) or another stage into `into`, which stands for the stage's WORKDIR. */
function replayCopies(stage: Stage, into: string, workdir: string): void {
  for (const copy of copies(stage)) {
    const fromRoot = copy.from === null ? ROOT : stageRoots[copy.from];
    if (!fromRoot) throw new Error(`COPY --from=${copy.from}: no such stage here`);
    for (const source of copy.sources) {
      const relative = copy.from === null ? source : path.relative(workdir, source);
      if (relative.startsWith('..')) throw new Error(`COPY ${source}: outside ${workdir}`);
      const target = path.resolve(
        into,
        copy.sources.length > 1 || copy.destination.endsWith('/') ? path.join(copy.destination, path.basename(source)) : copy.destination,
      );
      fs.cpSync(path.join(fromRoot, relative), target, { recursive: true, verbatimSymlinks: true });
    }
  }
}

/** The deps stage, instruction by instruction as the Dockerfile says, into a cached folder (see the top). */
function replayDepsStage(): string {
  const deps = stageNamed(stages, 'deps');
  const workdir = last(deps, 'WORKDIR');
  const key = createHash('sha256').update(process.version).update(JSON.stringify(deps.instructions));
  for (const copy of copies(deps)) for (const source of copy.sources) key.update(fs.readFileSync(path.join(ROOT, source)));
  const done = path.join(ROOT, 'node_modules/.cache/baton-image', `deps-${key.digest('hex').slice(0, 16)}`);
  if (fs.existsSync(done)) return done;
  const partial = `${done}.${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  replayCopies(deps, partial, workdir);
  for (const run of all(deps, 'RUN')) execFileSync('sh', ['-c', run], { cwd: partial, env: cleanEnv(), stdio: 'pipe' });
  // Renamed into place whole, so a run that stopped half-way is never taken for a finished one.
  try {
    fs.renameSync(partial, done);
  } catch {
    fs.rmSync(partial, { recursive: true, force: true }); // another run finished the same stage first
  }
  return done;
}

function startCmd(env: Record<string, string>): ChildProcess {
  const [command, ...args] = execForm(last(runtime, 'CMD'));
  expect(command).toBe('node');
  return spawn(process.execPath, args, { cwd: image, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<Response> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the image's CMD exited with ${child.exitCode}:\n${output()}`);
    const res = await fetch(url).catch(() => null);
    if (res?.ok) return res;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} never answered 200:\n${output()}`);
}

/** The one-time setup token from the JSON log line that carries the setup link. */
async function setupToken(output: () => string): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const found = /"setupUrl":"[^"]*\/setup\?token=([\w-]+)"/.exec(output());
    if (found) return found[1]!;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no setup link was logged:\n${output()}`);
}

function runHealthcheck(env: Record<string, string>): number {
  const [command, ...args] = healthcheck(runtime).command;
  expect(command).toBe('node');
  try {
    execFileSync(process.execPath, args, { cwd: image, env: cleanEnv(env), stdio: 'ignore', timeout: 30_000 });
    return 0;
  } catch (err) {
    return (err as { status: number | null }).status ?? -1;
  }
}

/** Starts the image's CMD with its ENV, the port and data directory of this test in place of the container's. */
async function startImage(extra: Record<string, string> = {}) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(work, 'data-'));
  const env = { ...environment(runtime), BATON_HOST: '127.0.0.1', BATON_PORT: String(port), BATON_DATA_DIR: dataDir, ...extra };
  const child = startCmd(env);
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    env,
    dataDir,
    output: () => log,
    ready: () => waitFor(`${url}/healthz`, child, () => log),
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('production image', () => {
  beforeAll(() => {
    stageRoots.deps = replayDepsStage();
    // The runtime stage's files; its RUN only prepares /data, which the test replaces with a temp dir.
    fs.mkdirSync(image, { recursive: true });
    replayCopies(runtime, image, last(runtime, 'WORKDIR'));
  }, 900_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('is built in stages and holds only compiled JavaScript and production dependencies', () => {
    expect(stages.length).toBeGreaterThan(1);
    expect(runtime.name).toBeNull();
    expect(fs.readdirSync(image).sort()).toEqual(['bin', 'dist', 'node_modules', 'package.json', 'web']);
    for (const devOnly of ['typescript', 'tsx', 'esbuild', 'vite', 'vitest', '@biomejs'])
      expect(fs.existsSync(path.join(image, 'node_modules', devOnly)), devOnly).toBe(false);
    const shipped = fs.readdirSync(path.join(image, 'dist'), { recursive: true, encoding: 'utf8' });
    expect(shipped.filter((f) => /\.[cm]?tsx?$/.test(f))).toEqual([]);
    expect(shipped).toContain('cli.js');
    expect(fs.existsSync(path.join(image, 'web/dist/index.html'))).toBe(true);
  });

  it('runs as an unprivileged user, keeps its data in a volume and checks its health on /healthz', () => {
    const user = last(runtime, 'USER');
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user.split(':')[0])).toBeGreaterThan(0);
    const env = environment(runtime);
    expect(all(runtime, 'VOLUME')).toEqual([env.BATON_DATA_DIR]);
    expect(env.BATON_HOST).toBe('0.0.0.0');
    expect(healthcheck(runtime).command.join(' ')).toContain('/healthz');
  });

  it("starts with the image's CMD and answers /healthz, /readyz and the web app; the HEALTHCHECK passes, then fails once it stops", async () => {
    const baton = await startImage({ BATON_LOG_LEVEL: 'warn' });
    try {
      expect(await (await baton.ready()).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${baton.url}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
      const page = await fetch(`${baton.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      expect(fs.existsSync(path.join(baton.dataDir, 'baton.sqlite'))).toBe(true);
      expect(runHealthcheck(baton.env)).toBe(0);
    } finally {
      expect(await baton.stop()).toBe(0);
    }
    expect(runHealthcheck(baton.env)).not.toBe(0);
  });

  it('creates the first admin from the setup link and keeps them signed in by cookie', async () => {
    const baton = await startImage();
    try {
      await baton.ready();
      const token = await setupToken(baton.output);
      const setup = await fetch(`${baton.url}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, email: 'ada@example.test', name: 'Ada', password: 'correct horse battery staple' }),
      });
      expect(setup.status).toBe(201);
      // The bundle must carry the cookie parser and serializer that the plugin loads lazily.
      const cookies = setup.headers.getSetCookie().map((c) => c.split(';')[0]);
      expect(cookies.length).toBeGreaterThan(0);
      const me = await fetch(`${baton.url}/api/me`, { headers: { cookie: cookies.join('; ') } });
      expect([me.status, (await me.json()).email]).toEqual([200, 'ada@example.test']);
    } finally {
      expect(await baton.stop()).toBe(0);
    }
  });

  it('starts on PostgreSQL with a given master key and is ready once migrated', async () => {
    const baton = await startImage({
      BATON_LOG_LEVEL: 'warn',
      BATON_DATABASE_URL: await freshPostgresUrl(),
      BATON_SECRET_KEY: Buffer.alloc(32, 3).toString('base64'),
    });
    try {
      await baton.ready();
      const ready = await fetch(`${baton.url}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
      // Nothing of the database lands in the data directory; the given key means no keyring file either.
      expect(fs.readdirSync(baton.dataDir)).toEqual([]);
    } finally {
      expect(await baton.stop()).toBe(0);
    }
  });
});
