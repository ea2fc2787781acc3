import { ValidationFailed } from '../errors.ts';
import { createAzureDevOpsProvider } from './azure-devops/provider.ts';
import { createAzureDevOpsWebhookAdapter } from './azure-devops/webhook.ts';
import { createGitHubProvider } from './github/provider.ts';
import { createGitHubWebhookAdapter } from './github/webhook.ts';
import { guardedFetch } from './outbound.ts';
import type { GitProvider, ProviderCall, ProviderKind, WebhookAdapter } from './types.ts';

// kind → factory. A provider instance is made per credential and per use; the registry holds
// only configuration and the per-token write pacing, never a provider.

export interface ProviderRequest {
  baseUrl: string;
  token: string;
  settings: Record<string, unknown>;
}

export interface ProviderRegistry {
  create(kind: ProviderKind, request: ProviderRequest): GitProvider;
  webhooks(kind: ProviderKind): WebhookAdapter;
}

export interface RegistryOptions {
  allowedProviderHosts: string[];
  /** Minimum gap between two writes with one token (GitHub asks for ≥ 1 s). */
  writeSpacingMs?: number;
  /** Test and benchmark tuning: fast retries, call accounting. */
  retryDelayMs?: number;
  onRequest?: (call: ProviderCall) => void;
  fetch?: typeof fetch;
}

/** Serialises writes per token key and keeps them `spacingMs` apart. */
function createPacer(spacingMs: number) {
  const nextSlot = new Map<string, number>();
  return async (key: string): Promise<void> => {
    if (spacingMs <= 0) return;
    const now = Date.now();
    const slot = Math.max(now, nextSlot.get(key) ?? 0);
    nextSlot.set(key, slot + spacingMs);
    if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
  };
}

// Azure DevOps answers profile and identity calls from two more hosts of the same service.
const ADO_SERVICE_ORIGINS = ['https://app.vssps.visualstudio.com', 'https://vssps.dev.azure.com'];

export function createProviderRegistry(options: RegistryOptions): ProviderRegistry {
  const pace = createPacer(options.writeSpacingMs ?? 1000);
  const retry = options.retryDelayMs;
  return {
    create(kind, request) {
      const origins =
        kind === 'ado' && new URL(request.baseUrl).origin === 'https://dev.azure.com' ? [request.baseUrl, ...ADO_SERVICE_ORIGINS] : [request.baseUrl];
      const connection = {
        baseUrl: request.baseUrl,
        token: request.token,
        settings: request.settings,
        fetch: guardedFetch(origins, options.allowedProviderHosts, options.fetch),
        onRequest: options.onRequest,
        pace,
      };
      switch (kind) {
        case 'github':
          return createGitHubProvider(connection, retry === undefined ? {} : { retryDelayMs: retry });
        case 'ado':
          return createAzureDevOpsProvider(connection, retry === undefined ? {} : { sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, retry))) });
        default:
          throw new ValidationFailed(`${kind} repositories are not supported by this Baton version yet`);
      }
    },
    webhooks(kind) {
      switch (kind) {
        case 'github':
          return createGitHubWebhookAdapter();
        case 'ado':
          return createAzureDevOpsWebhookAdapter();
        default:
          throw new ValidationFailed(`${kind} webhooks are not supported by this Baton version yet`);
      }
    },
  };
}
