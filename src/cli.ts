import { Command, Option } from 'commander';
import type { ConfigFlags } from './config.ts';

// `baton` — every command reads the same configuration (environment, then flags). Each command
// imports what it needs only when it runs, so `baton --help` or `baton migrate` never loads the
// HTTP server, and `baton serve` starts without the code of the other commands.

const program = new Command('baton').description('Baton: tickets that drive branches, specs and pull requests on your git provider').showHelpAfterError();
const dataDirOption = () => new Option('--data-dir <dir>', 'data directory (BATON_DATA_DIR, default ./data)');

async function config(flags: ConfigFlags) {
  const { loadConfig } = await import('./config.ts');
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
    const { serve } = await import('./cli/serve.ts');
    await serve(await config(flags));
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .addOption(dataDirOption())
  .action(async (flags: ConfigFlags) => {
    const { openStore } = await import('./cli/store.ts');
    const db = openStore(await config(flags));
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
  .description('add a user; without --password-stdin they have no password yet (see set-password)')
  .requiredOption('--email <email>', 'email address (their sign-in name)')
  .requiredOption('--name <name>', 'display name')
  .option('--admin', 'make the user an administrator', false)
  .option('--password-stdin', 'read the password from standard input', false)
  .addOption(dataDirOption())
  .action(async (opts: { email: string; name: string; admin: boolean; passwordStdin: boolean } & ConfigFlags) => {
    const { addUser } = await import('./cli/accounts.ts');
    await addUser(await config(opts), opts);
  });

user
  .command('set-password')
  .description("set a user's password, read from standard input, and end their sessions")
  .requiredOption('--email <email>', "the user's email")
  .addOption(dataDirOption())
  .action(async (opts: { email: string } & ConfigFlags) => {
    const { setUserPassword } = await import('./cli/accounts.ts');
    await setUserPassword(await config(opts), opts);
  });

const token = program.command('token').description('manage API tokens');
token
  .command('create')
  .description('create an API token for a user and print it (only the token) on stdout')
  .requiredOption('--email <email>', "the user's email")
  .option('--name <name>', 'what the token is for', 'cli')
  .option('--expires-in-days <days>', 'refuse the token after this many days (default: never expires)')
  .addOption(dataDirOption())
  .action(async (opts: { email: string; name: string; expiresInDays?: string } & ConfigFlags) => {
    const { createToken } = await import('./cli/accounts.ts');
    await createToken(await config(opts), opts);
  });

program
  .command('keys')
  .description('manage the master key')
  .command('rotate')
  .description('re-encrypt every stored secret under a new master key')
  .addOption(dataDirOption())
  .action(async (flags: ConfigFlags) => {
    const { rotateKeys } = await import('./cli/keys.ts');
    await rotateKeys(await config(flags));
  });

program
  .command('doctor')
  .description('check configuration, database, migrations and master key; say exactly what is wrong')
  .addOption(dataDirOption())
  .action(async (flags: ConfigFlags) => {
    const { runDoctor } = await import('./cli/doctor.ts');
    process.exitCode = (await runDoctor(process.env, flags)) ? 0 : 1;
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Loaded only on failure, so a successful command never pays for the error classes' modules.
  const { isUsageError } = await import('./cli/errors.ts');
  if (!isUsageError(err)) throw err;
  process.stderr.write(`baton: ${err.message}\n`);
  process.exit(2);
}
