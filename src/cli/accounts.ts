import type { Config } from '../config.ts';
import { adminExists, findUserByEmail, listUsers } from '../db/queries/users.ts';
import { createApiToken } from '../services/api-tokens.ts';
import { deactivateAccount } from '../services/people.ts';
import { createUser, setPassword } from '../services/users.ts';
import { CliError } from './errors.ts';
import { readStdin, withStore } from './store.ts';

const MIN_PASSWORD = 10;

async function passwordFromStdin(): Promise<string> {
  // A terminal would echo the password and wait for end-of-file: ask for a pipe instead.
  if (process.stdin.isTTY) throw new CliError('Pipe the password in on standard input (a terminal would show it), e.g. from a password manager or a file');
  const password = (await readStdin()).replace(/\r?\n$/, '');
  if (password.length < MIN_PASSWORD) throw new CliError(`The password must be at least ${MIN_PASSWORD} characters (it is read from standard input)`);
  return password;
}

/** `baton user add`: prints the new user's id on stdout; what comes next for a person goes to stderr. */
export async function addUser(config: Config, opts: { email: string; name: string; admin: boolean; passwordStdin: boolean }): Promise<void> {
  if (!/^[^@\s]+@[^@\s]+$/.test(opts.email)) throw new CliError(`--email: "${opts.email}" is not an email address`);
  const password = opts.passwordStdin ? await passwordFromStdin() : null;
  const { created, adminMissing } = await withStore(config, async (db) => ({
    created: await createUser(db.kysely, { email: opts.email, name: opts.name, password, isAdmin: opts.admin }),
    adminMissing: !(await adminExists(db.kysely)),
  }));
  process.stdout.write(`${created.id}\n`);
  if (password === null) {
    process.stderr.write(
      `${created.email} has no password yet, so they cannot sign in to the web app.\n` +
        `  To let them sign in, pipe a password into: baton user set-password --email ${created.email}\n` +
        `  For scripts, an API token instead:         baton token create --email ${created.email}\n`,
    );
  }
  if (adminMissing) process.stderr.write('No administrator exists yet: the setup link in the server log still creates the first one.\n');
}

/** `baton user set-password`: the password comes from standard input, never from the command line. */
export async function setUserPassword(config: Config, opts: { email: string }): Promise<void> {
  const password = await passwordFromStdin();
  const updated = await withStore(config, (db) => setPassword(db, opts.email, password));
  if (!updated) throw new CliError(`No user with email ${opts.email}; add one with: baton user add --email ${opts.email} --name NAME`);
  process.stdout.write(`${updated.email} can now sign in with the new password\n`);
}

/** `baton token create`: prints only the token, so scripts can capture it. Without `expiresInDays` it never expires. */
export async function createToken(config: Config, opts: { email: string; name: string; expiresInDays?: string }): Promise<void> {
  const days = opts.expiresInDays === undefined ? null : Number(opts.expiresInDays);
  if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= 3650))
    throw new CliError('--expires-in-days must be a whole number of days from 1 to 3650');
  const expiresAt = days === null ? null : new Date(Date.now() + days * 86_400_000).toISOString();
  const created = await withStore(config, async (db) => {
    const found = await findUserByEmail(db.kysely, opts.email);
    if (!found) throw new CliError(`No user with email ${opts.email}; add one with: baton user add --email ${opts.email} --name NAME`);
    return createApiToken(db.kysely, found.id, opts.name, expiresAt);
  });
  process.stdout.write(`${created.token}\n`);
}

/** `baton user list`: a table for people, or `--json` for scripts. */
export async function listUsersCommand(config: Config, opts: { json: boolean }): Promise<void> {
  const rows = await withStore(config, (db) => listUsers(db.kysely));
  const users = rows.map((r) => ({
    email: r.email,
    name: r.name,
    role: r.is_admin === 1 ? 'admin' : 'member',
    status: r.deactivated_at ? 'deactivated' : r.password_hash ? 'active' : 'no password yet',
  }));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(users)}\n`);
    return;
  }
  if (users.length === 0) {
    process.stdout.write('No users yet; add one with: baton user add --email EMAIL --name NAME\n');
    return;
  }
  const header = { email: 'EMAIL', name: 'NAME', role: 'ROLE', status: 'STATUS' };
  const columns = ['email', 'name', 'role'] as const;
  const width = Object.fromEntries(columns.map((c) => [c, Math.max(...[header, ...users].map((u) => u[c].length))]));
  for (const u of [header, ...users]) process.stdout.write(`${columns.map((c) => u[c].padEnd(width[c])).join('  ')}  ${u.status}\n`);
}

/** `baton user deactivate`: the person can no longer sign in; their sessions and API tokens stop now. */
export async function deactivateUserCommand(config: Config, opts: { email: string }): Promise<void> {
  const name = await withStore(config, async (db) => {
    const found = await findUserByEmail(db.kysely, opts.email);
    if (!found) throw new CliError(`No user with email ${opts.email}; see who exists with: baton user list`);
    // Refusals (the only active admin) are AppErrors: printed as they are, exit 2.
    return (await db.transaction((tx) => deactivateAccount(tx, found.id))).name;
  });
  process.stdout.write(`${name} (${opts.email}) is deactivated: signed out everywhere, API tokens revoked\n`);
}
