import type { PullRequestState } from '../providers/types.ts';

export interface PullRequestSighting {
  state: PullRequestState;
  /** The provider's update time, ISO 8601. */
  updatedAt: string;
}

// How final a state is: a merge cannot be undone on any provider; a close can be (reopen).
const FINALITY: Record<PullRequestState, number> = { open: 0, draft: 0, closed: 1, merged: 2 };

/**
 * Whether a new sighting of a pull request replaces the stored one — the one rule for every
 * provider, every source (webhook, sync, reconciliation, Start work).
 *
 * - A newer sighting replaces, an older one never does.
 * - Provider times have a resolution of a second (GitHub's `updated_at`), so events of the same
 *   second cannot be ordered by time: then the more final state wins — merged, then closed, then
 *   open or draft — and an equally final one replaces (the same state seen again, harmlessly).
 * - A merged pull request stays merged: no later sighting makes it open, draft or closed again.
 */
export function supersedes(stored: PullRequestSighting | null, seen: PullRequestSighting): boolean {
  if (stored === null) return true;
  if (stored.state === 'merged' && seen.state !== 'merged') return false;
  const seenAt = Date.parse(seen.updatedAt);
  const storedAt = Date.parse(stored.updatedAt);
  if (seenAt !== storedAt) return seenAt > storedAt;
  return FINALITY[seen.state] >= FINALITY[stored.state];
}
