import pino, { type Logger } from 'pino';
import { prettyDestination } from './log-pretty.ts';

export type { Logger };

export type LogFormat = 'json' | 'pretty';

// Anything that can carry a credential is redacted wherever it appears in a log object.
const redactPaths = [
  'token',
  'password',
  'secret',
  '*.token',
  '*.password',
  '*.secret',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-hub-signature"]',
  'req.headers["x-gitea-signature"]',
  'req.headers["x-forgejo-signature"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
];

/**
 * JSON lines for machines, readable lines for a person: without a format given (BATON_LOG_FORMAT),
 * a terminal on stdout gets readable lines and anything else (a file, a pipe, a log collector) JSON.
 */
export function createLogger(level: string, format?: LogFormat | null, out: NodeJS.WriteStream = process.stdout): Logger {
  const options = { level, redact: { paths: redactPaths, censor: '[redacted]' } };
  if ((format ?? (out.isTTY ? 'pretty' : 'json')) === 'pretty') {
    return pino(options, prettyDestination(out, { color: !!out.isTTY && !process.env.NO_COLOR }));
  }
  // pino's own destination for stdout: synchronous writes straight to the file descriptor.
  return out === process.stdout ? pino(options) : pino(options, out);
}
