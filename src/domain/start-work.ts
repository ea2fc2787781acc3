// The Start work flow's stored state (tickets.start_work) and its pure transitions. Each step's
// outcome is kept so the ticket page shows progress and a failed flow resumes where it stopped.

export const STEP_NAMES = ['branch', 'spec', 'pull_request', 'reviewer'] as const;
export type StepName = (typeof STEP_NAMES)[number];
export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export interface StepState {
  name: StepName;
  status: StepStatus;
  error: string | null;
  detail: string | null;
}

export interface StartWorkState {
  status: 'running' | 'succeeded' | 'failed';
  steps: StepState[];
  error: string | null;
  /** The user who pressed Start work; their credential acts. */
  actorId: string;
  startedAt: string;
  finishedAt: string | null;
}

const pending = (name: StepName): StepState => ({ name, status: 'pending', error: null, detail: null });

export function parseStartWork(json: string | null): StartWorkState | null {
  if (!json) return null;
  const value = JSON.parse(json) as StartWorkState;
  return value && Array.isArray(value.steps) ? value : null;
}

/**
 * The state a new press of Start work begins with. A failed flow (or a running one whose job is
 * gone) resumes: steps already done stay done, the failed one and those after it run again. A
 * succeeded flow runs every step again; each is idempotent, so that only re-checks and repairs.
 */
export function beginStartWork(previous: StartWorkState | null, actorId: string, now: string): StartWorkState {
  const resume = previous !== null && previous.status !== 'succeeded';
  const steps = STEP_NAMES.map((name) => {
    const before = previous?.steps.find((s) => s.name === name);
    return resume && before?.status === 'done' ? before : pending(name);
  });
  return { status: 'running', steps, error: null, actorId, startedAt: now, finishedAt: null };
}

export function withStep(state: StartWorkState, name: StepName, change: Partial<Omit<StepState, 'name'>>): StartWorkState {
  return { ...state, steps: state.steps.map((s) => (s.name === name ? { ...s, ...change } : s)) };
}

export function stepOf(state: StartWorkState, name: StepName): StepState {
  return state.steps.find((s) => s.name === name) ?? pending(name);
}

/** Ends the flow: failed when a step failed, else succeeded. */
export function finish(state: StartWorkState, now: string): StartWorkState {
  const failed = state.steps.find((s) => s.status === 'failed');
  return { ...state, status: failed ? 'failed' : 'succeeded', error: failed ? failed.error : null, finishedAt: now };
}

/** Ends the flow at `name` with `error`; later steps stay pending for the resume. */
export function failAt(state: StartWorkState, name: StepName, error: string, now: string): StartWorkState {
  return finish(withStep(state, name, { status: 'failed', error }), now);
}
