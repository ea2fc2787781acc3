// The optional releases capability of a provider: its releases (or tags, where it has no
// releases) and the commits between two of them, so Baton can tell which merged pull requests a
// release shipped. Each provider implements it in its folder; this file names none of them.
import type { RepoRef } from './types.ts';

/** A release as Baton stores it, normalised from any provider's API or webhook. */
export interface ProviderRelease {
  /** The provider's release id; the tag name where releases are tags. */
  externalId: string;
  tag: string;
  /** The release title; the tag where it has none. */
  name: string;
  /** ISO 8601. */
  publishedAt: string;
  prerelease: boolean;
  /** Where people read it. */
  url: string;
  /** The commit the tag points at where the provider says; a branch name is not a commit, so null then. */
  targetCommit: string | null;
}

/** A release change, from a webhook. */
export interface ReleaseEvent {
  repo: RepoRef & { externalId: string | null };
  /** `upsert`: published or changed; `delete`: deleted, or no longer published (back to draft). */
  change: 'upsert' | 'delete';
  release: ProviderRelease;
}

export type ReleaseListing = { notModified: true } | { notModified: false; releases: ProviderRelease[]; etag: string | null };

export interface CommitRange {
  /** Commit shas reachable from the head and not from the base. */
  commits: string[];
  /** The commit the head tag points at, when the answer says. */
  headCommit: string | null;
  /** The listing stopped at the limit before reaching the base (or the root). */
  truncated: boolean;
}

export interface CommitRangeQuery {
  /** The earlier tag; null for a repository's first release (commits back from the head). */
  base: string | null;
  head: string;
  /** At most this many commits are listed. */
  limit: number;
  /** Without a base: listing may stop once every one of these commits has been seen. */
  lookingFor?: ReadonlySet<string>;
}

export interface ReleaseCapability {
  /** Published releases (no drafts), newest first. `etag` makes the listing conditional where the provider supports it. */
  list(repo: RepoRef, etag: string | null): Promise<ReleaseListing>;
  /** The commits a tag brought since another, in as few calls as the provider's paging allows. */
  commitsBetween(repo: RepoRef, query: CommitRangeQuery): Promise<CommitRange>;
}
