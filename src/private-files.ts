import fs from 'node:fs';

// The data directory holds the SQLite file (password hashes, webhook bodies) and the master key.
// Baton creates both owner-only; `baton doctor` reports anything wider. Modes already set by an
// operator are left as they are.

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) owner-only; an existing directory keeps its mode. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
}

/** Creates `file` empty and owner-only if it does not exist yet; an existing file is untouched. */
export function createPrivateFile(file: string): void {
  // 'a' creates without truncating, and the mode applies only to a file it creates.
  fs.closeSync(fs.openSync(file, 'a', FILE_MODE));
}

/** The path's mode when group or others have any access to it, else null. */
export function widerThanOwner(file: string): number | null {
  const mode = fs.statSync(file).mode & 0o777;
  return (mode & 0o077) !== 0 ? mode : null;
}
