import type { Kysely } from 'kysely';

// The delivery log names the linked repository each delivery was about, recorded when the
// delivery is applied (never at ingress, which only stores bytes), so the Webhooks card shows
// each repository's last delivery rather than the project's. Deliveries stored before this, and
// those about no linked repository, have none.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('webhook_deliveries')
    .addColumn('repository_id', 'text', (c) => c.references('repositories.id').onDelete('set null'))
    .execute();
  // Partial: ingress inserts rows without a repository, and those cost no index entry.
  await db.schema
    .createIndex('webhook_deliveries_repository')
    .on('webhook_deliveries')
    .columns(['repository_id', 'received_at'])
    .where('repository_id', 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_repository').execute();
  await db.schema.alterTable('webhook_deliveries').dropColumn('repository_id').execute();
}
