// The git objects a fake forge keeps: commits with the whole file tree each, addressed by sha,
// and branches as name → sha maps on each repository. Enough to answer contents and branch
// APIs the way a real server would, and for tests to read back what was committed.
import { createHash } from 'node:crypto';

export interface FakeCommit {
  sha: string;
  parent: string | null;
  message: string;
  files: Map<string, string>;
}

/** Git's blob id, so file `sha` values look and behave like a real server's. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Every commit of a fake server, by sha. */
export class FakeCommits extends Map<string, FakeCommit> {
  private made = 0;

  create(parent: string | null, files: Map<string, string>, message: string): FakeCommit {
    const sha = createHash('sha1')
      .update(`commit ${++this.made} ${parent ?? ''} ${message}`)
      .digest('hex');
    const commit = { sha, parent, message, files };
    this.set(sha, commit);
    return commit;
  }

  /** The file at a branch (of `branches`) or a commit, or undefined. */
  file(branches: Map<string, string>, refOrSha: string, path: string): string | undefined {
    return this.get(branches.get(refOrSha) ?? refOrSha)?.files.get(path);
  }

  /** Commit one file change onto a branch, moving it; returns the new commit. */
  write(branches: Map<string, string>, branch: string, path: string, content: string, message: string): FakeCommit {
    const head = this.get(branches.get(branch)!)!;
    const commit = this.create(head.sha, new Map([...head.files, [path, content]]), message);
    branches.set(branch, commit.sha);
    return commit;
  }

  /** Messages of the commits on `branch` that `base` does not have, newest first. */
  messagesSince(branches: Map<string, string>, branch: string, base: string): string[] {
    const stop = branches.get(base);
    const out: string[] = [];
    for (let sha = branches.get(branch); sha && sha !== stop; sha = this.get(sha)?.parent ?? undefined) out.push(this.get(sha)!.message);
    return out;
  }
}
