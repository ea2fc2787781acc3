import type { Kysely } from 'kysely';

// A singleton job asked for again while it runs (Start work pressed again just as the last run
// ended) must run once more after it, not be folded into the run that is finishing: the flag
// says so, and finishing the job requeues it instead of marking it succeeded.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('jobs')
    .addColumn('run_again', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').dropColumn('run_again').execute();
}
