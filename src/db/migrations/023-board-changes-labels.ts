import { type Kysely, sql } from 'kysely';
import { engineOf } from '../database.ts';

// Cards show labels and priority and leave the board when archived (migration 020), so those
// changes feed the board's change table too, written by triggers in the writing transaction as
// migration 018 does for the other card fields: a label put on or taken off a ticket, a label
// renamed or recoloured (each ticket carrying it), a ticket's priority or archived time.
// A deleted label takes its ticket_labels rows with it, and their delete trigger records the
// tickets. The board filters by priority, so tickets are indexed by it within a project.

// Migration 018's card columns, and those added since that a card shows.
const CARD_COLUMNS_018 = 'key, number, title, spec, status, assignee_id, reviewer_id, repository_id, project_id';
const CARD_COLUMNS = `${CARD_COLUMNS_018}, priority, archived_at`;
const LABEL_COLUMNS = 'name, color';

const changed = (columns: string, differ: string) =>
  columns
    .split(', ')
    .map((c) => `OLD.${c} ${differ} NEW.${c}`)
    .join(' OR ');

const SQLITE_NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

function sqliteTicketsUpdate(columns: string): string {
  return `CREATE TRIGGER board_change_tickets_update AFTER UPDATE OF ${columns} ON tickets WHEN ${changed(columns, 'IS NOT')} BEGIN
    INSERT INTO board_changes (project_id, ticket_id, changed_at) VALUES (NEW.project_id, NEW.id, ${SQLITE_NOW});
  END`;
}

function postgresTicketsUpdate(columns: string): string {
  return `CREATE TRIGGER board_change_tickets_update AFTER UPDATE OF ${columns} ON tickets
    FOR EACH ROW WHEN (${changed(columns, 'IS DISTINCT FROM')}) EXECUTE FUNCTION board_change()`;
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = engineOf(db) === 'postgres';
  const statements = postgres
    ? [
        'DROP TRIGGER board_change_tickets_update ON tickets',
        postgresTicketsUpdate(CARD_COLUMNS),
        // A ticket's label row names the ticket; a label's row names every ticket carrying it.
        // A ticket being deleted is already gone when its label rows follow, and records itself.
        `CREATE FUNCTION board_change_label() RETURNS trigger LANGUAGE plpgsql AS $$
         DECLARE
           now_iso text := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
         BEGIN
           IF TG_TABLE_NAME = 'labels' THEN
             INSERT INTO board_changes (project_id, ticket_id, changed_at)
               SELECT t.project_id, t.id, now_iso FROM ticket_labels tl JOIN tickets t ON t.id = tl.ticket_id WHERE tl.label_id = NEW.id;
           ELSIF TG_OP = 'DELETE' THEN
             INSERT INTO board_changes (project_id, ticket_id, changed_at) SELECT t.project_id, t.id, now_iso FROM tickets t WHERE t.id = OLD.ticket_id;
           ELSE
             INSERT INTO board_changes (project_id, ticket_id, changed_at) SELECT t.project_id, t.id, now_iso FROM tickets t WHERE t.id = NEW.ticket_id;
           END IF;
           RETURN NULL;
         END $$`,
        'CREATE TRIGGER board_change_ticket_labels AFTER INSERT OR DELETE ON ticket_labels FOR EACH ROW EXECUTE FUNCTION board_change_label()',
        `CREATE TRIGGER board_change_labels_update AFTER UPDATE OF ${LABEL_COLUMNS} ON labels
           FOR EACH ROW WHEN (${changed(LABEL_COLUMNS, 'IS DISTINCT FROM')}) EXECUTE FUNCTION board_change_label()`,
      ]
    : [
        'DROP TRIGGER board_change_tickets_update',
        sqliteTicketsUpdate(CARD_COLUMNS),
        `CREATE TRIGGER board_change_ticket_labels_insert AFTER INSERT ON ticket_labels BEGIN
           INSERT INTO board_changes (project_id, ticket_id, changed_at) SELECT project_id, id, ${SQLITE_NOW} FROM tickets WHERE id = NEW.ticket_id;
         END`,
        `CREATE TRIGGER board_change_ticket_labels_delete AFTER DELETE ON ticket_labels BEGIN
           INSERT INTO board_changes (project_id, ticket_id, changed_at) SELECT project_id, id, ${SQLITE_NOW} FROM tickets WHERE id = OLD.ticket_id;
         END`,
        `CREATE TRIGGER board_change_labels_update AFTER UPDATE OF ${LABEL_COLUMNS} ON labels WHEN ${changed(LABEL_COLUMNS, 'IS NOT')} BEGIN
           INSERT INTO board_changes (project_id, ticket_id, changed_at)
             SELECT t.project_id, t.id, ${SQLITE_NOW} FROM ticket_labels tl JOIN tickets t ON t.id = tl.ticket_id WHERE tl.label_id = NEW.id;
         END`,
      ];
  for (const statement of statements) await sql.raw(statement).execute(db);
  await db.schema.createIndex('tickets_priority').on('tickets').columns(['project_id', 'priority', 'status', 'number']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_priority').execute();
  const statements =
    engineOf(db) === 'postgres'
      ? [
          'DROP TRIGGER board_change_labels_update ON labels',
          'DROP TRIGGER board_change_ticket_labels ON ticket_labels',
          'DROP FUNCTION board_change_label()',
          'DROP TRIGGER board_change_tickets_update ON tickets',
          postgresTicketsUpdate(CARD_COLUMNS_018),
        ]
      : [
          'DROP TRIGGER board_change_labels_update',
          'DROP TRIGGER board_change_ticket_labels_delete',
          'DROP TRIGGER board_change_ticket_labels_insert',
          'DROP TRIGGER board_change_tickets_update',
          sqliteTicketsUpdate(CARD_COLUMNS_018),
        ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
