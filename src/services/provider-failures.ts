import { AppError, Conflict, ProviderError, TooManyRequests, ValidationFailed } from '../errors.ts';

// What a person sees when a provider call made during a request fails. Provider messages are
// already written for people (they name the missing permission, the repository, the host) and
// never contain the token.

export class ProviderUnavailable extends AppError {
  constructor(message: string) {
    super('provider_unavailable', 502, message);
  }
}

/** Rethrows `err` as the API error that fits; `context` prefixes the provider's own message. */
export function toApiError(err: unknown, context: string): never {
  if (!(err instanceof ProviderError)) throw err;
  const message = `${context}: ${err.message}`;
  switch (err.kind) {
    case 'rate_limited': {
      const seconds = err.retryAt ? Math.max(1, Math.ceil((err.retryAt.getTime() - Date.now()) / 1000)) : 60;
      throw new TooManyRequests(message, seconds);
    }
    case 'transient':
      throw new ProviderUnavailable(message);
    case 'conflict':
      throw new Conflict(message);
    default:
      throw new ValidationFailed(message, { provider: { kind: err.kind, status: err.status } });
  }
}
