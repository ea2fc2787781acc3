import { describe, expect, it } from 'vitest';
import { beginStartWork, failAt, finish, type StartWorkState, withStep } from './start-work.ts';

const NOW = '2024-05-01T09:00:00.000Z';
const statuses = (s: StartWorkState) => s.steps.map((step) => `${step.name}:${step.status}`);

describe('start work state', () => {
  it('begins with every step pending', () => {
    const state = beginStartWork(null, 'u1', NOW);
    expect(state).toMatchObject({ status: 'running', error: null, actorId: 'u1', startedAt: NOW, finishedAt: null });
    expect(statuses(state)).toEqual(['branch:pending', 'spec:pending', 'pull_request:pending', 'reviewer:pending']);
  });

  it('fails at a step, keeping later steps pending, and resumes from it', () => {
    let state = beginStartWork(null, 'u1', NOW);
    state = withStep(withStep(state, 'branch', { status: 'done' }), 'spec', { status: 'done' });
    state = failAt(withStep(state, 'pull_request', { status: 'running' }), 'pull_request', 'GitHub token lacks Pull requests: write on acme/api', NOW);
    expect(state).toMatchObject({ status: 'failed', error: 'GitHub token lacks Pull requests: write on acme/api', finishedAt: NOW });
    expect(statuses(state)).toEqual(['branch:done', 'spec:done', 'pull_request:failed', 'reviewer:pending']);

    const resumed = beginStartWork(state, 'u2', NOW);
    expect(resumed).toMatchObject({ status: 'running', error: null, actorId: 'u2' });
    expect(statuses(resumed)).toEqual(['branch:done', 'spec:done', 'pull_request:pending', 'reviewer:pending']);
  });

  it('runs every step again after a success (re-check), and finishes as succeeded', () => {
    let state = beginStartWork(null, 'u1', NOW);
    for (const name of ['branch', 'spec', 'pull_request'] as const) state = withStep(state, name, { status: 'done' });
    state = finish(withStep(state, 'reviewer', { status: 'skipped', detail: 'nobody' }), NOW);
    expect(state.status).toBe('succeeded');
    expect(statuses(beginStartWork(state, 'u1', NOW))).toEqual(['branch:pending', 'spec:pending', 'pull_request:pending', 'reviewer:pending']);
  });
});
