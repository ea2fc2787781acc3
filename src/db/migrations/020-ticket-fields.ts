import type { Kysely } from 'kysely';

// Labels belong to a project (names unique within it, compared as typed) and go with it; a
// ticket carries any number of them, and loses them with the label or the ticket. The board
// filters by label, so the join row is indexed from the label's side too. Priority is a word on
// the ticket ('none' by default, so existing tickets read as before). An archived ticket keeps
// everything and leaves the board until restored; archived_at null means on the board.
// Comments go with their ticket; an author who is removed leaves the comment without a name.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('labels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('color', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('labels_project_name', ['project_id', 'name'])
    .execute();
  await db.schema
    .createTable('ticket_labels')
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('label_id', 'text', (c) => c.notNull().references('labels.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('ticket_labels_pk', ['ticket_id', 'label_id'])
    .execute();
  await db.schema.createIndex('ticket_labels_label').on('ticket_labels').columns(['label_id', 'ticket_id']).execute();
  await db.schema
    .alterTable('tickets')
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('none'))
    .execute();
  await db.schema.alterTable('tickets').addColumn('archived_at', 'text').execute();
  await db.schema
    .createTable('ticket_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_comments_ticket').on('ticket_comments').columns(['ticket_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ticket_comments').execute();
  await db.schema.alterTable('tickets').dropColumn('archived_at').execute();
  await db.schema.alterTable('tickets').dropColumn('priority').execute();
  await db.schema.dropTable('ticket_labels').execute();
  await db.schema.dropTable('labels').execute();
}
