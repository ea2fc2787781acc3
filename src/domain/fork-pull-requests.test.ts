import { describe, expect, it } from 'vitest';
import { trustsPullRequest } from './fork-pull-requests.ts';

describe('trustsPullRequest', () => {
  it('trusts a PR from the linked repository, and one from a fork only where the project accepts forks', () => {
    expect(trustsPullRequest({ fromFork: false }, { acceptsForkPullRequests: false })).toBe(true);
    expect(trustsPullRequest({ fromFork: false }, { acceptsForkPullRequests: true })).toBe(true);
    expect(trustsPullRequest({ fromFork: true }, { acceptsForkPullRequests: false })).toBe(false);
    expect(trustsPullRequest({ fromFork: true }, { acceptsForkPullRequests: true })).toBe(true);
  });
});
