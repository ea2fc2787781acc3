// Repository webhooks on Bitbucket Cloud: one per URL, signed with the secret (X-Hub-Signature).
// The API has no test call and no delivery log ("View requests" exists only in the web UI), so
// health comes from what Baton receives.
// https://developer.atlassian.com/cloud/bitbucket/rest/api-group-repositories/#api-repositories-workspace-repo-slug-hooks-post
import { z } from 'zod';
import { type HookCapability, HookPermissionMissing, type HookTarget, needingHookPermission, type ProviderHook } from '../hooks.ts';
import type { RepoRef } from '../types.ts';
import type { BitbucketClient } from './client.ts';

// Webhooks need an API token with the webhook scopes, acting for a repository admin.
const PERMISSION = 'an API token with the read:webhook:bitbucket and write:webhook:bitbucket scopes, for a repository admin';
const EVENTS = [
  'pullrequest:created',
  'pullrequest:updated',
  'pullrequest:approved',
  'pullrequest:unapproved',
  'pullrequest:fulfilled',
  'pullrequest:rejected',
];
const HOOKS = '/repositories/{workspace}/{repo_slug}/hooks';
const HOOK = `${HOOKS}/{uid}`;

const hookSchema = z.object({ uuid: z.string(), url: z.string(), active: z.boolean(), events: z.array(z.string()) });
const pageSchema = z.object({ values: z.array(hookSchema), next: z.string().optional() });

const params = (repo: RepoRef, extra: Record<string, string> = {}) => ({ workspace: repo.owner, repo_slug: repo.name, ...extra });
const toHook = (h: z.output<typeof hookSchema>): ProviderHook => ({ id: h.uuid, url: h.url, events: h.events, active: h.active });

export function bitbucketHooks(client: BitbucketClient): HookCapability {
  const where = (repo: RepoRef) => `${repo.owner}/${repo.name}`;
  const allowed = <T>(repo: RepoRef, call: () => Promise<T>) => needingHookPermission(PERMISSION, where(repo), call);

  async function find(repo: RepoRef, url: string): Promise<ProviderHook | null> {
    // A repository holds at most 50 webhooks (Bitbucket's limit): one page of 100 holds them all.
    const { data } = await allowed(repo, () =>
      client.request({ method: 'GET', path: HOOKS, params: params(repo), query: [['pagelen', 100]], schema: pageSchema, subject: where(repo) }),
    );
    const found = data.values.find((h) => h.url === url);
    return found ? toHook(found) : null;
  }

  return {
    events: EVENTS,
    permission: PERMISSION,
    find,

    async register(repo: RepoRef, target: HookTarget) {
      const existing = await find(repo, target.url);
      const json = { description: 'Baton', url: target.url, active: true, secret: target.secret, events: EVENTS };
      const { data } = await allowed(repo, () =>
        existing
          ? client.request({ method: 'PUT', path: HOOK, params: params(repo, { uid: existing.id }), json, schema: hookSchema, subject: where(repo) })
          : client.request({ method: 'POST', path: HOOKS, params: params(repo), json, schema: hookSchema, subject: where(repo) }),
      );
      return { hook: toHook(data), created: !existing };
    },

    async remove(repo: RepoRef, id: string) {
      try {
        await allowed(repo, () =>
          client.request({ method: 'DELETE', path: HOOK, params: params(repo, { uid: id }), schema: z.unknown(), subject: where(repo) }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof HookPermissionMissing) || error.providerStatus !== 404) throw error;
        await find(repo, '');
        return false;
      }
    },
  };
}
