import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { ValidationFailed } from '../errors.ts';
import { azureDevOps } from './azure-devops/index.ts';
import { bitbucket } from './bitbucket/index.ts';
import type { ProviderDescriptor } from './descriptor.ts';
import { gitea } from './gitea/index.ts';
import { github } from './github/index.ts';
import type { HttpTuning } from './http.ts';
import { createOutbound, type Resolver } from './outbound.ts';
import type { GitProvider, ProviderAnswer, ProviderCall, WebhookAdapter } from './types.ts';
import { createWritePacer } from './write-pacer.ts';

// The providers this Baton version supports. Adding one = its folder + one line here.
const DESCRIPTORS: readonly ProviderDescriptor[] = [github, azureDevOps, bitbucket, gitea];

const byKind = new Map(DESCRIPTORS.map((d) => [d.kind, d]));

export function providerDescriptors(): readonly ProviderDescriptor[] {
  return DESCRIPTORS;
}

/** The descriptor of a stored kind, or undefined for one this version does not support (old data). */
export function findProvider(kind: string): ProviderDescriptor | undefined {
  return byKind.get(kind);
}

const available = () => DESCRIPTORS.map((d) => `${d.kind} (${d.label})`).join(', ');

/** The descriptor of `kind`; throws a 422 naming the available providers when there is none. */
export function requireProvider(kind: string): ProviderDescriptor {
  const found = byKind.get(kind);
  if (!found) {
    const message = `Baton does not support ${kind} yet; available providers: ${available()}`;
    throw new ValidationFailed(message, { fields: { provider: message } });
  }
  return found;
}

/** The provider's name for people; a kind without a descriptor (old data) reads as itself. */
export function providerLabel(kind: string): string {
  return byKind.get(kind)?.label ?? kind;
}

/** The `provider` field of requests: one of the supported kinds, else a 400 listing them. */
export const providerKind = z.enum(DESCRIPTORS.map((d) => d.kind) as [string, ...string[]], {
  error: () => `must be one of the providers this Baton offers: ${available()}`,
});

// A provider instance is made per credential and per use; the registry holds only
// configuration and the per-token write pacing, never a provider.

export interface ProviderRequest {
  baseUrl: string;
  token: string;
  settings: Record<string, unknown>;
  /** The credential's kept fields (see ProviderConnection). */
  credentialFields?: Record<string, string>;
}

export interface ProviderRegistry {
  create(kind: string, request: ProviderRequest): GitProvider;
  webhooks(kind: string): WebhookAdapter;
  /** How calls that are not a provider instance's (e.g. an app's own endpoints) go out: the same host policy, accounting and tuning. */
  outbound(origins: string[]): { fetch: typeof fetch; onRequest?: (call: ProviderCall) => void; tuning: HttpTuning };
}

export interface RegistryOptions {
  allowedProviderHosts: string[];
  /** Where writes are paced: every process on this database shares one schedule per token. Without it, writes are not spaced. */
  db?: Db;
  /** Minimum gap between two writes with one token (GitHub asks for ≥ 1 s). */
  writeSpacingMs?: number;
  /** Test and benchmark tuning: fast retries, call accounting. */
  retryDelayMs?: number;
  onRequest?: (call: ProviderCall) => void;
  /** Every answer a provider gives (metrics). */
  onAnswer?: (answer: ProviderAnswer) => void;
  /** DNS for outbound calls (tests answer without the network). */
  resolve?: Resolver;
}

export function createProviderRegistry(options: RegistryOptions): ProviderRegistry {
  const pace = options.db ? createWritePacer(options.db, options.writeSpacingMs ?? 1000) : undefined;
  const tuning = options.retryDelayMs === undefined ? {} : { retryDelayMs: options.retryDelayMs };
  const outbound = createOutbound({ allowlist: options.allowedProviderHosts, resolve: options.resolve });
  return {
    create(kind, request) {
      const descriptor = requireProvider(kind);
      const origins = [request.baseUrl, ...(descriptor.extraOrigins?.(request.baseUrl) ?? [])];
      const connection = {
        baseUrl: request.baseUrl,
        token: request.token,
        settings: request.settings,
        credentialFields: request.credentialFields ?? {},
        fetch: outbound.fetchFor(origins),
        onRequest: options.onRequest,
        onAnswer: options.onAnswer,
        pace,
      };
      return descriptor.create(connection, tuning);
    },
    webhooks: (kind) => requireProvider(kind).webhooks.adapter,
    outbound: (origins) => ({ fetch: outbound.fetchFor(origins), onRequest: options.onRequest, tuning }),
  };
}
