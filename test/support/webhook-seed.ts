// A database (SQLite file or PostgreSQL URL) ready to receive GitHub deliveries, written before a child Baton starts on it: a
// project with a known webhook secret, Codertocat/Hello-World linked, tickets, and an API token.
import { newId, nowIso } from '../../src/clock.ts';
import { SecretBox } from '../../src/crypto/secret-box.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createApiToken } from '../../src/services/api-tokens.ts';

export interface WebhookSeed {
  projectId: string;
  keys: string[];
  apiToken: string;
}

export async function seedWebhookProject(
  databaseUrl: string,
  secretKey: string,
  opts: { projectKey: string; secret: string; tickets: number },
): Promise<WebhookSeed> {
  const db = openDatabase(databaseUrl);
  await db.migrate();
  const box = new SecretBox([Buffer.from(secretKey, 'base64')]);
  const now = nowIso();
  const projectId = newId();
  const userId = newId();
  const keys = Array.from({ length: opts.tickets }, (_, i) => `${opts.projectKey}-${i + 1}`);
  await db.transaction(async (tx) => {
    await tx
      .insertInto('users')
      .values({ id: userId, email: `seed-${userId}@example.com`, name: 'Seed', password_hash: null, is_admin: 0, created_at: now, updated_at: now })
      .execute();
    await tx
      .insertInto('projects')
      .values({
        id: projectId,
        key: opts.projectKey,
        name: opts.projectKey,
        provider: 'github',
        settings: JSON.stringify({ baseUrl: 'https://api.github.com' }),
        branch_prefix: 'feature',
        draft_pull_requests: 0,
        ticket_counter: opts.tickets,
        webhook_secret_ciphertext: box.seal(opts.secret),
        webhook_secret_created_at: now,
        previous_webhook_secret_ciphertext: null,
        previous_webhook_secret_expires_at: null,
        rejected_deliveries: 0,
        last_rejected_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await tx.insertInto('project_members').values({ project_id: projectId, user_id: userId, role: 'owner', created_at: now }).execute();
    await tx
      .insertInto('repositories')
      .values({
        id: newId(),
        project_id: projectId,
        provider: 'github',
        owner: 'Codertocat',
        name: 'Hello-World',
        external_id: '186853002',
        default_branch: 'main',
        web_url: 'https://github.com/Codertocat/Hello-World',
        credential_id: null,
        reconcile_watermark: null,
        reconcile_etag: null,
        reconciled_at: null,
        created_at: now,
      })
      .execute();
    for (let i = 0; i < keys.length; i += 200) {
      await tx
        .insertInto('tickets')
        .values(
          keys.slice(i, i + 200).map((key, j) => ({
            id: newId(),
            project_id: projectId,
            number: i + j + 1,
            key,
            title: key,
            spec: '',
            status: 'backlog',
            assignee_id: null,
            reviewer_id: null,
            repository_id: null,
            branch: null,
            start_work: null,
            prs_synced_at: null,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
  });
  const { token } = await createApiToken(db.kysely, userId, 'seed');
  await db.destroy();
  return { projectId, keys, apiToken: token };
}
