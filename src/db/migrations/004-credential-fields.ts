import type { Kysely } from 'kysely';

// Some providers take a token only together with an account name (Bitbucket Cloud: the
// Atlassian account email as the Basic user name). Such credential fields are kept with the
// credential, as JSON, beside the sealed token: they are not secret, and they are shown back.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('git_credentials')
    .addColumn('fields', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('git_credentials').dropColumn('fields').execute();
}
