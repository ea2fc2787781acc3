import { type Kysely, sql } from 'kysely';

// PR status sync: the checklist last read from each PR body (ticks are applied as changes, so
// an old body never undoes a tick made in Baton), duplicate counts on stored deliveries, and an
// index that keeps the sweep for stuck deliveries cheap.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('pull_requests').addColumn('criteria_seen', 'text').execute();
  await db.schema
    .alterTable('webhook_deliveries')
    .addColumn('duplicates', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('webhook_deliveries').addColumn('last_duplicate_at', 'text').execute();
  await db.schema.createIndex('webhook_deliveries_pending').on('webhook_deliveries').column('received_at').where(sql.ref('outcome'), '=', 'pending').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_pending').ifExists().execute();
  await db.schema.alterTable('webhook_deliveries').dropColumn('last_duplicate_at').execute();
  await db.schema.alterTable('webhook_deliveries').dropColumn('duplicates').execute();
  await db.schema.alterTable('pull_requests').dropColumn('criteria_seen').execute();
}
