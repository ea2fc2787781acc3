// Typed errors. Services throw these; only the HTTP error handler turns them into responses.

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequest extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('bad_request', 400, message, details);
  }
}

export class ValidationFailed extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('validation_failed', 422, message, details);
  }
}

/** One field's problem as one sentence that names the field as its form labels it: the message, and the text under the field (`key`). */
export function fieldRefused(key: string, sentence: string): ValidationFailed {
  return new ValidationFailed(sentence, { fields: { [key]: sentence } });
}

export class Unauthorized extends AppError {
  constructor(message = 'Authentication required') {
    super('unauthorized', 401, message);
  }
}

export class Forbidden extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super('forbidden', 403, message);
  }
}

export class NotFound extends AppError {
  constructor(what: string) {
    super('not_found', 404, `${what} not found`);
  }
}

export class Conflict extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('conflict', 409, message, details);
  }
}

export class TooManyRequests extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('too_many_requests', 429, message, { retryAfterSeconds });
  }
}

export type ProviderErrorKind = 'auth' | 'forbidden' | 'not_found' | 'conflict' | 'validation' | 'rate_limited' | 'transient';

/** A provider call failed; normalised once, at the provider client. */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    /** For rate limits: when the provider allows the next call. */
    readonly retryAt: Date | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  /** Worth retrying later without anybody changing anything. */
  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'transient';
  }
}
