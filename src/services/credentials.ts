// Per-user git credentials: validated with the provider before they are saved, sealed with the
// secret box, write-only in the API, and usable only by their owner.
import type { AppContext } from '../app-context.ts';
import { newId, nowIso } from '../clock.ts';
import type { Executor } from '../db/database.ts';
import {
  type Credential,
  type CredentialRow,
  credentialsOfUser,
  credentialsOnServer,
  deleteUserCredential,
  findUserCredential,
  insertCredential,
  repositoriesLinkedWith,
  runningStartWorkOn,
  toCredential,
  updateCredentialRow,
} from '../db/queries/credentials.ts';
import { projectsOnProvider } from '../db/queries/projects.ts';
import { ticketKey } from '../domain/keys.ts';
import { parseStartWork } from '../domain/start-work.ts';
import { fieldRefused, NotFound, ValidationFailed } from '../errors.ts';
import type { ProviderDescriptor, ProviderSettings } from '../providers/descriptor.ts';
import { requireProvider } from '../providers/registry.ts';
import { resolveBaseUrl } from '../providers/settings.ts';
import type { CredentialCheck, ProviderKind } from '../providers/types.ts';
import { toApiError } from './provider-failures.ts';
import type { User } from './users.ts';

type Deps = Pick<AppContext, 'db' | 'secrets' | 'providers' | 'config'>;

