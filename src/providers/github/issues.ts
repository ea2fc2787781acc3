// GitHub Issues as Baton's issue capability: list (pull requests skipped: GitHub lists them among
// issues, marked by a `pull_request` key), change, create, labels and milestones.
// https://docs.github.com/en/rest/issues/issues
import { z } from 'zod';
import { ProviderError } from '../../errors.ts';
import type { Issue, IssueCapability, IssueChange, IssueLabel, IssueMilestone } from '../issues.ts';
import type { RepoRef } from '../types.ts';
import type { GitHubClient } from './client.ts';

export const ISSUES_PERMISSION = 'Issues: read and write';

const labelSchema = z.object({ name: z.string(), color: z.string().nullish() });

export const issueSchema = z.object({
  id: z.number(),
  number: z.number(),
  html_url: z.string(),
  title: z.string(),
  body: z.string().nullish(),
  state: z.enum(['open', 'closed']),
  // Absent before GHES 3.4; "reopened" and "duplicate" read as no reason here.
  state_reason: z.string().nullish(),
  // Labels come as objects, or (on some payloads) bare names.
  labels: z.array(z.union([z.string(), labelSchema])).default([]),
  milestone: z.object({ number: z.number(), title: z.string() }).nullish(),
  assignees: z.array(z.object({ login: z.string() })).nullish(),
  assignee: z.object({ login: z.string() }).nullish(),
  updated_at: z.string(),
  pull_request: z.unknown().optional(),
});

export type GitHubIssue = z.infer<typeof issueSchema>;

const issueListSchema = z.array(issueSchema);
const labelListSchema = z.array(labelSchema);
const milestoneListSchema = z.array(z.object({ number: z.number(), title: z.string() }));

const at = (repo: RepoRef) => ({ owner: repo.owner, repo: repo.name });
const color = (c: string | null | undefined) => `#${(c ?? 'ededed').toLowerCase()}`;

export function toIssue(i: GitHubIssue): Issue {
  const assignees = i.assignees ?? (i.assignee ? [i.assignee] : []);
  return {
    number: i.number,
    externalId: String(i.id),
    url: i.html_url,
    title: i.title,
    body: i.body ?? '',
    state: i.state,
    closeReason: i.state === 'closed' && (i.state_reason === 'completed' || i.state_reason === 'not_planned') ? i.state_reason : null,
    labels: i.labels.map((l) => (typeof l === 'string' ? { name: l, color: color(null) } : { name: l.name, color: color(l.color) })),
    milestone: i.milestone ? { number: i.milestone.number, title: i.milestone.title } : null,
    assignees: assignees.map((a) => a.login),
    updatedAt: i.updated_at,
  };
}

/** `rel="last"`'s page number in a Link header, or null. */
function lastPage(link: string | undefined): number | null {
  const m = /<[^>]*[?&]page=(\d+)[^>]*>;\s*rel="last"/.exec(link ?? '');
  return m ? Number(m[1]) : null;
}

export function gitHubIssues(client: GitHubClient): IssueCapability {
  return {
    permission: ISSUES_PERMISSION,

    async list(repo, query) {
      const order = query.updatedSince
        ? { sort: 'updated', direction: 'asc', since: new Date(query.updatedSince).toISOString() }
        : { sort: 'created', direction: 'asc' };
      const params = {
        ...at(repo),
        state: query.state,
        ...order,
        ...(query.label ? { labels: query.label } : {}),
        per_page: query.perPage,
        page: query.page,
      };
      const { data, headers } = await client.request('GET /repos/{owner}/{repo}/issues', params, issueListSchema);
      const issues = data.filter((i) => i.pull_request === undefined);
      const hasMore = /rel="next"/.test(headers.link ?? '');
      return { items: issues.map(toIssue), skipped: data.length - issues.length, hasMore, lastPage: hasMore ? lastPage(headers.link) : query.page };
    },

    async update(repo, number, change: IssueChange) {
      const params: Record<string, unknown> = { ...at(repo), issue_number: number };
      if (change.title !== undefined) params.title = change.title;
      if (change.body !== undefined) params.body = change.body;
      if (change.state !== undefined) {
        params.state = change.state;
        // "reopened" is GitHub's reason for an issue opened again.
        params.state_reason = change.state === 'closed' ? (change.closeReason ?? 'completed') : 'reopened';
      }
      if (change.labels !== undefined) params.labels = change.labels;
      if (change.milestone !== undefined) params.milestone = change.milestone;
      if (change.assignees !== undefined) params.assignees = change.assignees;
      const { data } = await client.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', params, issueSchema);
      return toIssue(data);
    },

    async create(repo, input) {
      const { data } = await client.request('POST /repos/{owner}/{repo}/issues', { ...at(repo), ...input }, issueSchema);
      return toIssue(data);
    },

    async labels(repo): Promise<IssueLabel[]> {
      const out: IssueLabel[] = [];
      for (let page = 1; page <= 10; page++) {
        const { data, headers } = await client.request('GET /repos/{owner}/{repo}/labels', { ...at(repo), per_page: 100, page }, labelListSchema);
        out.push(...data.map((l) => ({ name: l.name, color: color(l.color) })));
        if (!/rel="next"/.test(headers.link ?? '')) break;
      }
      return out;
    },

    async createLabel(repo, label) {
      try {
        await client.request('POST /repos/{owner}/{repo}/labels', { ...at(repo), name: label.name, color: label.color.replace(/^#/, '') }, labelSchema);
        return true;
      } catch (error) {
        // Another writer created it first (GitHub's 422 "already_exists"; the colour is always valid).
        if (error instanceof ProviderError && error.kind === 'validation') return false;
        throw error;
      }
    },

    async milestones(repo): Promise<IssueMilestone[]> {
      const { data } = await client.request('GET /repos/{owner}/{repo}/milestones', { ...at(repo), state: 'all', per_page: 100 }, milestoneListSchema);
      return data;
    },
  };
}
