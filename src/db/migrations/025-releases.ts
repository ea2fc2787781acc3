import type { Kysely } from 'kysely';

// Releases of linked repositories (git releases, or tags where the provider has no releases),
// and the commits each one brought since the release it is compared with: a merged pull request
// is in the first release whose commits hold its merge commit. Pull requests keep that commit.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('releases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('repository_id', 'text', (c) => c.notNull().references('repositories.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('prerelease', 'integer', (c) => c.notNull())
    .addColumn('target_commit', 'text')
    .addColumn('deleted_at', 'text')
    .addColumn('computed_range', 'text')
    .addColumn('computed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('releases_repository_external', ['repository_id', 'external_id'])
    .execute();
  await db.schema.createIndex('releases_repository_published').on('releases').columns(['repository_id', 'published_at']).execute();

  await db.schema
    .createTable('release_commits')
    .addColumn('release_id', 'text', (c) => c.notNull().references('releases.id').onDelete('cascade'))
    .addColumn('repository_id', 'text', (c) => c.notNull())
    .addColumn('sha', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('release_commits_pk', ['release_id', 'sha'])
    .execute();
  await db.schema.createIndex('release_commits_repository_sha').on('release_commits').columns(['repository_id', 'sha']).execute();

  await db.schema.alterTable('pull_requests').addColumn('merge_commit_sha', 'text').execute();
  await db.schema.alterTable('repositories').addColumn('releases_etag', 'text').execute();
  await db.schema.alterTable('repositories').addColumn('releases_reconciled_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('repositories').dropColumn('releases_reconciled_at').execute();
  await db.schema.alterTable('repositories').dropColumn('releases_etag').execute();
  await db.schema.alterTable('pull_requests').dropColumn('merge_commit_sha').execute();
  await db.schema.dropTable('release_commits').execute();
  await db.schema.dropTable('releases').execute();
}
