import { z } from 'zod';

/** `?limit=&cursor=` for lists answered as `{ items, nextCursor }`. */
export function pageQuery<C extends z.ZodType>(cursor: C) {
  return z.strictObject({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: cursor.optional(),
  });
}
