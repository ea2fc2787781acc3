// Which repository's webhook sent a delivery Baton stored without applying it. The apply job
// records the repository of every delivery it handles; a delivery ignored on arrival (a test
// call's push, an event Baton does not use) gets no job, and ingress never parses bodies. So
// while a test waits, the deliveries that arrived since it was asked for are read here, off the
// ingress path, to learn whether the test's delivery came.
import type { AppContext } from '../../app-context.ts';
import { linkedRepositories } from '../../db/queries/repositories.ts';
import { setDeliveryRepository, unattributedDeliveries } from '../../db/queries/repository-webhooks.ts';
import type { ProviderKind } from '../../providers/types.ts';
import { linkedRepository } from '../pr-status/webhooks/apply-deliveries.ts';

// A test is answered by one delivery; more than this many unused ones in a few minutes is a
// webhook sending everything, and the newest are the ones that matter.
const MOST = 50;

/** Records the repository of the project's unattributed deliveries received since `since`. */
export async function attributeDeliveriesSince(ctx: AppContext, projectId: string, since: string): Promise<void> {
  const rows = await unattributedDeliveries(ctx.db.kysely, projectId, since, MOST);
  if (!rows.length) return;
  const repositories = await linkedRepositories(ctx.db.kysely, { projectIds: [projectId] });
  const byRepository = new Map<string, string[]>();
  for (const row of rows) {
    let body: unknown;
    try {
      body = JSON.parse(row.body);
    } catch {
      continue;
    }
    const mention = ctx.providers.webhooks(row.provider as ProviderKind).repositoryOf(row.event, body);
    const repo = mention && linkedRepository(repositories, projectId, mention);
    if (repo) (byRepository.get(repo.id) ?? byRepository.set(repo.id, []).get(repo.id)!).push(row.id);
  }
  for (const [repositoryId, ids] of byRepository) await setDeliveryRepository(ctx.db.kysely, ids, repositoryId);
}
