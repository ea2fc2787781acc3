import { describe, expect, it } from 'vitest';
import type { AppContext } from '../app-context.ts';
import { features } from './index.ts';
import { PREVIOUS_KINDS } from './start-work/jobs.ts';

// Registration is built from an AppContext but reads only the reconciliation period from it.
const ctx = { config: { reconciliationPeriodSeconds: 600, deliveryRetentionDays: 14 } } as AppContext;
const handlers = features.map((f) => f.handlers?.(ctx) ?? {});
const kinds = handlers.flatMap((h) => Object.keys(h));
const previous = new Set(Object.keys(PREVIOUS_KINDS));

describe('features', () => {
  it('name every job kind `<subject>.<action>` in lower kebab case, each handled by one feature', () => {
    const current = kinds.filter((k) => !previous.has(k));
    expect(current.filter((k) => !/^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*$/.test(k))).toEqual([]);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(current.sort()).toEqual([
      'board.prune-changes',
      'issues.import',
      'issues.push',
      'issues.reconcile-all',
      'issues.reconcile-repository',
      'pr.reconcile-all',
      'pr.reconcile-repository',
      'pr.sync-ticket',
      'release.list-commits',
      'release.reconcile-all',
      'release.reconcile-repository',
      'ticket.republish-spec',
      'ticket.start-work',
      'webhook.apply',
      'webhook.check',
      'webhook.drop-bodies',
      'webhook.maintain',
      'webhook.register',
      'webhook.remove',
      'webhook.sweep',
      'webhook.test',
    ]);
  });

  it('still run jobs enqueued under a previous name, with the handler of the new one', () => {
    const all = Object.assign({}, ...handlers);
    for (const [before, after] of Object.entries(PREVIOUS_KINDS)) expect(all[before]).toBe(all[after]);
  });

  it('schedule only kinds that a feature handles', () => {
    const scheduled = features.flatMap((f) => f.schedules?.(ctx) ?? []).map((s) => s.kind);
    expect(scheduled.length).toBeGreaterThan(0);
    expect(scheduled.filter((k) => !kinds.includes(k))).toEqual([]);
  });
});
