import { ConfigError } from '../config.ts';
import { MasterKeyMissing } from '../crypto/master-key.ts';
import { AppError } from '../errors.ts';

/** A mistake in how a command was called; printed as is. */
export class CliError extends Error {}

/** Errors a person fixes by changing the command or the configuration: printed, exit code 2. */
export function isUsageError(err: unknown): err is Error {
  return err instanceof ConfigError || err instanceof CliError || err instanceof AppError || err instanceof MasterKeyMissing;
}
