// How a repository's webhook is doing, from what Baton knows: its own record of the webhook,
// deliveries received at the project's URL, the provider's delivery log where it keeps one, and
// ticket changes that only reconciliation caught. A pure rule, so the card and the API agree.

export type WebhookStatus = 'not-set-up' | 'pending' | 'failed' | 'testing' | 'silent' | 'failing' | 'healthy' | 'waiting';

export interface HealthInput {
  /** Baton's record: null when Baton never set up this repository's webhook. */
  state: 'registering' | 'registered' | 'failed' | 'removing' | null;
  /** The provider still holds a rotated-out secret. */
  secretBehind: boolean;
  testRequestedAt: string | null;
  /** Newest verified delivery at the project's URL. */
  lastDeliveryAt: string | null;
  providerSuccessAt: string | null;
  providerFailureAt: string | null;
  /** Ticket changes in the last day that reconciliation made because no webhook had. */
  changesCaughtBySync: number;
  /** An app's webhook delivers the repository's events (no repository webhook needed). */
  coveredByApp?: boolean;
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
// Some provider logs keep whole seconds (GitHub): such a time compares by the second; one with a
// fraction (Azure DevOps) to the millisecond.
const atOrAfter = (at: string | null, since: string) => at !== null && (/\.\d+/.test(at) ? Date.parse(at) >= Date.parse(since) : seconds(at) >= seconds(since));
// Baton's own times keep milliseconds: a delivery just before the request is not its answer.
const after = (at: string | null, since: string) => at !== null && Date.parse(at) >= Date.parse(since);

/** Whether the test asked for has arrived: a delivery received since, or the provider's log showing one answered. */
export function testPassed(h: HealthInput): boolean {
  return h.testRequestedAt !== null && (after(h.lastDeliveryAt, h.testRequestedAt) || atOrAfter(h.providerSuccessAt, h.testRequestedAt));
}

/** Whether the provider's log shows the test's delivery failing, with nothing received to answer it. */
export function testFailed(h: HealthInput): boolean {
  return h.testRequestedAt !== null && !testPassed(h) && atOrAfter(h.providerFailureAt, h.testRequestedAt);
}

/**
 * In order: what Baton is doing or could not do, then a test in flight (one the provider reports
 * failed is no longer in flight), then the warnings —
 * changes only reconciliation caught in the last day (the webhook is silent, even if a test
 * passed since: it missed them), then the provider's own report of a failed attempt newer than
 * anything received — and last the good news.
 */
export function webhookStatus(h: HealthInput): WebhookStatus {
  if (h.state === 'failed') return 'failed';
  if (h.state === 'registering' || h.state === 'removing' || h.secretBehind) return 'pending';
  if (h.testRequestedAt && !testPassed(h) && !testFailed(h)) return 'testing';
  if (h.changesCaughtBySync > 0) return 'silent';
  if (h.providerFailureAt && !atOrAfter(h.lastDeliveryAt, h.providerFailureAt) && !atOrAfter(h.providerSuccessAt, h.providerFailureAt)) return 'failing';
  if (h.lastDeliveryAt || testPassed(h)) return 'healthy';
  return h.state === 'registered' || h.coveredByApp ? 'waiting' : 'not-set-up';
}
