import type { Generated } from 'kysely';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'dead';

export interface JobsTable {
  id: string;
  kind: string;
  payload: string; // JSON
  status: JobStatus;
  singleton_key: string | null;
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  /** 1 when the job was enqueued again while running: it is queued again when this run ends. */
  run_again: Generated<number>;
  created_at: string;
  updated_at: string;
}
