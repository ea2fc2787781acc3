// Repository webhooks on GitHub: one `web` hook per payload URL, JSON, signed with the secret.
// https://docs.github.com/en/rest/repos/webhooks
import { z } from 'zod';
import { type HookCapability, type HookDelivery, HookPermissionMissing, type HookTarget, needingHookPermission, type ProviderHook } from '../hooks.ts';
import type { RepoRef } from '../types.ts';
import type { GitHubClient } from './client.ts';

// Classic tokens need a repo-hook scope, fine-grained ones the "Webhooks" repository permission;
// either way GitHub answers 404 to anybody who is not an admin of the repository.
const PERMISSION = 'admin:repo_hook (classic token) or "Webhooks: write" (fine-grained token), as an admin of the repository';
const EVENTS = ['pull_request'];

const hookSchema = z.object({
  id: z.number(),
  active: z.boolean(),
  events: z.array(z.string()),
  config: z.object({ url: z.string().optional() }),
});
const deliverySchema = z.object({ delivered_at: z.string(), status: z.string(), status_code: z.number(), event: z.string() });

const at = (repo: RepoRef) => ({ owner: repo.owner, repo: repo.name });
const toHook = (h: z.output<typeof hookSchema>): ProviderHook => ({ id: String(h.id), url: h.config.url ?? '', events: h.events, active: h.active });

export function gitHubHooks(client: GitHubClient): HookCapability {
  const allowed = <T>(repo: RepoRef, call: () => Promise<T>) => needingHookPermission(PERMISSION, `${repo.owner}/${repo.name}`, call);

  async function find(repo: RepoRef, url: string): Promise<ProviderHook | null> {
    // A repository holds at most 20 hooks per event (GitHub's limit), so one page of 100 holds them all.
    const { data } = await allowed(repo, () => client.request('GET /repos/{owner}/{repo}/hooks', { ...at(repo), per_page: 100 }, z.array(hookSchema)));
    const found = data.find((h) => h.config.url === url);
    return found ? toHook(found) : null;
  }

  return {
    events: EVENTS,
    permission: PERMISSION,
    find,

    async register(repo: RepoRef, target: HookTarget) {
      const existing = await find(repo, target.url);
      const config = { url: target.url, content_type: 'json', secret: target.secret, insecure_ssl: '0' };
      const { data } = existing
        ? await allowed(repo, () =>
            client.request(
              'PATCH /repos/{owner}/{repo}/hooks/{hook_id}',
              { ...at(repo), hook_id: Number(existing.id), config, events: EVENTS, active: true },
              hookSchema,
            ),
          )
        : await allowed(repo, () =>
            client.request('POST /repos/{owner}/{repo}/hooks', { ...at(repo), name: 'web', config, events: EVENTS, active: true }, hookSchema),
          );
      return { hook: toHook(data), created: !existing };
    },

    async remove(repo: RepoRef, id: string) {
      try {
        await allowed(repo, () => client.request('DELETE /repos/{owner}/{repo}/hooks/{hook_id}', { ...at(repo), hook_id: Number(id) }, z.unknown()));
        return true;
      } catch (error) {
        // GitHub answers 404 both for a hook that is gone and to a non-admin: listing tells them apart.
        if (!(error instanceof HookPermissionMissing) || error.providerStatus !== 404) throw error;
        await find(repo, '');
        return false;
      }
    },

    async test(repo: RepoRef, id: string) {
      await allowed(repo, () => client.request('POST /repos/{owner}/{repo}/hooks/{hook_id}/pings', { ...at(repo), hook_id: Number(id) }, z.unknown()));
    },

    async deliveries(repo: RepoRef, id: string): Promise<HookDelivery[]> {
      const { data } = await allowed(repo, () =>
        client.request('GET /repos/{owner}/{repo}/hooks/{hook_id}/deliveries', { ...at(repo), hook_id: Number(id), per_page: 30 }, z.array(deliverySchema)),
      );
      return data.map((d) => {
        const ok = d.status_code >= 200 && d.status_code < 300;
        return { at: d.delivered_at, event: d.event, ok, status: d.status_code || null, error: ok ? null : d.status };
      });
    },
  };
}
