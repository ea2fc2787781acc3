// Installing and authorising the App. Baton hands GitHub a `state` (random, stored as its
// SHA-256, bound to the browser session that asked, used once, good for ten minutes); GitHub
// sends the person back to the callback with it and a code. The code becomes the person's
// user-to-server token; an installation id, checked to be one the person can reach, is recorded
// with the repositories it reaches, ready to link.
// https://docs.github.com/en/apps/using-github-apps/installing-a-github-app-from-a-third-party
import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../../../app-context.ts';
import type { Executor } from '../../../db/database.ts';
import { ProviderError } from '../../../errors.ts';
import { recordInstallation, syncInstallationRepositories } from './installations.ts';
import type { GitHubAppRuntime } from './runtime.ts';
import { consumeState, deleteExpiredStates, findState, insertState, saveAuthorization } from './store.ts';
import { sealedUserTokens } from './tokens.ts';

export const STATE_LIFETIME_MS = 10 * 60_000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** A new state for this session (and project, when installing from its settings). */
export async function issueState(db: Executor, session: { id: string; userId: string }, projectId: string | null, now = Date.now()): Promise<string> {
  await deleteExpiredStates(db, new Date(now).toISOString());
  const state = randomBytes(24).toString('base64url');
  await insertState(db, {
    id: sha256(state),
    sessionId: session.id,
    userId: session.userId,
    projectId,
    expiresAt: new Date(now + STATE_LIFETIME_MS).toISOString(),
  });
  return state;
}

export interface CallbackQuery {
  installation_id?: string;
  setup_action?: string;
  code?: string;
  state?: string;
}

/** Where the person goes next, or a page that explains what went wrong and what to do. */
export type CallbackOutcome = { kind: 'done'; redirect: string } | { kind: 'refused'; status: number; title: string; message: string };

const refused = (status: number, title: string, message: string): CallbackOutcome => ({ kind: 'refused', status, title, message });

export async function completeCallback(
  ctx: AppContext,
  app: GitHubAppRuntime,
  session: { id: string; userId: string } | null,
  query: CallbackQuery,
): Promise<CallbackOutcome> {
  const db = ctx.db.kysely;
  if (!session) return refused(401, 'Sign in first', 'Sign in to Baton in this browser, then install the App or connect your GitHub account again.');
  if (!query.state) {
    return refused(
      400,
      'This link cannot be trusted',
      'GitHub sent you back without the state Baton gave it. Start again from Project settings → Git (Install the GitHub App) or your profile (Connect GitHub account).',
    );
  }
  const stateId = sha256(query.state);
  const state = await findState(db, stateId);
  if (!state) {
    return refused(
      400,
      'This link was already used',
      'Each install or connect link works once. Start again from Project settings → Git (Install the GitHub App) or your profile (Connect GitHub account).',
    );
  }
  if (state.session_id !== session.id) {
    return refused(
      403,
      'This link belongs to another sign-in',
      'It was started in another browser session. Start again here, from Project settings → Git or your profile.',
    );
  }
  if (!(await consumeState(db, stateId))) return refused(400, 'This link was already used', 'Each install or connect link works once. Start again.');
  if (Date.parse(state.expires_at) < Date.now()) {
    return refused(400, 'This link has expired', 'Install and connect links work for 10 minutes. Start again from Project settings → Git or your profile.');
  }
  if (!query.code) {
    if (query.setup_action === 'request') {
      return refused(
        202,
        'Installation requested',
        'An owner of the organisation has to approve the installation on GitHub. Once they have, install again from Project settings → Git.',
      );
    }
    return refused(
      400,
      'GitHub sent no authorisation code',
      'The App must have "Request user authorization (OAuth) during installation" turned on (an administrator sets it in the App\'s settings on GitHub). Then press Install the GitHub App or Connect GitHub account again.',
    );
  }

  try {
    const tokens = await app.client.exchangeCode(query.code, app.callbackUrl);
    const who = await app.client.currentUser(tokens.token);
    const now = Date.now();
    await saveAuthorization(db, {
      user_id: session.userId,
      github_user_id: String(who.id),
      login: who.login,
      ...sealedUserTokens(ctx.secrets, tokens, now),
    });

    const projectPage = state.project_id ? await projectSettingsPath(db, state.project_id) : null;
    if (!query.installation_id) return { kind: 'done', redirect: projectPage ?? '/profile?github=connected' };

    // Anyone can type an installation id into the URL: only record one the person can reach.
    const reachable = (await app.client.userInstallations(tokens.token)).find((i) => String(i.id) === query.installation_id);
    if (!reachable) {
      return refused(
        403,
        'That installation is not yours',
        `Your GitHub account ${who.login} cannot reach installation ${query.installation_id}, so Baton did not record it.`,
      );
    }
    await recordInstallation(db, reachable, new Date(now).toISOString());
    await syncInstallationRepositories(db, app, String(reachable.id));
    return { kind: 'done', redirect: projectPage ? `${projectPage}?github-app=installed` : '/profile?github-app=installed' };
  } catch (err) {
    if (err instanceof ProviderError) {
      return refused(
        err.kind === 'validation' ? 400 : 502,
        'GitHub did not accept the sign-in',
        `${err.message}. Start again from Project settings → Git or your profile.`,
      );
    }
    throw err;
  }
}

async function projectSettingsPath(db: Executor, projectId: string): Promise<string | null> {
  const project = await db.selectFrom('projects').select('key').where('id', '=', projectId).executeTakeFirst();
  return project ? `/projects/${encodeURIComponent(project.key)}/settings` : null;
}
