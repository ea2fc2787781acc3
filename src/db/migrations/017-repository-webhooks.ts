import type { Kysely } from 'kysely';

// The webhooks Baton registers at providers, one per linked repository (see schema/repository-webhooks.ts).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('repository_webhooks')
    .addColumn('repository_id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('provider_hook_id', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('registered_by', 'text')
    .addColumn('credential_id', 'text')
    .addColumn('registered_at', 'text')
    .addColumn('secret_created_at', 'text')
    .addColumn('error', 'text')
    .addColumn('missing_permission', 'text')
    .addColumn('test_requested_at', 'text')
    .addColumn('provider_failure_at', 'text')
    .addColumn('provider_failure', 'text')
    .addColumn('provider_success_at', 'text')
    .addColumn('provider_checked_at', 'text')
    .addColumn('unlinked_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('repository_webhooks_project').on('repository_webhooks').column('project_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('repository_webhooks').execute();
}
