// Releases and commit listings shaped like GitHub's.
import type { FakeCommit } from '../common/commits.ts';
import { accountJson, type World } from './shapes.ts';
import type { FakeRelease, FakeRepo } from './state.ts';

export function releaseJson(ctx: World, r: FakeRepo, release: FakeRelease) {
  const api = `${ctx.apiUrl}/repos/${r.owner}/${r.name}`;
  const tagPath = encodeURIComponent(release.tag);
  return {
    url: `${api}/releases/${release.id}`,
    assets_url: `${api}/releases/${release.id}/assets`,
    upload_url: `${ctx.webUrl}/uploads/repos/${r.owner}/${r.name}/releases/${release.id}/assets{?name,label}`,
    html_url: `${ctx.webUrl}/${r.owner}/${r.name}/releases/tag/${tagPath}`,
    id: release.id,
    node_id: `RE_${release.id}`,
    tag_name: release.tag,
    target_commitish: release.targetCommitish,
    name: release.name,
    draft: release.draft,
    prerelease: release.prerelease,
    created_at: release.createdAt,
    published_at: release.publishedAt,
    author: accountJson(ctx, ctx.state.account(release.author)!),
    assets: [],
    tarball_url: `${api}/tarball/${tagPath}`,
    zipball_url: `${api}/zipball/${tagPath}`,
    body: null,
  };
}

/** A commit as the commits listing and compare answer it. */
export function listedCommitJson(ctx: World, r: FakeRepo, c: FakeCommit, at: string) {
  const api = `${ctx.apiUrl}/repos/${r.owner}/${r.name}`;
  const person = { name: r.owner, email: `${r.owner}@users.noreply.github.com`, date: at };
  return {
    url: `${api}/commits/${c.sha}`,
    sha: c.sha,
    node_id: `C_${c.sha.slice(0, 12)}`,
    html_url: `${ctx.webUrl}/${r.owner}/${r.name}/commit/${c.sha}`,
    comments_url: `${api}/commits/${c.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${c.sha}`,
      author: person,
      committer: person,
      message: c.message,
      comment_count: 0,
      tree: { sha: c.sha, url: `${api}/git/trees/${c.sha}` },
    },
    author: null,
    committer: null,
    parents: c.parent ? [{ sha: c.parent, url: `${api}/commits/${c.parent}` }] : [],
  };
}
