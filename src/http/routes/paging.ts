import { z } from 'zod';

/** `?limit=&cursor=` for lists answered as `{ items, nextCursor }`. */
export function pageQuery<C extends z.ZodType>(cursor: C) {
  return z.strictObject({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: cursor.optional(),
  });
}

/** The answer of a paged list: `nextCursor` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
