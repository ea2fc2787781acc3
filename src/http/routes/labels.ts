import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { createLabel, deleteLabel, listLabels, updateLabel } from '../../services/labels.ts';
import type { Api } from '../api.ts';
import { projectParams } from './projects.ts';

export const label = z.object({ id: z.uuid(), name: z.string(), color: z.string() }).meta({ id: 'Label' });
const name = z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters').meta({ title: 'Label name' });
const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #3b82f6')
  .meta({ title: 'Label colour', description: '#rrggbb' });
const labelParams = z.strictObject({ projectId: z.uuid(), labelId: z.uuid() });

export function labelRoutes(api: Api, ctx: AppContext): void {
  api.route(
    {
      method: 'GET',
      url: '/api/projects/:projectId/labels',
      summary: "The project's labels, by name",
      tag: 'tickets',
      params: projectParams,
      response: z.object({ items: z.array(label) }),
    },
    async ({ user, params }) => listLabels(ctx.db.kysely, user, params.projectId),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/projects/:projectId/labels',
      summary: 'Create a label (members)',
      tag: 'tickets',
      status: 201,
      params: projectParams,
      body: z.strictObject({ name, color }),
      response: label,
    },
    async ({ user, params, body }) => createLabel(ctx.db.kysely, user, params.projectId, body),
  );

  api.route(
    {
      method: 'PATCH',
      url: '/api/projects/:projectId/labels/:labelId',
      summary: 'Rename or recolour a label (members)',
      tag: 'tickets',
      params: labelParams,
      body: z.strictObject({ name: name.optional(), color: color.optional() }),
      response: label,
    },
    async ({ user, params, body }) => updateLabel(ctx.db.kysely, user, params.projectId, params.labelId, body),
  );

  api.route(
    {
      method: 'DELETE',
      url: '/api/projects/:projectId/labels/:labelId',
      summary: 'Delete a label and take it off every ticket (owners)',
      tag: 'tickets',
      status: 204,
      params: labelParams,
    },
    async ({ user, params }) => deleteLabel(ctx.db.kysely, user, params.projectId, params.labelId),
  );
}
