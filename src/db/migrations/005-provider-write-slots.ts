import type { Kysely } from 'kysely';

// Writes with one provider token are spaced (GitHub asks for at least a second between
// mutations). The spacing lives here, not in a process's memory, so N workers on one
// database still write one at a time per token.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('provider_write_slots')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('next_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('provider_write_slots').execute();
}
