import type { Kysely } from 'kysely';

// Job kinds take one style, `<subject>.<action>`: the two Start work kinds were the exception.
// Jobs already stored (queued, running or dead, so a dead one can still be retried) are
// renamed. The names are written out here, not imported: a migration must not change when the
// code that enqueues jobs does.
const RENAMED: Array<[before: string, after: string]> = [
  ['start_work', 'ticket.start-work'],
  ['republish_spec', 'ticket.republish-spec'],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [before, after] of RENAMED) await rename(db, before, after);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [before, after] of RENAMED) await rename(db, after, before);
}

async function rename(db: Kysely<any>, from: string, to: string): Promise<void> {
  await db.updateTable('jobs').set({ kind: to }).where('kind', '=', from).execute();
  await db.updateTable('schedules').set({ kind: to }).where('kind', '=', from).execute();
}
