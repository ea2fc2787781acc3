import { type Kysely, sql } from 'kysely';
import { engineOf } from '../database.ts';

// Full-text search over a ticket's key, title and spec, indexed so a search answers as fast as
// the board at 10,000 tickets. Words are matched as prefixes without stemming ('simple'), so a
// search works the same in any language a team writes its specs in.
//
// SQLite: an FTS5 table kept in step by triggers. Its rows are keyed by an integer of their own
// (ticket_search_rows) rather than the tickets table's implicit rowid, which VACUUM may renumber.
// PostgreSQL: a GIN index on the document expression; db/queries/board.ts repeats the
// expression exactly so the planner uses it.

export async function up(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'postgres') {
    await sql.raw("CREATE INDEX tickets_search ON tickets USING gin (to_tsvector('simple'::regconfig, key || ' ' || title || ' ' || spec))").execute(db);
    return;
  }
  const statements = [
    'CREATE TABLE ticket_search_rows (row INTEGER PRIMARY KEY, ticket_id TEXT NOT NULL UNIQUE)',
    `CREATE VIRTUAL TABLE ticket_search USING fts5(key, title, spec, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`,
    `CREATE TRIGGER ticket_search_insert AFTER INSERT ON tickets BEGIN
       INSERT INTO ticket_search_rows (ticket_id) VALUES (NEW.id);
       INSERT INTO ticket_search (rowid, key, title, spec)
         VALUES ((SELECT row FROM ticket_search_rows WHERE ticket_id = NEW.id), NEW.key, NEW.title, NEW.spec);
     END`,
    `CREATE TRIGGER ticket_search_update AFTER UPDATE OF key, title, spec ON tickets BEGIN
       UPDATE ticket_search SET key = NEW.key, title = NEW.title, spec = NEW.spec
         WHERE rowid = (SELECT row FROM ticket_search_rows WHERE ticket_id = NEW.id);
     END`,
    `CREATE TRIGGER ticket_search_delete AFTER DELETE ON tickets BEGIN
       DELETE FROM ticket_search WHERE rowid = (SELECT row FROM ticket_search_rows WHERE ticket_id = OLD.id);
       DELETE FROM ticket_search_rows WHERE ticket_id = OLD.id;
     END`,
    'INSERT INTO ticket_search_rows (ticket_id) SELECT id FROM tickets ORDER BY project_id, number',
    `INSERT INTO ticket_search (rowid, key, title, spec)
       SELECT r.row, t.key, t.title, t.spec FROM ticket_search_rows r JOIN tickets t ON t.id = r.ticket_id`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'postgres') {
    await sql.raw('DROP INDEX IF EXISTS tickets_search').execute(db);
    return;
  }
  for (const name of ['ticket_search_insert', 'ticket_search_update', 'ticket_search_delete']) await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
  await sql.raw('DROP TABLE IF EXISTS ticket_search').execute(db);
  await sql.raw('DROP TABLE IF EXISTS ticket_search_rows').execute(db);
}
