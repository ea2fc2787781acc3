// Injected faults for the fake providers: the next matching requests are answered with a chosen
// status (or never), optionally after carrying the request out — "it worked but the answer was
// lost", which is what resumable flows must survive.

export interface Fault {
  method?: string;
  /** The decoded path below the API root, without query, or a pattern over it. */
  path: string | RegExp;
  /** A pattern over the query string (without "?"), e.g. one page of a listing. */
  query?: RegExp;
  /** How many matching requests this answers (default 1). */
  times?: number;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer, to exercise client timeouts. */
  hang?: boolean;
  /** Carry the request out first, then answer the fault. */
  after?: boolean;
}

/** The faults still to answer, in the order they were added. */
export class Faults {
  private readonly pending: (Fault & { left: number })[] = [];

  add(fault: Fault): void {
    this.pending.push({ ...fault, left: fault.times ?? 1 });
  }

  /** Forgets the faults not yet answered: what a test held back goes through again. */
  clear(): void {
    this.pending.length = 0;
  }

  /** The first fault for this request, counted as used; undefined when none applies. */
  take(method: string, path: string, query = ''): Fault | undefined {
    const fault = this.pending.find(
      (f) =>
        f.left > 0 &&
        (!f.method || f.method === method) &&
        (typeof f.path === 'string' ? f.path === path : f.path.test(path)) &&
        (!f.query || f.query.test(query)),
    );
    if (fault) fault.left--;
    return fault;
  }
}
