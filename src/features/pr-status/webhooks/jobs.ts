import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { isoIn } from '../../../clock.ts';
import type { ScheduleSpec } from '../../../jobs/scheduler.ts';
import type { JobHandler } from '../../../jobs/worker.ts';
import { applyDeliveries } from './apply-deliveries.ts';
import { APPLY_DELIVERIES_JOB } from './delivery-writer.ts';

export const SWEEP_DELIVERIES_JOB = 'webhook.sweep';

// A job whose worker died keeps its lease (a minute) before another worker may run it. The sweep
// applies deliveries left pending that long, so a crash delays PR status by seconds, not a
// minute; applying is claimed per delivery, so racing the late job is harmless.
const SWEEP_EVERY_SECONDS = 5;
const PENDING_FOR_MS = 5_000;
const SWEEP_BATCH = 200;

const applyPayload = z.object({ deliveryIds: z.array(z.string().min(1)).max(1000) });

export function webhookHandlers(ctx: AppContext): Record<string, JobHandler> {
  const run = async (ids: string[]) => {
    const outcomes = await applyDeliveries(ctx, ids);
    const failed = [...outcomes].filter(([, o]) => o === 'failed').map(([id]) => id);
    if (failed.length) ctx.log.warn({ deliveryIds: failed }, 'webhook deliveries failed to apply');
    return outcomes.size;
  };
  return {
    async [APPLY_DELIVERIES_JOB](payload) {
      await run(applyPayload.parse(payload).deliveryIds);
    },
    async [SWEEP_DELIVERIES_JOB]() {
      const stuck = await ctx.db.kysely
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('outcome', '=', 'pending')
        .where('received_at', '<', isoIn(-PENDING_FOR_MS))
        .orderBy('received_at')
        .limit(SWEEP_BATCH)
        .execute();
      const applied = stuck.length ? await run(stuck.map((r) => r.id)) : 0;
      if (applied > 0) ctx.log.info({ applied }, 'stuck webhook deliveries applied');
    },
  };
}

export function webhookSchedules(): ScheduleSpec[] {
  return [{ name: 'webhook-sweep', kind: SWEEP_DELIVERIES_JOB, intervalSeconds: SWEEP_EVERY_SECONDS }];
}
