import type { Kysely } from 'kysely';

// When the GitHub App's webhook last brought a verified delivery about each repository of an
// installation: the Webhooks card says such a repository is covered by the App's webhook and
// when it last heard through it, instead of offering a repository webhook it does not need.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('github_app_repositories').addColumn('last_delivery_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('github_app_repositories').dropColumn('last_delivery_at').execute();
}
