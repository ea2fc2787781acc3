import { ValidationFailed } from '../errors.ts';

/**
 * The cursor of a list read newest first by (time, id): opaque to clients, and a cursor this
 * API did not hand out is a 400 naming the field, not a 500.
 */
export interface TimeCursor {
  at: string;
  id: string;
}

export const encodeTimeCursor = (c: TimeCursor) => Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');

export function decodeTimeCursor(raw: string): TimeCursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string') return { at, id };
  } catch {
    // fall through
  }
  throw new ValidationFailed('cursor is not one this API returned', { fields: { cursor: 'invalid' } });
}
