import pino, { type Logger } from 'pino';

export type { Logger };

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

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: redactPaths, censor: '[redacted]' } });
}
