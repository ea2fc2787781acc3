import type { Kysely } from 'kysely';

// The GitHub App: installations Baton knows (with their cached installation token), the
// repositories each reaches, each person's authorisation (user-to-server token and refresh
// token), and the single-use `state` values of install and authorise round trips. Tokens are
// sealed by the secret box like every other secret. `refreshing_until` is a lease: the process
// that sets it refreshes the token, the others wait for its result.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('github_app_installations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('repository_selection', 'text', (c) => c.notNull())
    .addColumn('suspended_at', 'text')
    .addColumn('deleted_at', 'text')
    .addColumn('token_ciphertext', 'text')
    .addColumn('token_expires_at', 'text')
    .addColumn('refreshing_until', 'bigint')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('github_app_repositories')
    .addColumn('installation_id', 'text', (c) => c.notNull().references('github_app_installations.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('github_app_repositories_pk', ['installation_id', 'external_id'])
    .execute();
  await db.schema.createIndex('github_app_repositories_name').on('github_app_repositories').columns(['owner', 'name']).execute();

  await db.schema
    .createTable('github_app_authorizations')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('github_user_id', 'text', (c) => c.notNull())
    .addColumn('login', 'text', (c) => c.notNull())
    .addColumn('token_ciphertext', 'text')
    .addColumn('token_expires_at', 'text')
    .addColumn('refresh_ciphertext', 'text')
    .addColumn('refresh_expires_at', 'text')
    .addColumn('refreshing_until', 'bigint')
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('github_app_authorizations_github_user').on('github_app_authorizations').column('github_user_id').execute();

  await db.schema
    .createTable('github_app_states')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('project_id', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['github_app_states', 'github_app_authorizations', 'github_app_repositories', 'github_app_installations']) {
    await db.schema.dropTable(table).execute();
  }
}
