import type { Kysely } from 'kysely';

// Whether a project lets PRs from forks link themselves to tickets and tick criteria. Off for
// every project, existing ones included: a fork's PR is anybody's.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('projects')
    .addColumn('accept_fork_pull_requests', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('projects').dropColumn('accept_fork_pull_requests').execute();
}
