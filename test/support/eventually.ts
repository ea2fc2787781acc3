// Tests wait for a condition, never for a fixed time. The deadline only catches a condition that
// never comes, so it is generous: several test suites may share two busy cores.
export const PATIENCE_MS = 30_000;

/** Polls `check` until it returns something truthy (a throw counts as "not yet"), and returns that. */
export async function eventually<T>(
  check: () => Promise<T> | T,
  { timeoutMs = PATIENCE_MS, what = 'condition' }: { timeoutMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
