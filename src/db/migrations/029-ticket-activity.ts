import { type Kysely, sql } from 'kysely';
import { engineOf } from '../database.ts';

// The ticket's history becomes its activity feed: every change, not only status moves. A row
// says what kind of change it is; a status move keeps from/to status, other kinds leave
// to_status empty and carry their own fields as JSON in `data`. A change a webhook delivery
// caused names that delivery in delivery_id (added with the automation rules, migration 028).
// SQLite cannot drop NOT NULL from a column: the table is rebuilt there, rows and index kept.

export async function up(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'postgres') {
    await sql`ALTER TABLE ticket_history ALTER COLUMN to_status DROP NOT NULL`.execute(db);
  } else {
    await db.schema
      .createTable('ticket_history_rebuilt')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text')
      .addColumn('cause', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('detail', 'text')
      .addColumn('rule', 'text')
      .addColumn('delivery_id', 'text')
      .execute();
    await sql`INSERT INTO ticket_history_rebuilt (id, ticket_id, at, from_status, to_status, cause, actor_id, detail, rule, delivery_id)
      SELECT id, ticket_id, at, from_status, to_status, cause, actor_id, detail, rule, delivery_id FROM ticket_history`.execute(db);
    await db.schema.dropTable('ticket_history').execute();
    await sql`ALTER TABLE ticket_history_rebuilt RENAME TO ticket_history`.execute(db);
    await db.schema.createIndex('ticket_history_ticket').on('ticket_history').columns(['ticket_id', 'at']).execute();
  }
  await db.schema
    .alterTable('ticket_history')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('status'))
    .execute();
  await db.schema.alterTable('ticket_history').addColumn('data', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('ticket_history').where('kind', '!=', 'status').execute();
  await db.schema.alterTable('ticket_history').dropColumn('data').execute();
  await db.schema.alterTable('ticket_history').dropColumn('kind').execute();
}
