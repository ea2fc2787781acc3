import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
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
  // A GitHub App (src/providers/github/README.md): all of these or none; the base URL only for Enterprise Server.
  BATON_GITHUB_APP_ID: z
    .string()
    .regex(/^\d{1,12}$/, 'must be the numeric App ID from the App settings page')
    .optional(),
  BATON_GITHUB_APP_SLUG: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'must be the app name as it appears in its URL, github.com/apps/<slug>')
    .optional(),
  BATON_GITHUB_APP_CLIENT_ID: z
    .string()
    .regex(/^\S{1,100}$/, 'must be the Client ID from the App settings page')
    .optional(),
  BATON_GITHUB_APP_CLIENT_SECRET: z.string().min(1).optional(),
  BATON_GITHUB_APP_PRIVATE_KEY: z.string().min(1).optional(),
  BATON_GITHUB_APP_WEBHOOK_SECRET: z.string().min(1).optional(),
  BATON_GITHUB_APP_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be the API root, https://HOST/api/v3 for Enterprise Server' }).optional(),
});

/** The GitHub App Baton runs as, when one is configured. */
export interface GitHubAppConfig {
  appId: string;
  /** The app's name in install links: github.com/apps/<slug>. */
  slug: string;
  clientId: string;
  clientSecret: string;
  /** PEM text, read from the file when the variable named one. */
  privateKey: string;
  webhookSecret: string;
  /** API root: https://api.github.com, or https://HOST/api/v3 for Enterprise Server. */
  baseUrl: string;
}

const APP_REQUIRED = [
  'BATON_GITHUB_APP_ID',
  'BATON_GITHUB_APP_SLUG',
  'BATON_GITHUB_APP_CLIENT_ID',
  'BATON_GITHUB_APP_CLIENT_SECRET',
  'BATON_GITHUB_APP_PRIVATE_KEY',
  'BATON_GITHUB_APP_WEBHOOK_SECRET',
] as const;

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
  githubApp: GitHubAppConfig | null;
}

/** Flags given on the command line win over the environment. */
export interface ConfigFlags {
  port?: string;
  dataDir?: string;
  role?: string;
  reconciliationPeriod?: string;
  githubAppId?: string;
  githubAppSlug?: string;
  githubAppClientId?: string;
  githubAppPrivateKey?: string;
  githubAppBaseUrl?: string;
}

// Secrets have no flags: a command line is readable by every user of the machine (ps).
const FLAG_VARIABLES: Record<string, keyof ConfigFlags> = {
  BATON_PORT: 'port',
  BATON_DATA_DIR: 'dataDir',
  BATON_ROLE: 'role',
  BATON_RECONCILIATION_PERIOD: 'reconciliationPeriod',
  BATON_GITHUB_APP_ID: 'githubAppId',
  BATON_GITHUB_APP_SLUG: 'githubAppSlug',
  BATON_GITHUB_APP_CLIENT_ID: 'githubAppClientId',
  BATON_GITHUB_APP_PRIVATE_KEY: 'githubAppPrivateKey',
  BATON_GITHUB_APP_BASE_URL: 'githubAppBaseUrl',
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: ConfigFlags = {}): Config {
  const merged: Record<string, string | undefined> = { ...env };
  for (const [variable, flag] of Object.entries(FLAG_VARIABLES)) if (flags[flag] !== undefined) merged[variable] = flags[flag];
  const blankToUndefined = Object.fromEntries(Object.keys(schema.shape).map((key) => [key, merged[key] === '' ? undefined : merged[key]]));
  const parsed = schema.safeParse(blankToUndefined);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
  const app = readGitHubApp(blankToUndefined, problems);
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
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
    githubApp: app,
  };
}

/** The GitHub App settings when any is given; each missing or unusable one becomes a problem. */
function readGitHubApp(values: Record<string, string | undefined>, problems: string[]): GitHubAppConfig | null {
  const given = APP_REQUIRED.filter((name) => values[name] !== undefined);
  if (given.length === 0 && values.BATON_GITHUB_APP_BASE_URL === undefined) return null;
  for (const name of APP_REQUIRED) {
    if (values[name] === undefined) problems.push(`${name}: required for the GitHub App (${given[0] ?? 'BATON_GITHUB_APP_BASE_URL'} is set)`);
  }
  const privateKey = values.BATON_GITHUB_APP_PRIVATE_KEY === undefined ? null : readPrivateKey(values.BATON_GITHUB_APP_PRIVATE_KEY, problems);
  if (problems.length > 0 || privateKey === null) return null;
  return {
    appId: values.BATON_GITHUB_APP_ID!,
    slug: values.BATON_GITHUB_APP_SLUG!,
    clientId: values.BATON_GITHUB_APP_CLIENT_ID!,
    clientSecret: values.BATON_GITHUB_APP_CLIENT_SECRET!,
    privateKey,
    webhookSecret: values.BATON_GITHUB_APP_WEBHOOK_SECRET!,
    baseUrl: (values.BATON_GITHUB_APP_BASE_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
  };
}

/** PEM text (newlines may be written as \n, as .env files do) or the path of a PEM file; never echoed back. */
function readPrivateKey(value: string, problems: string[]): string | null {
  const name = 'BATON_GITHUB_APP_PRIVATE_KEY';
  let pem = value.includes('-----BEGIN') ? value.replace(/\\n/g, '\n') : null;
  if (pem === null) {
    try {
      pem = fs.readFileSync(path.resolve(value), 'utf8');
    } catch {
      problems.push(`${name}: neither a PEM private key nor a readable file; give the key GitHub generated (the .pem file or its text)`);
      return null;
    }
  }
  try {
    if (createPrivateKey(pem).asymmetricKeyType === 'rsa') return pem;
  } catch {
    // reported below
  }
  problems.push(`${name}: not an RSA private key in PEM form; generate one under the App settings → Private keys`);
  return null;
}
