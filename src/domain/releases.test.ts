import { describe, expect, it } from 'vitest';
import { type MergedPullRequestRelease, ticketReleases } from './releases.ts';

const release = (id: string, publishedAt: string, prerelease = false) => ({
  releaseId: id,
  tag: id,
  name: id,
  url: `https://example.test/${id}`,
  publishedAt,
  prerelease: prerelease ? 1 : 0,
});
const none = { releaseId: null, tag: null, name: null, url: null, publishedAt: null, prerelease: null };
const row = (ticketId: string, pullRequestId: string, r: Partial<MergedPullRequestRelease>, repositoryName = 'api'): MergedPullRequestRelease => ({
  ticketId,
  pullRequestId,
  owner: 'acme',
  repositoryName,
  ...none,
  ...r,
});

describe('which release shipped a ticket', () => {
  it('is the first release holding the PR, not a later one holding it too', () => {
    const shipped = ticketReleases([row('T1', 'p1', release('v2', '2024-02-01T00:00:00Z')), row('T1', 'p1', release('v1', '2024-01-01T00:00:00Z'))]);
    expect(shipped.get('T1')?.release?.tag).toBe('v1');
    expect(shipped.get('T1')?.prerelease).toBeNull();
  });

  it('waits for every merged PR, across repositories, and is then the latest of their first releases', () => {
    const waiting = ticketReleases([row('T1', 'p1', release('v1', '2024-01-01T00:00:00Z')), row('T1', 'p2', {}, 'web')]);
    expect(waiting.get('T1')).toEqual({ release: null, prerelease: null });
    const shipped = ticketReleases([row('T1', 'p1', release('v1', '2024-01-01T00:00:00Z')), row('T1', 'p2', release('w3', '2024-03-01T00:00:00Z'), 'web')]);
    expect(shipped.get('T1')?.release).toMatchObject({ tag: 'w3', repository: 'acme/web' });
  });

  it('keeps the pre-release apart from the release', () => {
    const shipped = ticketReleases([row('T1', 'p1', release('rc1', '2024-01-01T00:00:00Z', true)), row('T1', 'p1', release('v1', '2024-01-05T00:00:00Z'))]);
    expect(shipped.get('T1')?.prerelease?.tag).toBe('rc1');
    expect(shipped.get('T1')?.release?.tag).toBe('v1');
    const preOnly = ticketReleases([row('T1', 'p1', release('rc1', '2024-01-01T00:00:00Z', true))]);
    expect(preOnly.get('T1')).toMatchObject({ release: null, prerelease: { tag: 'rc1', prerelease: true } });
  });

  it('leaves out PRs of no ticket', () => {
    expect(ticketReleases([row('', 'p1', release('v1', '2024-01-01T00:00:00Z'))]).size).toBe(0);
  });
});
