import { type Kysely, sql } from 'kysely';
import { engineOf } from '../database.ts';

// The board's change feed: one row per change to a card (a ticket's board fields, or a pull
// request of the ticket), written by triggers in the writing transaction, so every path that
// changes a ticket — a route, a job, a webhook applied in any process — feeds it without knowing.
// API processes follow the table (db/queries/board-changes.ts) and push the changes to open
// boards over server-sent events. Rows are pruned after an hour by a scheduled job.

// Columns a card or a search shows; writes that touch only bookkeeping (sync times) stay silent.
const CARD_COLUMNS = 'key, number, title, spec, status, assignee_id, reviewer_id, repository_id, project_id';
const PR_COLUMNS = 'state, ticket_id, number, url';
/**
 * A listed column really changed: a row lock taken by setting a column to itself, or a webhook
 * that stores a pull request as it already was, is no change and wakes no board.
 */
const changed = (columns: string, differ: string) =>
  columns
    .split(', ')
    .map((c) => `OLD.${c} ${differ} NEW.${c}`)
    .join(' OR ');

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = engineOf(db) === 'postgres';
  await db.schema
    .createTable('board_changes')
    .addColumn('id', postgres ? 'bigserial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('board_changes_changed_at').on('board_changes').column('changed_at').execute();

  const statements = postgres
    ? [
        `CREATE FUNCTION board_change() RETURNS trigger LANGUAGE plpgsql AS $$
         DECLARE
           now_iso text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
         BEGIN
           IF TG_TABLE_NAME = 'tickets' THEN
             IF TG_OP = 'DELETE' THEN
               INSERT INTO board_changes (project_id, ticket_id, changed_at) VALUES (OLD.project_id, OLD.id, now_iso);
             ELSE
               INSERT INTO board_changes (project_id, ticket_id, changed_at) VALUES (NEW.project_id, NEW.id, now_iso);
             END IF;
           ELSE
             INSERT INTO board_changes (project_id, ticket_id, changed_at)
               SELECT t.project_id, t.id, now_iso FROM tickets t
               WHERE t.id = NEW.ticket_id OR (TG_OP = 'UPDATE' AND t.id = OLD.ticket_id);
           END IF;
           RETURN NULL;
         END $$`,
        `CREATE TRIGGER board_change_tickets AFTER INSERT OR DELETE ON tickets FOR EACH ROW EXECUTE FUNCTION board_change()`,
        `CREATE TRIGGER board_change_tickets_update AFTER UPDATE OF ${CARD_COLUMNS} ON tickets
           FOR EACH ROW WHEN (${changed(CARD_COLUMNS, 'IS DISTINCT FROM')}) EXECUTE FUNCTION board_change()`,
        `CREATE TRIGGER board_change_pull_requests AFTER INSERT ON pull_requests FOR EACH ROW EXECUTE FUNCTION board_change()`,
        `CREATE TRIGGER board_change_pull_requests_update AFTER UPDATE OF ${PR_COLUMNS} ON pull_requests
           FOR EACH ROW WHEN (${changed(PR_COLUMNS, 'IS DISTINCT FROM')}) EXECUTE FUNCTION board_change()`,
      ]
    : [
        `CREATE TRIGGER board_change_tickets_insert AFTER INSERT ON tickets BEGIN
           INSERT INTO board_changes (project_id, ticket_id, changed_at) VALUES (NEW.project_id, NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
         END`,
        `CREATE TRIGGER board_change_tickets_update AFTER UPDATE OF ${CARD_COLUMNS} ON tickets WHEN ${changed(CARD_COLUMNS, 'IS NOT')} BEGIN
           INSERT INTO board_changes (project_id, ticket_id, changed_at) VALUES (NEW.project_id, NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
         END`,
        `CREATE TRIGGER board_change_tickets_delete AFTER DELETE ON tickets BEGIN
           INSERT INTO board_changes (project_id, ticket_id, changed_at) VALUES (OLD.project_id, OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
         END`,
        `CREATE TRIGGER board_change_pull_requests_insert AFTER INSERT ON pull_requests BEGIN
           INSERT INTO board_changes (project_id, ticket_id, changed_at)
             SELECT project_id, id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM tickets WHERE id = NEW.ticket_id;
         END`,
        `CREATE TRIGGER board_change_pull_requests_update AFTER UPDATE OF ${PR_COLUMNS} ON pull_requests WHEN ${changed(PR_COLUMNS, 'IS NOT')} BEGIN
           INSERT INTO board_changes (project_id, ticket_id, changed_at)
             SELECT project_id, id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM tickets WHERE id IN (NEW.ticket_id, OLD.ticket_id);
         END`,
      ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'postgres') {
    for (const [name, table] of [
      ['tickets', 'tickets'],
      ['tickets_update', 'tickets'],
      ['pull_requests', 'pull_requests'],
      ['pull_requests_update', 'pull_requests'],
    ]) {
      await sql.raw(`DROP TRIGGER IF EXISTS board_change_${name} ON ${table}`).execute(db);
    }
    await sql.raw('DROP FUNCTION IF EXISTS board_change()').execute(db);
  } else {
    for (const name of ['tickets_insert', 'tickets_update', 'tickets_delete', 'pull_requests_insert', 'pull_requests_update']) {
      await sql.raw(`DROP TRIGGER IF EXISTS board_change_${name}`).execute(db);
    }
  }
  await db.schema.dropTable('board_changes').execute();
}
