import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { isoIn } from '../../clock.ts';
import type { ScheduleSpec } from '../scheduler.ts';
import type { JobHandler } from '../worker.ts';
import { applyDelivery } from '../../webhooks/apply-delivery.ts';
import { APPLY_DELIVERY_JOB } from '../../webhooks/delivery-writer.ts';

export const SWEEP_DELIVERIES_JOB = 'webhook.sweep';

// A job whose worker died keeps its lease (a minute) before another worker may run it. The sweep
// applies deliveries left pending that long, so a crash delays PR status by seconds, not a
// minute; applying is claimed per delivery, so racing the late job is harmless.
const SWEEP_EVERY_SECONDS = 5;
const PENDING_FOR_MS = 5_000;
const SWEEP_BATCH = 200;

const applyPayload = z.object({ deliveryId: z.string().min(1) });

export function webhookHandlers(ctx: AppContext): Record<string, JobHandler> {
  return {
    async [APPLY_DELIVERY_JOB](payload) {
      const { deliveryId } = applyPayload.parse(payload);
      if ((await applyDelivery(ctx, deliveryId)) === 'failed') ctx.log.warn({ deliveryId }, 'webhook delivery failed to apply');
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
      let applied = 0;
      for (const { id } of stuck) if (await applyDelivery(ctx, id)) applied++;
      if (applied > 0) ctx.log.info({ applied }, 'stuck webhook deliveries applied');
    },
  };
}

export function webhookSchedules(): ScheduleSpec[] {
  return [{ name: 'webhook-sweep', kind: SWEEP_DELIVERIES_JOB, intervalSeconds: SWEEP_EVERY_SECONDS }];
}
