import type { AppContext } from '../../app-context.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import { PREVIOUS_KINDS, REPUBLISH_SPEC_JOB, START_WORK_JOB, ticketPayload } from './jobs.ts';
import { republishSpec } from './spec-republish.ts';
import { runStartWork } from './start-work-job.ts';

export function startWorkHandlers(ctx: AppContext): Record<string, JobHandler> {
  const handlers: Record<string, JobHandler> = {
    [START_WORK_JOB]: (payload, job) => runStartWork(ctx, ticketPayload.parse(payload).ticketId, job),
    [REPUBLISH_SPEC_JOB]: (payload) => republishSpec(ctx, ticketPayload.parse(payload).ticketId),
  };
  for (const [previous, kind] of Object.entries(PREVIOUS_KINDS)) handlers[previous] = handlers[kind];
  return handlers;
}
