/** Recurring work; whichever process first sees a schedule due enqueues its job. */
export interface SchedulesTable {
  name: string;
  kind: string;
  payload: string;
  interval_seconds: number;
  next_run_at: string;
}
