import { type Kysely, sql } from 'kysely';

// Delivery bodies are dropped after the retention period; the row (its summary) stays. The
// partial index finds what is still to drop without reading what was dropped already.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_deliveries').addColumn('body_dropped_at', 'text').execute();
  await db.schema
    .createIndex('webhook_deliveries_body_kept')
    .on('webhook_deliveries')
    .column('received_at')
    .where(sql.ref('body_dropped_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_body_kept').execute();
  await db.schema.alterTable('webhook_deliveries').dropColumn('body_dropped_at').execute();
}
