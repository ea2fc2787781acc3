import { describe, expect, it } from 'vitest';
import { type HealthInput, testFailed, testPassed, webhookStatus } from './health.ts';

const base: HealthInput = {
  state: 'registered',
  secretBehind: false,
  testRequestedAt: '2026-12-03T10:00:00.600Z',
  lastDeliveryAt: null,
  providerSuccessAt: null,
  providerFailureAt: null,
  changesCaughtBySync: 0,
};

describe('a requested test', () => {
  it('is not answered by a delivery Baton received just before it was asked for', () => {
    expect(testPassed({ ...base, lastDeliveryAt: '2026-12-03T10:00:00.400Z' })).toBe(false);
    expect(webhookStatus({ ...base, lastDeliveryAt: '2026-12-03T10:00:00.400Z' })).toBe('testing');
    expect(testPassed({ ...base, lastDeliveryAt: '2026-12-03T10:00:00.700Z' })).toBe(true);
  });

  it('is answered by a success in a whole-second provider log within the same second', () => {
    expect(testPassed({ ...base, providerSuccessAt: '2026-12-03T10:00:00Z' })).toBe(true);
    expect(testPassed({ ...base, providerSuccessAt: '2026-12-03T09:59:59Z' })).toBe(false);
  });

  it('is over, failing, once the provider logs a failed attempt since it was asked for', () => {
    expect(testFailed({ ...base, providerFailureAt: '2026-12-03T10:00:00Z' })).toBe(true);
    expect(webhookStatus({ ...base, providerFailureAt: '2026-12-03T10:00:00Z' })).toBe('failing');
    // A failure logged before the test was asked for is not its answer: the test is still in flight.
    expect(webhookStatus({ ...base, providerFailureAt: '2026-12-03T09:59:59Z' })).toBe('testing');
    // A retry that got through answers it after all.
    expect(webhookStatus({ ...base, providerFailureAt: '2026-12-03T10:00:00Z', lastDeliveryAt: '2026-12-03T10:00:01.000Z' })).toBe('healthy');
  });

  it('compares a provider log with fractions to the millisecond', () => {
    expect(testPassed({ ...base, providerSuccessAt: '2026-12-03T10:00:00.500Z' })).toBe(false);
    expect(testPassed({ ...base, providerSuccessAt: '2026-12-03T10:00:00.650Z' })).toBe(true);
    expect(webhookStatus({ ...base, providerSuccessAt: '2026-12-03T10:00:00.650Z' })).toBe('healthy');
  });
});

describe('the status', () => {
  const idle = { ...base, testRequestedAt: null };

  it('puts a webhook behind a rotated secret as pending before anything else it knows', () => {
    expect(webhookStatus({ ...idle, secretBehind: true, lastDeliveryAt: '2026-12-03T10:00:00Z' })).toBe('pending');
  });

  it('warns of changes only reconciliation caught even after a delivery', () => {
    expect(webhookStatus({ ...idle, lastDeliveryAt: '2026-12-03T10:00:00Z', changesCaughtBySync: 2 })).toBe('silent');
  });

  it('reports a provider failure newer than anything received, and clears it with a later delivery', () => {
    const failing = { ...idle, lastDeliveryAt: '2026-12-03T09:00:00.000Z', providerFailureAt: '2026-12-03T10:00:00Z' };
    expect(webhookStatus(failing)).toBe('failing');
    expect(webhookStatus({ ...failing, lastDeliveryAt: '2026-12-03T10:05:00.000Z' })).toBe('healthy');
  });

  it('waits for a first delivery once registered, and is not set up without Baton', () => {
    expect(webhookStatus(idle)).toBe('waiting');
    expect(webhookStatus({ ...idle, state: null })).toBe('not-set-up');
  });
});

describe('a repository an app’s webhook covers', () => {
  const none: HealthInput = { ...base, state: null, testRequestedAt: null };

  it('is waiting for a first delivery, not "not set up", and healthy once one arrived', () => {
    expect(webhookStatus(none)).toBe('not-set-up');
    expect(webhookStatus({ ...none, coveredByApp: true })).toBe('waiting');
    expect(webhookStatus({ ...none, coveredByApp: true, lastDeliveryAt: '2026-12-03T10:00:00.000Z' })).toBe('healthy');
    // Covered or not, changes only reconciliation caught say the webhook is silent.
    expect(webhookStatus({ ...none, coveredByApp: true, lastDeliveryAt: '2026-12-03T10:00:00.000Z', changesCaughtBySync: 2 })).toBe('silent');
  });
});
