import type { Kysely } from 'kysely';

// Workflow automation: a project's own rules from PR events to ticket status (JSON; null keeps
// the default rules), and what moved a ticket automatically: the rule and the webhook delivery
// beside the event that the history's detail already names.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('projects').addColumn('automation_rules', 'text').execute();
  await db.schema.alterTable('ticket_history').addColumn('rule', 'text').execute();
  await db.schema.alterTable('ticket_history').addColumn('delivery_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ticket_history').dropColumn('delivery_id').execute();
  await db.schema.alterTable('ticket_history').dropColumn('rule').execute();
  await db.schema.alterTable('projects').dropColumn('automation_rules').execute();
}
