// Start-up time and idle memory of `baton` as production runs it (the compiled dist/, built first
// if stale) against the way it ran before: the same sources transpiled at run time through tsx.
// The two run in turn, round by round, so load from elsewhere on the machine hits both alike.
//
//   node --import tsx bench/startup.ts   (BENCH_ROUNDS, default 7; BENCH_IDLE_SECONDS, default 10)
//
// help:    `baton --help`, spawn to exit; beside it, `node -e ''` (the floor any node command pays).
// first:   `baton serve` on an empty data directory (key generated, migrations applied), spawn
//          to the first 200 from /healthz.
// restart: the same on the data directory the first start left behind; its CPU time too (user +
//          system of the server process when /healthz first answers), which load from elsewhere on
//          the machine does not inflate the way it inflates wall time.
// idle:    resident memory (VmRSS) of the restarted server after it served the web app once and
//          then sat idle for BENCH_IDLE_SECONDS.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../test/support/child-baton.ts';
import { fmt } from './support.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const ROOT = path.resolve(import.meta.dirname, '..');
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

interface Variant {
  name: string;
  args: string[];
}

const VARIANTS: Variant[] = [
  { name: 'compiled', args: [path.join(ROOT, 'bin/baton.js')] },
  { name: 'tsx', args: ['--import', 'tsx', path.join(ROOT, 'src/cli.ts')] },
];

interface Sample {
  helpMs: number;
  firstMs: number;
  restartMs: number;
  restartCpuMs: number;
  idleMiB: number;
}

function spawnBaton(variant: Variant, args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [...variant.args, ...args], {
    cwd: ROOT,
    env: { ...process.env, BATON_LOG_LEVEL: 'warn', BATON_RECONCILIATION_PERIOD: '0', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Spawn to exit of a node that does nothing: what no Baton command can go below. */
async function timeBareNode(): Promise<number> {
  const started = performance.now();
  const code = await exited(spawn(process.execPath, ['-e', ''], { stdio: 'ignore' }));
  if (code !== 0) throw new Error(`node -e '' exited with ${code}`);
  return performance.now() - started;
}

async function timeHelp(variant: Variant): Promise<number> {
  const started = performance.now();
  const code = await exited(spawnBaton(variant, ['--help']));
  if (code !== 0) throw new Error(`${variant.name}: baton --help exited with ${code}`);
  return performance.now() - started;
}

/** Spawn → first 200 from /healthz, polled every 2 ms; returns the running child and the time. */
async function timeStart(variant: Variant, dataDir: string): Promise<{ child: ChildProcess; url: string; ms: number }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawnBaton(variant, ['serve'], { BATON_DATA_DIR: dataDir, BATON_PORT: String(port) });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${variant.name}: baton serve exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return { child, url, ms: performance.now() - started };
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** What a browser fetches when it opens Baton: the page and every asset it names. */
async function openWebApp(url: string): Promise<void> {
  const html = await (await fetch(`${url}/`)).text();
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  if (assets.length === 0) throw new Error('the web app page names no assets: is web/dist built?');
  for (const asset of assets) {
    const res = await fetch(`${url}${asset}`);
    if (!res.ok) throw new Error(`${asset} answered ${res.status}`);
    await res.arrayBuffer();
  }
}

/** User + system CPU time of a running process so far (fields 14 and 15 of /proc/PID/stat). */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

function residentMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(kb![1]) / 1024;
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await exited(child);
}

async function sample(variant: Variant): Promise<Sample> {
  const helpMs = await timeHelp(variant);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-startup-'));
  try {
    const first = await timeStart(variant, dataDir);
    await stop(first.child);
    const restart = await timeStart(variant, dataDir);
    const restartCpuMs = cpuMs(restart.child.pid!);
    await openWebApp(restart.url);
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const idleMiB = residentMiB(restart.child.pid!);
    await stop(restart.child);
    return { helpMs, firstMs: first.ms, restartMs: restart.ms, restartCpuMs, idleMiB };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[], digits: number) => `${fmt(median(xs), digits)} (${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)})`;

execFileSync(process.execPath, [path.join(ROOT, 'bin/build.js'), '--if-stale'], { stdio: 'inherit' });
const samples: Record<string, Sample[]> = Object.fromEntries(VARIANTS.map((v) => [v.name, []]));
const bareNodeMs: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  bareNodeMs.push(await timeBareNode());
  for (const variant of round % 2 ? [...VARIANTS].reverse() : VARIANTS) samples[variant.name].push(await sample(variant));
}

console.log(`\nstart-up: ${ROUNDS} rounds each, alternating; median (min–max); idle = after serving the web app once and ${IDLE_SECONDS} s idle`);
console.log(
  `${'variant'.padEnd(9)} | ${'--help ms'.padEnd(18)} | ${'first start ms'.padEnd(18)} | ${'restart ms'.padEnd(18)} | ${'restart CPU ms'.padEnd(18)} | idle RSS MiB`,
);
for (const variant of VARIANTS) {
  const s = samples[variant.name];
  const col = (key: keyof Sample, digits: number) =>
    spread(
      s.map((x) => x[key]),
      digits,
    ).padEnd(18);
  console.log(
    `${variant.name.padEnd(9)} | ${col('helpMs', 0)} | ${col('firstMs', 0)} | ${col('restartMs', 0)} | ${col('restartCpuMs', 0)} | ${spread(
      s.map((x) => x.idleMiB),
      1,
    )}`,
  );
}
console.log(`${'node -e'.padEnd(9)} | ${spread(bareNodeMs, 0).padEnd(18)} |   (an empty node process, spawn to exit: the floor under --help)`);
const [compiled, baseline] = VARIANTS.map((v) => samples[v.name]);
const ratio = (key: keyof Sample) => fmt(median(compiled.map((c, i) => c[key] / baseline[i][key])), 2);
console.log(
  `compiled/tsx, median of paired rounds: --help ×${ratio('helpMs')}, first start ×${ratio('firstMs')}, restart ×${ratio('restartMs')} (CPU ×${ratio('restartCpuMs')}), idle RSS ×${ratio('idleMiB')}` +
    '   (goals: --help < 300 ms, start < 500 ms, idle RSS < 100 MiB)',
);
