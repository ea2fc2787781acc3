/** Sign-in attempts per account and per client address in the current window, shared by every process. */
export interface LoginAttemptsTable {
  key: string;
  /** Attempts counted in the window (before their password was checked) and not forgiven by a success. */
  failures: number;
  window_started_at: string;
  /** Attempts are refused until then: the window's end, once its attempts are used up. */
  locked_until: string | null;
}
