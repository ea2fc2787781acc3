import type { Kysely } from 'kysely';

// The delivery log names the ticket each applied delivery moved: the pull request it carried is
// linked to that ticket. A deleted ticket leaves the delivery without one.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('webhook_deliveries')
    .addColumn('ticket_id', 'text', (c) => c.references('tickets.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_deliveries').dropColumn('ticket_id').execute();
}
