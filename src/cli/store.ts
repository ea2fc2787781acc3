import type { Config } from '../config.ts';
import { openDatabase, type Db } from '../db/database.ts';

export function openStore(config: Config): Db {
  return openDatabase(config.databaseUrl);
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
