// Baton's database, read by a connection of the benchmark's own so the reads cost Baton's process
// nothing: the apply backlog (deliveries acknowledged, i.e. stored, but not yet applied) and the
// tickets' committed statuses, which is what the API answers (it reads these rows, no cache).
import { openDatabase } from '../../src/db/database.ts';

export type BatonDb = ReturnType<typeof watchDatabase>;

export function watchDatabase(databaseUrl: string) {
  const db = openDatabase(databaseUrl);

  async function pending(): Promise<number> {
    const row = await db.kysely
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('outcome', '=', 'pending')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  return {
    pending,
    /** Deliveries that failed to apply, with one of their errors: a benchmark of those measures nothing. */
    async failed(): Promise<{ count: number; example: string | null }> {
      const rows = await db.kysely.selectFrom('webhook_deliveries').select('error').where('outcome', '=', 'failed').execute();
      return { count: rows.length, example: rows[0]?.error ?? null };
    },
    /** Waits until nothing is pending; returns how long that took, in seconds. */
    async drained(): Promise<number> {
      const started = performance.now();
      while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 100));
      return (performance.now() - started) / 1000;
    },
    /** Ticket key → status, as committed. */
    async statuses(projectId: string): Promise<Map<string, string>> {
      const rows = await db.kysely.selectFrom('tickets').select(['key', 'status']).where('project_id', '=', projectId).execute();
      return new Map(rows.map((r) => [r.key, r.status]));
    },
    close: () => db.destroy(),
  };
}
