import type { Config } from '../config.ts';
import { findUserByEmail } from '../db/queries/users.ts';
import { createApiToken } from '../services/api-tokens.ts';
import { createUser } from '../services/users.ts';
import { CliError } from './errors.ts';
import { readStdin, withStore } from './store.ts';

/** `baton user add`: prints the new user's id. */
export async function addUser(config: Config, opts: { email: string; name: string; admin: boolean; passwordStdin: boolean }): Promise<void> {
  if (!/^[^@\s]+@[^@\s]+$/.test(opts.email)) throw new CliError(`--email: "${opts.email}" is not an email address`);
  const password = opts.passwordStdin ? (await readStdin()).replace(/\r?\n$/, '') : null;
  if (password !== null && password.length < 10) throw new CliError('The password must be at least 10 characters');
  const created = await withStore(config, (db) => createUser(db.kysely, { email: opts.email, name: opts.name, password, isAdmin: opts.admin }));
  process.stdout.write(`${created.id}\n`);
}

/** `baton token create`: prints only the token, so scripts can capture it. */
export async function createToken(config: Config, opts: { email: string; name: string }): Promise<void> {
  const created = await withStore(config, async (db) => {
    const found = await findUserByEmail(db.kysely, opts.email);
    if (!found) throw new CliError(`No user with email ${opts.email}; add one with: baton user add --email ${opts.email} --name NAME`);
    return createApiToken(db.kysely, found.id, opts.name);
  });
  process.stdout.write(`${created.token}\n`);
}
