/** Failed-login counters per account and per client address, shared by every process. */
export interface LoginAttemptsTable {
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
}
