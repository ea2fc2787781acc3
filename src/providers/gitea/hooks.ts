// Repository webhooks on Gitea and Forgejo: one `gitea` hook per target URL, JSON, signed with
// the secret. Gitea's API keeps no delivery log, so health comes from what Baton receives.
// https://docs.gitea.com/api/1.22/#tag/repository/operation/repoCreateHook
import { z } from 'zod';
import { type HookCapability, HookPermissionMissing, type HookTarget, needingHookPermission, type ProviderHook } from '../hooks.ts';
import type { RepoRef } from '../types.ts';
import type { GiteaClient } from './client.ts';

// Webhook routes sit behind reqRepoAdmin (routers/api/v1/api.go), and the token needs write:repository.
const PERMISSION = 'admin rights on the repository, and a token with write:repository';
const EVENTS = ['pull_request'];
const HOOKS = '/repos/{owner}/{repo}/hooks';
const HOOK = '/repos/{owner}/{repo}/hooks/{id}';

const hookSchema = z.object({
  id: z.number(),
  active: z.boolean(),
  events: z.array(z.string()).nullish(),
  config: z.record(z.string(), z.string()).nullish(),
});

const at = (repo: RepoRef) => ({ owner: repo.owner, repo: repo.name });
const toHook = (h: z.output<typeof hookSchema>): ProviderHook => ({ id: String(h.id), url: h.config?.url ?? '', events: h.events ?? [], active: h.active });

export function giteaHooks(client: GiteaClient): HookCapability {
  const allowed = <T>(repo: RepoRef, call: () => Promise<T>) => needingHookPermission(PERMISSION, `${repo.owner}/${repo.name}`, call);

  async function find(repo: RepoRef, url: string): Promise<ProviderHook | null> {
    // Gitea pages at most 50 items; a repository with more webhooks than that is not worth a loop.
    const { data } = await allowed(repo, () => client.request(z.array(hookSchema), { method: 'GET', path: HOOKS, params: at(repo), query: { limit: 50 } }));
    const found = data.find((h) => h.config?.url === url);
    return found ? toHook(found) : null;
  }

  return {
    events: EVENTS,
    permission: PERMISSION,
    find,

    async register(repo: RepoRef, target: HookTarget) {
      const existing = await find(repo, target.url);
      const config = { url: target.url, content_type: 'json', secret: target.secret };
      const { data } = existing
        ? await allowed(repo, () =>
            client.request(hookSchema, {
              method: 'PATCH',
              path: HOOK,
              params: { ...at(repo), id: existing.id },
              body: { config, events: EVENTS, active: true },
            }),
          )
        : await allowed(repo, () =>
            client.request(hookSchema, { method: 'POST', path: HOOKS, params: at(repo), body: { type: 'gitea', config, events: EVENTS, active: true } }),
          );
      return { hook: toHook(data), created: !existing };
    },

    async remove(repo: RepoRef, id: string) {
      try {
        await allowed(repo, () => client.request(z.unknown(), { method: 'DELETE', path: HOOK, params: { ...at(repo), id } }));
        return true;
      } catch (error) {
        // A 404 is a hook already gone, unless listing shows the credential may not see hooks at all.
        if (!(error instanceof HookPermissionMissing) || error.providerStatus !== 404) throw error;
        await find(repo, '');
        return false;
      }
    },

    async test(repo: RepoRef, id: string) {
      // Gitea sends a push event built from the default branch's last commit.
      await allowed(repo, () => client.request(z.unknown(), { method: 'POST', path: `${HOOK}/tests`, params: { ...at(repo), id } }));
    },
  };
}
