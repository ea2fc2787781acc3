import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { AUTOMATION_EVENTS, DEFAULT_RULES, EVENT_LABEL } from '../../domain/automation-rules.ts';
import type { Api } from '../../http/api.ts';
import { projectParams } from '../../http/routes/projects.ts';
import { projectRole, requireProjectOwner } from '../../services/access.ts';
import { previewRules } from './preview.ts';
import { projectStatuses } from './project-statuses.ts';
import { rulesOfProject, storeRules } from './rules-store.ts';
import { checkRules, MAX_RULES } from './validate-rules.ts';

const rule = z
  .object({
    event: z.enum(AUTOMATION_EVENTS).describe('What happened to a PR of the ticket (all_merged: every PR of the ticket that was not abandoned is merged)'),
    branch: z.string().nullable().describe('A pattern the PR’s target branch must match (*, **, ?, [a-z], {a,b}); null: any branch'),
    status: z.string().describe('The status the ticket moves to'),
  })
  .meta({ id: 'AutomationRule' });

// Events and statuses are checked by `checkRules`, which names the rule by its number.
const submittedRule = z.strictObject({
  event: z.string().meta({ title: 'When' }),
  branch: z.string().nullable().optional().meta({ title: 'Into branch' }),
  status: z.string().meta({ title: 'Move to' }),
});
const submittedRules = z.array(submittedRule).max(MAX_RULES * 4);

const settings = z
  .object({
    rules: z.array(rule).describe('In order: the first rule that holds for the ticket’s PRs decides its status'),
    isDefault: z.boolean().describe('The project has not saved rules of its own: these are the defaults'),
    defaults: z.array(rule),
    events: z.array(z.object({ event: z.enum(AUTOMATION_EVENTS), label: z.string() })),
    statuses: z.array(z.object({ status: z.string(), label: z.string() })),
  })
  .meta({ id: 'AutomationSettings' });

const preview = z
  .object({
    items: z.array(
      z.object({
        ticketKey: z.string(),
        ticketTitle: z.string(),
        status: z.string().describe('Where the ticket is now'),
        pullRequest: z.object({ number: z.number().int(), title: z.string(), state: z.string(), baseBranch: z.string(), url: z.string() }),
        moveTo: z.string().nullable().describe('Where these rules put the ticket (its status now when they keep it there); null: no rule holds'),
        rule: z.string().nullable().describe('The rule that holds, in words; null when none does'),
      }),
    ),
  })
  .meta({ id: 'AutomationPreview' });

export function automationRoutes(api: Api, ctx: AppContext): void {
  async function answer(projectId: string) {
    const stored = await ctx.db.kysely.selectFrom('projects').select('automation_rules').where('id', '=', projectId).executeTakeFirstOrThrow();
    const statuses = projectStatuses();
    return {
      rules: [...(await rulesOfProject(ctx.db.kysely, projectId))],
      isDefault: stored.automation_rules === null,
      defaults: [...DEFAULT_RULES],
      events: AUTOMATION_EVENTS.map((event) => ({ event, label: EVENT_LABEL[event] })),
      statuses,
    };
  }

  api.route(
    {
      method: 'GET',
      url: '/api/projects/:projectId/automation',
      summary: 'The project’s workflow automation: its ordered rules from PR events to ticket status',
      tag: 'projects',
      params: projectParams,
      response: settings,
    },
    async ({ user, params }) => {
      await projectRole(ctx.db.kysely, user, params.projectId);
      return answer(params.projectId);
    },
  );

  api.route(
    {
      method: 'PUT',
      url: '/api/projects/:projectId/automation',
      summary: 'Replace the project’s workflow rules (owners); rules: null goes back to the defaults',
      tag: 'projects',
      params: projectParams,
      body: z.strictObject({ rules: submittedRules.nullable().meta({ title: 'Rules' }) }),
      response: settings,
    },
    async ({ user, params, body }) => {
      await requireProjectOwner(ctx.db.kysely, user, params.projectId);
      const rules = body.rules === null ? null : checkRules(body.rules, projectStatuses());
      await storeRules(ctx.db.kysely, params.projectId, rules);
      return answer(params.projectId);
    },
  );

  api.route(
    {
      method: 'POST',
      url: '/api/projects/:projectId/automation/preview',
      summary: 'What the given rules, unsaved, would do to the tickets of the project’s most recently updated PRs',
      tag: 'projects',
      params: projectParams,
      body: z.strictObject({ rules: submittedRules.meta({ title: 'Rules' }) }),
      response: preview,
    },
    async ({ user, params, body }) => {
      await projectRole(ctx.db.kysely, user, params.projectId);
      const rules = checkRules(body.rules, projectStatuses());
      return { items: await previewRules(ctx.db.kysely, params.projectId, rules) };
    },
  );
}
