// Signed GitHub pull_request deliveries of exactly 8 KiB, built before any clock starts so the
// client costs the same for every target.
import { randomUUID } from 'node:crypto';
import { githubEvent, sign } from '../../test/webhooks/support.ts';

export const BODY_BYTES = 8 * 1024;
export const STATES = ['open', 'draft', 'merged'] as const;
export type PrState = (typeof STATES)[number];
/** The ticket status each PR state leads to. */
export const STATUS_OF = { open: 'in_review', draft: 'in_progress', merged: 'done' } as const;

export interface Delivery {
  path: string;
  body: Buffer;
  headers: Record<string, string>;
}

/** A pull_request delivery padded to exactly 8 KiB: the example without its repository copies, plus body text. */
export function payload(ticketKey: string, pr: number, state: PrState, updatedAt: string): Buffer {
  const event = githubEvent(state === 'draft' ? 'converted_to_draft' : state === 'merged' ? 'closed' : 'reopened', {
    number: pr,
    head: `feature/${ticketKey}`,
    state: state === 'merged' ? 'closed' : 'open',
    draft: state === 'draft',
    merged: state === 'merged',
    updatedAt,
    body: '',
  });
  // The published example is ~21 KB; keep what a typical delivery carries, then pad to 8 KiB.
  // Each side keeps its repository's id and name: the same id on both says the PR is not from a
  // fork, and only such a PR moves a ticket.
  for (const side of [event.pull_request.head, event.pull_request.base]) {
    side.repo = { id: side.repo.id, name: side.repo.name, full_name: side.repo.full_name };
    delete side.user;
  }
  delete event.pull_request._links;
  const { id, node_id, name, full_name, private: isPrivate, owner, html_url, default_branch } = event.repository;
  event.repository = {
    id,
    node_id,
    name,
    full_name,
    private: isPrivate,
    owner: { login: owner.login, id: owner.id, type: owner.type },
    html_url,
    default_branch,
  };
  const bare = Buffer.byteLength(JSON.stringify(event));
  event.pull_request.body = prose(pr, Math.max(0, BODY_BYTES - bare));
  const body = Buffer.from(JSON.stringify(event));
  if (body.length !== BODY_BYTES) throw new Error(`payload is ${body.length} bytes, not ${BODY_BYTES}`);
  return body;
}

const WORDS = (
  'the a to of and in is for on with this that fix add remove update refund payment invoice customer email retry timeout queue ' +
  'webhook handler service test tests should when then given error case null value config flag release migration schema column ' +
  'index query cache token branch review reviewer merge commit spec ticket criteria done check build deploy rollback log metric'
).split(' ');

/** PR-description-like text of exactly `length` characters, different per PR: padding that compresses like prose, not like 'xxxx'. */
function prose(seed: number, length: number): string {
  let state = seed * 2654435761;
  const next = () => (state = (state * 1103515245 + 12345) >>> 0);
  let text = '';
  while (text.length < length) text += `${WORDS[next() % WORDS.length]}${next() % 11 === 0 ? '. ' : ' '}`;
  return text.slice(0, length);
}

export function delivery(path: string, body: Buffer, secret: string): Delivery {
  return {
    path,
    body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'pull_request',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': sign(body, secret),
    },
  };
}

/** A clock for `updated_at` that only moves forward, so every delivery is newer than the last. */
export function forwardClock(start = '2024-01-01T00:00:00Z'): () => string {
  let now = Date.parse(start);
  return () => new Date((now += 1000)).toISOString().replace('.000Z', 'Z');
}
