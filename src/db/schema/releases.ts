/**
 * A release of a linked repository: a git release, or a tag where the provider has none. A
 * deleted one is kept (`deleted_at`) so that a late webhook about it cannot bring it back unseen.
 */
export interface ReleasesTable {
  id: string;
  repository_id: string;
  /** The provider's release id; the tag name where releases are tags. */
  external_id: string;
  tag: string;
  name: string;
  url: string;
  published_at: string;
  /** 1 for a pre-release. */
  prerelease: number;
  /** The commit the tag points at, once known. */
  target_commit: string | null;
  deleted_at: string | null;
  /** "base...tag" its commits were listed for ("...tag" for a repository's first release); null until listed. */
  computed_range: string | null;
  computed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The commits a release brought since the release it is compared with. */
export interface ReleaseCommitsTable {
  release_id: string;
  repository_id: string;
  sha: string;
}
