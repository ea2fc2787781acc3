// What people do in Gitea's web UI, outside Baton: merge, close, reopen, push to a PR's branch,
// retitle. Each change moves the PR's update time and is delivered to the repository's hooks.
import type { PullEvent } from './context.ts';
import type { FakeAccount, FakeGiteaState, FakePull, FakeRepo } from './state.ts';

export interface People {
  merge(repo: FakeRepo, pull: FakePull, by?: string): void;
  close(repo: FakeRepo, pull: FakePull, by?: string): void;
  reopen(repo: FakeRepo, pull: FakePull, by?: string): void;
  /** A commit on the PR's head branch: Gitea's `synchronized`. */
  push(repo: FakeRepo, pull: FakePull, path: string, content: string, by?: string): void;
  retitle(repo: FakeRepo, pull: FakePull, title: string, by?: string): void;
  /** Open a PR as a person would, in the web UI. */
  open(repo: FakeRepo, seed: Parameters<FakeGiteaState['addPull']>[1]): FakePull;
}

export function peopleOf(state: FakeGiteaState, emit: (events: PullEvent[], by: FakeAccount) => void): People {
  const actor = (repo: FakeRepo, by: string | undefined) => state.account(by ?? repo.owner)!;
  /** Applies `apply` at a new update time, then delivers the event. */
  const change = (
    repo: FakeRepo,
    pull: FakePull,
    by: string | undefined,
    action: string,
    apply: (at: string) => void,
    type = 'pull_request',
    extra?: Record<string, unknown>,
  ) => {
    pull.updatedAt = state.tick();
    apply(pull.updatedAt);
    emit([{ repo, pull, action, type, extra }], actor(repo, by));
  };
  return {
    merge(repo, pull, by) {
      state.writeFile(repo, pull.base, `.merged/${pull.number}`, pull.head, `Merge pull request '${pull.title}' (#${pull.number})`);
      change(repo, pull, by, 'closed', (at) => Object.assign(pull, { state: 'closed', merged: true, mergedAt: at, closedAt: at }));
    },
    close(repo, pull, by) {
      change(repo, pull, by, 'closed', (at) => Object.assign(pull, { state: 'closed', closedAt: at }));
    },
    reopen(repo, pull, by) {
      change(repo, pull, by, 'reopened', () => Object.assign(pull, { state: 'open', closedAt: null }));
    },
    push(repo, pull, path, content, by) {
      change(repo, pull, by, 'synchronized', () => state.writeFile(pull.headRepo, pull.head, path, content), 'pull_request_sync');
    },
    retitle(repo, pull, title, by) {
      const from = pull.title;
      change(repo, pull, by, 'edited', () => Object.assign(pull, { title }), 'pull_request', { changes: { title: { from } } });
    },
    open(repo, seed) {
      const pull = state.addPull(repo, seed);
      emit([{ repo, pull, action: 'opened', type: 'pull_request' }], actor(repo, seed.poster));
      return pull;
    },
  };
}
