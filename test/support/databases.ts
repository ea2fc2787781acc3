import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { type Db, type Engine, openDatabase } from '../../src/db/database.ts';

export const engines: Engine[] = ['sqlite', 'postgres'];

/** A new, migrated, empty database: a temp SQLite file, or a new database in the test PostgreSQL. */
export async function freshDatabase(engine: Engine): Promise<Db & { url: string }> {
  const url = engine === 'sqlite' ? freshSqliteUrl() : await freshPostgresUrl();
  const db = openDatabase(url);
  await db.migrate();
  return Object.assign(db, { url });
}

export function freshSqliteUrl(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-test-'));
  return path.join(dir, 'baton.sqlite');
}

export async function freshPostgresUrl(): Promise<string> {
  const adminUrl = inject('postgresUrl');
  const name = `baton_t_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
