// Tokens that come from somewhere other than a person's stored credential — an app installed
// on the provider that acts for the whole organisation, or as a person who authorised it. The
// composition root registers one broker per such source (see Feature.tokenBroker); Start work,
// reviewers and background reads ask them after (Start work) or before (reads) the stored
// credentials. Nothing here names a provider.
import type { AppContext } from '../app-context.ts';
import type { Project } from '../db/queries/projects.ts';
import type { RepositoryRow } from '../db/queries/repositories.ts';
import type { GitProvider, Reviewer } from '../providers/types.ts';

/** What a broker reads: configuration, the database, the secret box and the provider registry. */
export type BrokerContext = Pick<AppContext, 'config' | 'db' | 'secrets' | 'providers' | 'tokenBrokers'>;

export interface ActingIdentity extends Reviewer {
  provider: GitProvider;
}

export interface MemberIdentity extends Reviewer {
  userId: string;
  name: string;
}

export interface TokenBroker {
  /**
   * A provider for reads of the repository that no person starts (reconciliation, Sync PR
   * status); a string says why the broker's token cannot be used (e.g. the app was removed);
   * null when the broker has nothing for this repository.
   */
  background(ctx: BrokerContext, project: Project, repository: RepositoryRow): Promise<GitProvider | string | null>;
  /** A provider acting as the person, with their account on the provider; null when they have none. */
  acting(ctx: BrokerContext, userId: string, project: Project, repository: RepositoryRow): Promise<ActingIdentity | null>;
  /** The person's account on the provider, without using a token; null when unknown. */
  identity(ctx: BrokerContext, userId: string, project: Project): Promise<Reviewer | null>;
  /** Project members (other than `exceptUserId`) whose account the broker knows. */
  members(ctx: BrokerContext, project: Project, exceptUserId: string): Promise<MemberIdentity[]>;
  /** What a person with no token does to get one, e.g. "connect your account under Profile"; null when the broker cannot help. */
  connectHint(ctx: BrokerContext, project: Project): string | null;
}

export const brokersOf = (ctx: Pick<AppContext, 'tokenBrokers'>): TokenBroker[] => ctx.tokenBrokers ?? [];
