import pino, { type Logger } from 'pino';
import { prettyDestination } from './log-pretty.ts';

export type { Logger };

export type LogFormat = 'json' | 'pretty';

// Anything that can carry a credential is redacted wherever it appears in a log object.
const redactPaths = ['token', 'password', 'secret', '*.token', '*.password', '*.secret'];

// Headers are censored by what their names say, whichever provider or client sent them: every
// signature, token, cookie or authorization header, present or future, without listing each one.
const SECRET_HEADER = /authorization|cookie|signature|token|secret/i;
const HEADER_HOLDERS = ['req', 'res', 'request', 'response'] as const;

// Only plain objects are rewritten: the server's request and reply objects reach the log through
// their serializers, which keep no headers, and copying them would lose their getters.
const isPlain = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;

function censorHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, SECRET_HEADER.test(name) ? '[redacted]' : value]));
}

function censorLogObject(object: Record<string, unknown>): Record<string, unknown> {
  let out = object;
  if (isPlain(object.headers)) out = { ...out, headers: censorHeaders(object.headers) };
  for (const key of HEADER_HOLDERS) {
    const holder = object[key];
    if (isPlain(holder) && isPlain(holder.headers)) out = { ...out, [key]: { ...holder, headers: censorHeaders(holder.headers) } };
  }
  return out;
}

/**
 * JSON lines for machines, readable lines for a person: without a format given (BATON_LOG_FORMAT),
 * a terminal on stdout gets readable lines and anything else (a file, a pipe, a log collector) JSON.
 */
export function createLogger(level: string, format?: LogFormat | null, out: NodeJS.WriteStream = process.stdout): Logger {
  const options = { level, redact: { paths: redactPaths, censor: '[redacted]' }, formatters: { log: censorLogObject } };
  if ((format ?? (out.isTTY ? 'pretty' : 'json')) === 'pretty') {
    return pino(options, prettyDestination(out, { color: !!out.isTTY && !process.env.NO_COLOR }));
  }
  // pino's own destination for stdout: synchronous writes straight to the file descriptor.
  return out === process.stdout ? pino(options) : pino(options, out);
}
