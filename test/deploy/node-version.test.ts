import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// One Node range, told the same way everywhere: package.json's `engines` is what npm enforces
// (`.ci/run` installs with --engine-strict), so it must hold only Node versions every installed
// dependency accepts, and the README must state it. A dependency that moves to a newer Node, or an
// `engines` wider than the dependencies, fails here instead of as npm's EBADENGINE warning for
// the first person who installs on that version.

const root = path.resolve(import.meta.dirname, '../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const ours: string = readJson('package.json').engines.node;

/** The lowest version of each part of our range ("^20.19.0 || >=24" → 20.19.0, 24.0.0): where a dependency's floor would bite. */
const floors = new semver.Range(ours).set.map((comparators) => semver.minVersion(new semver.Range(comparators.map(String).join(' ')))!.version);

/** Installed packages that state a Node range (platform-specific optional builds for other systems are not installed). */
function installedEngines(): Array<{ name: string; node: string }> {
  const lock = readJson('package-lock.json');
  return Object.entries<{ engines?: { node?: unknown } }>(lock.packages)
    .filter(([dir, meta]) => dir !== '' && typeof meta.engines?.node === 'string' && fs.existsSync(path.join(root, dir)))
    .map(([dir, meta]) => ({ name: dir.replace(/^.*node_modules\//, ''), node: meta.engines!.node as string }));
}

describe('the Node versions Baton supports', () => {
  it('include the Node running the tests', () => {
    expect(semver.satisfies(process.versions.node, ours), `node ${process.versions.node} vs engines ${ours}`).toBe(true);
  });

  it('are ones every installed dependency accepts: the lowest of each line, and every line up to the newest any dependency names', () => {
    const engines = installedEngines();
    expect(engines.map((e) => e.name)).toContain('vite');
    // Each Node major our range admits, from its floor up to the newest major a dependency lists.
    const bounded = engines.filter((e) => !semver.satisfies('999.0.0', e.node));
    const newest = Math.max(
      24,
      ...bounded.map((e) => Math.max(...Array.from({ length: 80 }, (_, i) => 20 + i).filter((m) => semver.intersects(`${m}.x`, e.node)))),
    );
    const majors = Array.from({ length: newest - 19 }, (_, i) => 20 + i)
      .map((major) => floors.find((f) => semver.major(f) === major) ?? `${major}.0.0`)
      .filter((version) => semver.satisfies(version, ours));
    expect(majors).toEqual(expect.arrayContaining(floors));
    const refused = engines.flatMap((e) => majors.filter((v) => !semver.satisfies(v, e.node)).map((v) => `${e.name} (${e.node}) refuses Node ${v}`));
    expect(refused).toEqual([]);
  });

  it('are stated in the README as package.json states them', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`\`"node": "${ours}"\``);
  });
});
