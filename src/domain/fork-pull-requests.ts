// Which pull requests Baton lets change tickets on their own.

/**
 * Whether a PR may link itself to a ticket by a key in its branch or title, and tick acceptance
 * criteria through its checklist. Anybody can fork a public repository and open a PR that names
 * a ticket, so by default only a PR whose head branch is in the linked repository itself — where
 * only people with push access can create branches — does; a project may choose to trust PRs
 * from forks too. A PR Baton opened (Start work) is linked by Baton and always trusted.
 */
export function trustsPullRequest(pr: { fromFork: boolean }, project: { acceptsForkPullRequests: boolean }): boolean {
  return !pr.fromFork || project.acceptsForkPullRequests;
}
