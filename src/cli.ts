import { Command, Option } from 'commander';
import { runDoctor } from './cli/doctor.ts';
import { rotateKeys } from './cli/keys.ts';
import { openStore, readStdin, withStore } from './cli/store.ts';
import { ConfigError, type ConfigFlags, loadConfig } from './config.ts';
import { MasterKeyMissing } from './crypto/master-key.ts';
import { findUserByEmail } from './db/queries/users.ts';
import { AppError } from './errors.ts';
import { startBaton } from './main.ts';
import { createApiToken } from './services/api-tokens.ts';
import { createUser } from './services/users.ts';

// `baton` — every command reads the same configuration (environment, then flags).

const program = new Command('baton').description('Baton: tickets that drive branches, specs and pull requests on your git provider').showHelpAfterError();
const dataDirOption = () => new Option('--data-dir <dir>', 'data directory (BATON_DATA_DIR, default ./data)');

function config(flags: ConfigFlags) {
  return loadConfig(process.env, flags);
}

program
  .command('serve')
  .description('start the server (API, web app, workers and scheduler by role)')
  .option('--port <port>', 'port to listen on (BATON_PORT, default 3000)')
  .addOption(dataDirOption())
  .addOption(new Option('--role <role>', 'what this process runs (BATON_ROLE)').choices(['api', 'worker', 'all']))
  .option('--reconciliation-period <seconds>', 'seconds between PR reconciliation runs, 0 = off (BATON_RECONCILIATION_PERIOD, default 600)')
  .action(async (flags: ConfigFlags) => {
    const baton = await startBaton(config(flags));
    const where = baton.url ? `Baton is running at ${baton.ctx.config.publicUrl} (listening on ${baton.url})` : 'Baton worker is running';
    process.stdout.write(`${where}\n`);
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      baton.ctx.log.info({ signal }, 'shutting down');
      baton.stop().then(
        () => process.exit(0),
        (err) => {
          baton.ctx.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .addOption(dataDirOption())
  .action(async (flags: ConfigFlags) => {
    const db = openStore(config(flags));
    try {
      const applied = await db.migrate();
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date\n');
    } finally {
      await db.destroy();
    }
  });

const user = program.command('user').description('manage users');
user
  .command('add')
  .description('add a user')
  .requiredOption('--email <email>', 'email address (their sign-in name)')
  .requiredOption('--name <name>', 'display name')
  .option('--admin', 'make the user an administrator', false)
  .option('--password-stdin', 'read the password from standard input', false)
  .addOption(dataDirOption())
  .action(async (opts: { email: string; name: string; admin: boolean; passwordStdin: boolean } & ConfigFlags) => {
    if (!/^[^@\s]+@[^@\s]+$/.test(opts.email)) throw new CliError(`--email: "${opts.email}" is not an email address`);
    const password = opts.passwordStdin ? (await readStdin()).replace(/\r?\n$/, '') : null;
    if (password !== null && password.length < 10) throw new CliError('The password must be at least 10 characters');
    const created = await withStore(config(opts), (db) => createUser(db.kysely, { email: opts.email, name: opts.name, password, isAdmin: opts.admin }));
    process.stdout.write(`${created.id}\n`);
  });

const token = program.command('token').description('manage API tokens');
token
  .command('create')
  .description('create an API token for a user and print it (only the token) on stdout')
  .requiredOption('--email <email>', "the user's email")
  .option('--name <name>', 'what the token is for', 'cli')
  .addOption(dataDirOption())
  .action(async (opts: { email: string; name: string } & ConfigFlags) => {
    const created = await withStore(config(opts), async (db) => {
      const found = await findUserByEmail(db.kysely, opts.email);
      if (!found) throw new CliError(`No user with email ${opts.email}; add one with: baton user add --email ${opts.email} --name NAME`);
      return createApiToken(db.kysely, found.id, opts.name);
    });
    process.stdout.write(`${created.token}\n`);
  });

program
  .command('keys')
  .description('manage the master key')
  .command('rotate')
  .description('re-encrypt every stored secret under a new master key')
  .addOption(dataDirOption())
  .action(async (flags: ConfigFlags) => {
    await rotateKeys(config(flags));
  });

program
  .command('doctor')
  .description('check configuration, database, migrations and master key; say exactly what is wrong')
  .addOption(dataDirOption())
  .action(async (flags: ConfigFlags) => {
    process.exitCode = (await runDoctor(process.env, flags)) ? 0 : 1;
  });

export class CliError extends Error {}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError || err instanceof CliError || err instanceof AppError || err instanceof MasterKeyMissing) {
    process.stderr.write(`baton: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
