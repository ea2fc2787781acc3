import type { Config } from '../config.ts';
import { type Db, openDatabase } from '../db/database.ts';

export function openStore(config: Config): Db {
  return openDatabase(config.databaseUrl);
}

/** Open the database, bring it up to date, run `fn`, and always close it. */
export async function withStore<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = openStore(config);
  try {
    await db.migrate();
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
