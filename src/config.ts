import path from 'node:path';
import { z } from 'zod';

// Every setting is parsed once, here; a bad value stops start-up with one message naming
// every bad variable, so an operator fixes them all in one go.

const roles = ['api', 'worker', 'all'] as const;
export type Role = (typeof roles)[number];

const port = z.coerce.number().int().min(0).max(65535);
const duration = z.coerce.number().int().min(0);

const schema = z.object({
  BATON_PORT: port.default(3000),
  BATON_HOST: z.string().min(1).default('127.0.0.1'),
  BATON_DATA_DIR: z.string().min(1).default('./data'),
  BATON_DATABASE_URL: z
    .string()
    .refine((v) => /^(postgres(ql)?:\/\/|sqlite:|file:)/.test(v) || !v.includes('://'), 'must be postgres://... or a SQLite file path')
    .optional(),
  BATON_SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
  BATON_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  BATON_ALLOWED_PROVIDER_HOSTS: z.string().default(''),
  BATON_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Unset: readable lines on a terminal, JSON otherwise. */
  BATON_LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  BATON_ROLE: z.enum(roles).default('all'),
  /** Seconds between reconciliation runs; 0 turns reconciliation off. */
  BATON_RECONCILIATION_PERIOD: duration.default(600),
  /** Seconds a rotated-out webhook secret stays valid. */
  BATON_WEBHOOK_SECRET_GRACE: duration.default(24 * 3600),
  BATON_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** Days a webhook delivery keeps its body; 0 keeps bodies for ever. */
  BATON_DELIVERY_RETENTION_DAYS: duration.default(14),
  /** When set, GET /metrics wants it as a bearer token. */
  BATON_METRICS_TOKEN: z.string().min(1).optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  secretKey: string | null;
  publicUrl: string;
  allowedProviderHosts: string[];
  logLevel: string;
  /** null: chosen by whether stdout is a terminal. */
  logFormat: 'json' | 'pretty' | null;
  role: Role;
  reconciliationPeriodSeconds: number;
  webhookSecretGraceSeconds: number;
  trustProxy: boolean;
  deliveryRetentionDays: number;
  metricsToken: string | null;
}

/** Flags given on the command line win over the environment. */
export interface ConfigFlags {
  port?: string;
  dataDir?: string;
  role?: string;
  reconciliationPeriod?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: ConfigFlags = {}): Config {
  const merged: Record<string, string | undefined> = {
    ...env,
    ...(flags.port !== undefined && { BATON_PORT: flags.port }),
    ...(flags.dataDir !== undefined && { BATON_DATA_DIR: flags.dataDir }),
    ...(flags.role !== undefined && { BATON_ROLE: flags.role }),
    ...(flags.reconciliationPeriod !== undefined && { BATON_RECONCILIATION_PERIOD: flags.reconciliationPeriod }),
  };
  const blankToUndefined = Object.fromEntries(Object.keys(schema.shape).map((key) => [key, merged[key] === '' ? undefined : merged[key]]));
  const parsed = schema.safeParse(blankToUndefined);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
  }
  const c = parsed.data;
  const dataDir = path.resolve(c.BATON_DATA_DIR);
  return {
    port: c.BATON_PORT,
    host: c.BATON_HOST,
    dataDir,
    databaseUrl: c.BATON_DATABASE_URL ?? path.join(dataDir, 'baton.sqlite'),
    secretKey: c.BATON_SECRET_KEY ?? null,
    publicUrl: (c.BATON_PUBLIC_URL ?? `http://localhost:${c.BATON_PORT}`).replace(/\/+$/, ''),
    allowedProviderHosts: c.BATON_ALLOWED_PROVIDER_HOSTS.split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    logLevel: c.BATON_LOG_LEVEL,
    logFormat: c.BATON_LOG_FORMAT ?? null,
    role: c.BATON_ROLE,
    reconciliationPeriodSeconds: c.BATON_RECONCILIATION_PERIOD,
    webhookSecretGraceSeconds: c.BATON_WEBHOOK_SECRET_GRACE,
    trustProxy: c.BATON_TRUST_PROXY === 'true',
    deliveryRetentionDays: c.BATON_DELIVERY_RETENTION_DAYS,
    metricsToken: c.BATON_METRICS_TOKEN ?? null,
  };
}
