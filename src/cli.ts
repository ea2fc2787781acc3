import { Command, Option } from 'commander';
import type { ConfigFlags } from './config.ts';

// `baton` — every command reads the same configuration (environment, then flags). Each command
// imports what it needs only when it runs, so `baton --help` or `baton migrate` never loads the
// HTTP server, and `baton serve` starts without the code of the other commands.

// Global options go on the program: commander reads them before or after the subcommand
// (`baton --data-dir d user list` and `baton user list --data-dir d`), and each action reads
// them with optsWithGlobals().
const program = new Command('baton')
  .description('Baton: tickets that drive branches, specs and pull requests on your git provider')
  .option('--data-dir <dir>', 'data directory (BATON_DATA_DIR, default ./data)')
  .showHelpAfterError();

/** The command's own options with the global ones. */
const flags = <T>(command: Command) => command.optsWithGlobals() as T & ConfigFlags;

// The GitHub App's secrets (client secret, webhook secret) come only from the environment: a
// command line is readable by every user of the machine.
const withGitHubAppOptions = (command: Command) =>
  command
    .option('--github-app-id <id>', 'GitHub App ID (BATON_GITHUB_APP_ID)')
    .option('--github-app-slug <slug>', 'GitHub App name in github.com/apps/<slug> (BATON_GITHUB_APP_SLUG)')
    .option('--github-app-client-id <id>', 'GitHub App client ID (BATON_GITHUB_APP_CLIENT_ID)')
    .option('--github-app-private-key <file>', 'GitHub App private key, a PEM file (BATON_GITHUB_APP_PRIVATE_KEY)')
    .option('--github-app-base-url <url>', 'GitHub Enterprise Server API root, https://HOST/api/v3 (BATON_GITHUB_APP_BASE_URL)');

async function config(flags: ConfigFlags) {
  const { loadConfig } = await import('./config.ts');
  return loadConfig(process.env, flags);
}

withGitHubAppOptions(
  program
    .command('serve')
    .description('start the server (API, web app, workers and scheduler by role)')
    .option('--port <port>', 'port to listen on (BATON_PORT, default 3000)')
    .addOption(new Option('--role <role>', 'what this process runs (BATON_ROLE)').choices(['api', 'worker', 'all']))
    .option('--reconciliation-period <seconds>', 'seconds between PR reconciliation runs, 0 = off (BATON_RECONCILIATION_PERIOD, default 600)'),
).action(async (_opts, command: Command) => {
  const { serve } = await import('./cli/serve.ts');
  await serve(await config(flags(command)));
});

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async (_opts, command: Command) => {
    const { openStore } = await import('./cli/store.ts');
    const db = openStore(await config(flags(command)));
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
  .action(async (_opts, command: Command) => {
    const opts = flags<{ email: string; name: string; admin: boolean; passwordStdin: boolean }>(command);
    const { addUser } = await import('./cli/accounts.ts');
    await addUser(await config(opts), opts);
  });

user
  .command('list')
  .description('list everyone: email, name, role and whether they can sign in')
  .option('--json', 'one JSON array on stdout, for scripts', false)
  .action(async (_opts, command: Command) => {
    const opts = flags<{ json: boolean }>(command);
    const { listUsersCommand } = await import('./cli/accounts.ts');
    await listUsersCommand(await config(opts), opts);
  });

user
  .command('passwd')
  .alias('set-password')
  .description("set a user's password, read from standard input, and end their sessions")
  .requiredOption('--email <email>', "the user's email")
  .action(async (_opts, command: Command) => {
    const opts = flags<{ email: string }>(command);
    const { setUserPassword } = await import('./cli/accounts.ts');
    await setUserPassword(await config(opts), opts);
  });

user
  .command('deactivate')
  .description('stop a user from signing in: their sessions end and their API tokens are revoked; history keeps their name')
  .requiredOption('--email <email>', "the user's email")
  .action(async (_opts, command: Command) => {
    const opts = flags<{ email: string }>(command);
    const { deactivateUserCommand } = await import('./cli/accounts.ts');
    await deactivateUserCommand(await config(opts), opts);
  });

const token = program.command('token').description('manage API tokens');
token
  .command('create')
  .description('create an API token for a user and print it (only the token) on stdout')
  .requiredOption('--email <email>', "the user's email")
  .option('--name <name>', 'what the token is for', 'cli')
  .option('--expires-in-days <days>', 'refuse the token after this many days (default: never expires)')
  .action(async (_opts, command: Command) => {
    const opts = flags<{ email: string; name: string; expiresInDays?: string }>(command);
    const { createToken } = await import('./cli/accounts.ts');
    await createToken(await config(opts), opts);
  });

program
  .command('keys')
  .description('manage the master key')
  .command('rotate')
  .description('re-encrypt every stored secret under a new master key')
  .action(async (_opts, command: Command) => {
    const { rotateKeys } = await import('./cli/keys.ts');
    await rotateKeys(await config(flags(command)));
  });

withGitHubAppOptions(
  program.command('doctor').description('check configuration, database, migrations, master key and the GitHub App; say exactly what is wrong'),
).action(async (_opts, command: Command) => {
  const { runDoctor } = await import('./cli/doctor.ts');
  process.exitCode = (await runDoctor(process.env, flags(command))) ? 0 : 1;
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