export interface CredentialInput {
  provider: ProviderKind;
  owner: string;
  token: string;
  baseUrl?: string;
  /** The provider's own credential fields (its descriptor's `credential.fields`), e.g. the project a token is checked in. */
  [field: string]: string | undefined;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Settings of the caller's Baton projects on this provider and server: what a provider may check a new token inside. */
async function projectSettingsFor(db: Executor, user: User, kind: string, baseUrl: string): Promise<ProviderSettings[]> {
  const rows = await projectsOnProvider(db, kind, user.id);
  return rows
    .filter((row) => row.user_id || user.isAdmin)
    .map((row) => JSON.parse(row.settings) as ProviderSettings)
    .filter((s) => s.baseUrl === baseUrl);
}

/** What the provider instance checking a token is set up with: nothing, unless the provider checks tokens inside a project. */
async function checkSettings(deps: Deps, user: User, d: ProviderDescriptor, input: CredentialInput, baseUrl: string): Promise<Record<string, string>> {
  if (!d.credential.checkSettings) return {};
  const extra = Object.fromEntries(d.credential.fields.map((f) => [f.name, input[f.name]]));
  return d.credential.checkSettings(input.owner.trim(), extra, await projectSettingsFor(deps.db.kysely, user, d.kind, baseUrl));
}

/** The provider's kept credential fields from the input (e.g. the account email a token is sent with); a required one missing is a 422 naming it. */
function keptFields(d: ProviderDescriptor, input: CredentialInput): Record<string, string> {
  for (const f of d.credential.fields) {
    if (f.required && !input[f.name]?.trim()) {
      throw fieldRefused(f.name, `${f.label} is required for ${d.label}: ${f.hint}`);
    }
  }
  return Object.fromEntries(d.credential.fields.filter((f) => f.kept && input[f.name]?.trim()).map((f) => [f.name, input[f.name]!.trim()]));
}

function rejection(d: ProviderDescriptor, owner: string, check: CredentialCheck): ValidationFailed {
  const who = check.login ? ` (${check.login})` : '';
  // Permissions read "Pull requests: write"; bare words are classic OAuth scopes such as "repo".
  const lacks = check.missing.map((m) => (m.includes(':') ? m : `the ${m} scope`)).join(', ');
  const note = check.note ? `. ${check.note}` : '';
  return new ValidationFailed(`${d.label} token${who} lacks ${lacks} on ${owner}; grant it and add the token again${note}`, {
    fields: { token: `Token lacks ${lacks} on ${owner}; grant it and add the token again.` },
    missing: check.missing,
    login: check.login,
  });
}

export async function addCredential(deps: Deps, user: User, input: CredentialInput): Promise<Credential> {
  const d = requireProvider(input.provider);
  const owner = input.owner.trim();
  const baseUrl = await resolveBaseUrl(d, input.baseUrl, deps.config.allowedProviderHosts);
  const credentialFields = keptFields(d, input);
  const settings = await checkSettings(deps, user, d, input, baseUrl);

  const provider = deps.providers.create(d.kind, { baseUrl, token: input.token, settings, credentialFields });
  const check = await provider.validateCredential(owner).catch((err) => toApiError(err, `Could not add the ${d.label} token for ${owner}`));
  if (check.missing.length > 0) throw rejection(d, owner, check);

  const now = nowIso();
  const fields = {
    owner,
    token_ciphertext: deps.secrets.seal(input.token),
    token_last4: input.token.slice(-4),
    login: check.login,
    external_user_id: check.externalUserId,
    scopes: JSON.stringify(check.scopes),
    missing: JSON.stringify(check.missing),
    fields: JSON.stringify(credentialFields),
    expires_at: check.expiresAt?.toISOString() ?? null,
    validated_at: now,
  };
  const id = await deps.db.transaction(async (tx) => {
    // Adding a token again for the same owner rotates it: the id (and repository links) stay.
    const existing = (await credentialsOnServer(tx, user.id, input.provider, baseUrl)).find((c) => same(c.owner, owner));
    if (existing) {
      await updateCredentialRow(tx, existing.id, fields);
      return existing.id;
    }
    const row = { id: newId(), user_id: user.id, provider: input.provider, base_url: baseUrl, created_at: now, ...fields };
    await insertCredential(tx, row);
    return row.id;
  });
  return toCredential(await ownCredential(deps.db.kysely, user, id));
}

export async function listCredentials(db: Executor, user: User): Promise<Credential[]> {
  return (await credentialsOfUser(db, user.id)).map(toCredential);
}

/** The caller's own credential; anybody else's is "not found". */
export async function ownCredential(db: Executor, user: User, id: string): Promise<CredentialRow> {
  const row = await findUserCredential(db, user.id, id);
  if (!row) throw new NotFound('Credential');
  return row;
}

export interface CredentialUsage {
  /** Linked with it: pull request sync, reconciliation and webhooks use it. */
  repositories: Array<{ projectKey: string; projectName: string; owner: string; name: string }>;
  /** Start work running as its owner on one of its repositories now. */
  startWork: Array<{ ticketKey: string; title: string }>;
}

/** What would stop working without the credential, named so deleting it can warn first. */
export async function credentialUsage(db: Executor, user: User, id: string): Promise<CredentialUsage> {
  const credential = await findUserCredential(db, user.id, id);
  if (!credential) throw new NotFound('Credential');
  const running = (await runningStartWorkOn(db, credential.provider)).filter((t) => {
    const state = parseStartWork(t.start_work);
    const baseUrl = (JSON.parse(t.settings) as { baseUrl?: string }).baseUrl;
    return state?.status === 'running' && state.actorId === user.id && same(t.owner, credential.owner) && baseUrl === credential.base_url;
  });
  return {
    repositories: await repositoriesLinkedWith(db, id),
    startWork: running.map((t) => ({ ticketKey: ticketKey(t.projectKey, t.number), title: t.title })),
  };
}

export async function deleteCredential(db: Executor, user: User, id: string): Promise<void> {
  if (!(await deleteUserCredential(db, user.id, id))) throw new NotFound('Credential');
}

/** A user's credential for a provider account on one server, or null. */
export async function credentialFor(db: Executor, userId: string, provider: string, owner: string, baseUrl: string): Promise<CredentialRow | null> {
  return (await credentialsOnServer(db, userId, provider, baseUrl)).find((c) => same(c.owner, owner)) ?? null;
}
