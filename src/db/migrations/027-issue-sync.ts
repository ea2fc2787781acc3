import type { Kysely } from 'kysely';

// Issue sync. Per linked repository: whether its issues are synced, how, who enabled it (whose
// token reads when no app is installed), and the import's resumable progress — the next page to
// read and the counts shown as "n of m" — plus the reconciliation watermark. Per project: which
// Baton statuses mean open and closed on the issue tracker. Per ticket: the issue it mirrors,
// unique per repository and number so an import run twice links each issue once, with the values
// both sides last agreed on (`synced`, JSON) to tell which side changed a field since. Labels and
// milestones of each repository are cached here and refreshed by their webhooks.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('issue_sync_settings')
    .addColumn('repository_id', 'text', (c) => c.primaryKey().references('repositories.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('label_filter', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('create_issues', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('import_status', 'text', (c) => c.notNull())
    .addColumn('import_next_page', 'integer', (c) => c.notNull())
    .addColumn('import_done', 'integer', (c) => c.notNull())
    .addColumn('import_total', 'integer')
    .addColumn('import_total_exact', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('import_error', 'text')
    .addColumn('import_started_at', 'text')
    .addColumn('import_finished_at', 'text')
    .addColumn('watermark', 'text')
    .addColumn('reconciled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('issue_sync_settings_project').on('issue_sync_settings').column('project_id').execute();
  await db.schema
    .createTable('issue_status_maps')
    .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    .addColumn('closed_statuses', 'text', (c) => c.notNull())
    .addColumn('open_status', 'text', (c) => c.notNull())
    .addColumn('closed_status', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ticket_issues')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey().references('tickets.id').onDelete('cascade'))
    .addColumn('repository_id', 'text', (c) => c.notNull().references('repositories.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('close_reason', 'text')
    .addColumn('milestone_number', 'integer')
    .addColumn('milestone_title', 'text')
    .addColumn('assignees', 'text', (c) => c.notNull())
    .addColumn('provider_updated_at', 'text', (c) => c.notNull())
    .addColumn('synced', 'text', (c) => c.notNull())
    .addColumn('gone', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ticket_issues_repository_number', ['repository_id', 'number'])
    .execute();
  await db.schema
    .createTable('issue_repository_labels')
    .addColumn('repository_id', 'text', (c) => c.notNull().references('repositories.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('color', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('issue_repository_labels_pk', ['repository_id', 'name'])
    .execute();
  await db.schema
    .createTable('issue_repository_milestones')
    .addColumn('repository_id', 'text', (c) => c.notNull().references('repositories.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('issue_repository_milestones_pk', ['repository_id', 'number'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('issue_repository_milestones').execute();
  await db.schema.dropTable('issue_repository_labels').execute();
  await db.schema.dropTable('ticket_issues').execute();
  await db.schema.dropTable('issue_status_maps').execute();
  await db.schema.dropTable('issue_sync_settings').execute();
}
