// Rows that PR status sync tests start from, written straight to the database so these tests do
// not depend on the repository-linking and credential flows.
import { newId, nowIso } from '../../src/clock.ts';
import type { Db } from '../../src/db/database.ts';
import type { PullRequest } from '../../src/providers/types.ts';
import { createTicket } from '../../src/services/tickets.ts';
import type { User } from '../../src/services/users.ts';

export interface SeededProject {
  projectId: string;
  projectKey: string;
  repositoryId: string;
  owner: User;
}

let counter = 0;

/** A user (owner), a project and one linked repository. */
export async function seedProject(
  db: Db,
  opts: { provider?: string; key?: string; settings?: Record<string, string>; repo?: { owner: string; name: string; externalId?: string } } = {},
): Promise<SeededProject> {
  counter += 1;
  const now = nowIso();
  const owner: User = { id: newId(), email: `owner${counter}-${newId().slice(0, 6)}@example.com`, name: 'Owner', isAdmin: false };
  await db.kysely
    .insertInto('users')
    .values({ id: owner.id, email: owner.email, name: owner.name, password_hash: null, is_admin: 0, created_at: now, updated_at: now })
    .execute();
  const projectId = newId();
  const projectKey =
    opts.key ??
    `P${counter}${newId()
      .replace(/[^0-9]/g, '')
      .slice(0, 3)}`.slice(0, 10);
  await db.kysely
    .insertInto('projects')
    .values({
      id: projectId,
      key: projectKey,
      name: 'Project',
      provider: opts.provider ?? 'github',
      settings: JSON.stringify(opts.settings ?? { baseUrl: 'https://api.github.com' }),
      branch_prefix: 'feature',
      draft_pull_requests: 0,
      ticket_counter: 0,
      webhook_secret_ciphertext: null,
      webhook_secret_created_at: null,
      previous_webhook_secret_ciphertext: null,
      previous_webhook_secret_expires_at: null,
      rejected_deliveries: 0,
      last_rejected_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db.kysely.insertInto('project_members').values({ project_id: projectId, user_id: owner.id, role: 'owner', created_at: now }).execute();
  const repositoryId = await linkRepository(db, projectId, opts.repo ?? { owner: 'acme', name: 'api' }, opts.provider ?? 'github');
  return { projectId, projectKey, repositoryId, owner };
}

export async function linkRepository(
  db: Db,
  projectId: string,
  repo: { owner: string; name: string; externalId?: string },
  provider = 'github',
  credentialId: string | null = null,
): Promise<string> {
  const id = newId();
  await db.kysely
    .insertInto('repositories')
    .values({
      id,
      project_id: projectId,
      provider,
      owner: repo.owner,
      name: repo.name,
      external_id: repo.externalId ?? String(1000 + counter),
      default_branch: 'main',
      web_url: `https://github.com/${repo.owner}/${repo.name}`,
      credential_id: credentialId,
      reconcile_watermark: null,
      reconcile_etag: null,
      reconciled_at: null,
      created_at: nowIso(),
    })
    .execute();
  return id;
}

export async function addTicket(db: Db, seeded: SeededProject, criteria: string[] = []): Promise<{ id: string; key: string }> {
  const key = await createTicket(db, seeded.owner, seeded.projectId, { title: 'A ticket', acceptanceCriteria: criteria });
  const row = await db.kysely.selectFrom('tickets').select(['id', 'key']).where('key', '=', key).executeTakeFirstOrThrow();
  return row;
}

export function pullRequest(overrides: Partial<PullRequest> = {}): PullRequest {
  const number = overrides.number ?? 12;
  return {
    number,
    externalId: String(5000 + number),
    url: `https://github.com/acme/api/pull/${number}`,
    title: 'Some change',
    body: '',
    state: 'open',
    headBranch: 'some-branch',
    baseBranch: 'main',
    updatedAt: '2025-01-01T10:00:00Z',
    requestedReviewers: [],
    fromFork: false,
    ...overrides,
  };
}
