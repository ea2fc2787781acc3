import { randomBytes } from 'node:crypto';
import type { KyselyPlugin, QueryId } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeApp, FakeInstallation } from '../../../../test/fakes/github/app.ts';
import { type FakeGitHub, startFakeGitHub } from '../../../../test/fakes/github/server.ts';
import { engines, freshDatabase } from '../../../../test/support/databases.ts';
import { nowIso } from '../../../clock.ts';
import { SecretBox } from '../../../crypto/secret-box.ts';
import { type Db, openDatabase } from '../../../db/database.ts';
import { createUser } from '../../../services/users.ts';
import { createGitHubAppClient } from './client.ts';
import { saveAuthorization, upsertInstallation } from './store.ts';
import { createTokenManager, sealedUserTokens } from './tokens.ts';

/**
 * `on`, except that its first read of `table` is held (its result already in hand) until
 * `release()`: a worker that read a token just before another worker renewed it.
 */
function heldFirstRead(on: Db, table: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let held = false;
  const reads = new Set<QueryId>();
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      if (args.node.kind === 'SelectQueryNode' && JSON.stringify(args.node).includes(`"${table}"`)) reads.add(args.queryId);
      return args.node;
    },
    async transformResult(args) {
      if (!held && reads.has(args.queryId)) {
        held = true;
        await gate;
      }
      return args.result;
    },
  };
  return { db: { ...on, kysely: on.kysely.withPlugin(plugin) } as Db, isHeld: () => held, release };
}

describe.each(engines)('GitHub App token manager on %s', (engine) => {
  let fake: FakeGitHub;
  let app: FakeApp;
  let installation: FakeInstallation;
  let db: Db & { url: string };
  let other: Db;
  const secrets = new SecretBox([randomBytes(32)]);
  const tokenCalls = () => fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/access_tokens'));
  const refreshCalls = () => fake.calls.filter((c) => c.path === '/login/oauth/access_token');

  // Each manager is what one worker process holds: its own client and database connection.
  const manager = (on: Db) =>
    createTokenManager({
      db: on,
      secrets,
      client: createGitHubAppClient(
        { appId: String(app.id), slug: app.slug, clientId: app.clientId, clientSecret: app.clientSecret, privateKey: app.privateKeyPem, baseUrl: fake.url },
        { now: () => fake.state.now(), tuning: { retryDelayMs: 1 } },
      ),
      now: () => fake.state.now(),
    });

  beforeAll(async () => {
    fake = await startFakeGitHub();
    fake.state.addUser('octo');
    fake.state.addOrg('acme', ['octo']);
    fake.state.addRepo({ owner: 'acme', name: 'api' });
    app = fake.state.registerApp({ slug: 'baton-acme' });
    installation = app.install('acme', 'all');
    db = await freshDatabase(engine);
    other = openDatabase(db.url);
    await upsertInstallation(db.kysely, { id: String(installation.id), account: 'acme', repositorySelection: 'all', suspendedAt: null, at: nowIso() });
  });
  afterAll(async () => {
    await other?.destroy();
    await db?.destroy();
    await fake?.close();
    expect(fake.violations).toEqual([]);
  });

  it('mints an installation token once, keeps it sealed, and renews it five minutes before it expires (fake clock)', async () => {
    const tokens = manager(db);
    const first = await tokens.installationToken(String(installation.id));
    expect(await tokens.installationToken(String(installation.id))).toBe(first);
    expect(tokenCalls()).toHaveLength(1);
    const row = await db.kysely.selectFrom('github_app_installations').selectAll().executeTakeFirstOrThrow();
    expect(row.token_ciphertext).not.toContain(first);
    expect(secrets.open(row.token_ciphertext!)).toBe(first);

    fake.state.advanceTime(54 * 60_000); // 6 minutes left: still used
    expect(await tokens.installationToken(String(installation.id))).toBe(first);
    fake.state.advanceTime(2 * 60_000); // 4 minutes left: renewed
    const second = await tokens.installationToken(String(installation.id));
    expect(second).not.toBe(first);
    expect(tokenCalls()).toHaveLength(2);
  });

  it('two workers renewing at once produce one new token, which both use', async () => {
    fake.state.advanceTime(58 * 60_000);
    const before = tokenCalls().length;
    const [a, b] = await Promise.all([manager(db).installationToken(String(installation.id)), manager(other).installationToken(String(installation.id))]);
    expect(a).toBe(b);
    expect(tokenCalls().length - before).toBe(1);
  });

  it("renews a person's user-to-server token with the refresh token before it expires, once for two workers", async () => {
    const userId = (await createUser(db.kysely, { email: 'octo@example.com', name: 'Octo', password: null, isAdmin: false })).id;
    const client = createGitHubAppClient(
      { appId: String(app.id), slug: app.slug, clientId: app.clientId, clientSecret: app.clientSecret, privateKey: app.privateKeyPem, baseUrl: fake.url },
      { now: () => fake.state.now() },
    );
    const issued = await client.exchangeCode(app.authorize('octo'));
    await saveAuthorization(db.kysely, { user_id: userId, github_user_id: '1', login: 'octo', ...sealedUserTokens(secrets, issued, fake.state.now()) });

    expect((await manager(db).userToken(userId))?.token).toBe(issued.token);
    fake.state.advanceTime(8 * 3600_000 - 4 * 60_000);
    const before = refreshCalls().length;
    const [a, b] = await Promise.all([manager(db).userToken(userId), manager(other).userToken(userId)]);
    expect(a?.token).toBe(b?.token);
    expect(a?.token).not.toBe(issued.token);
    expect(refreshCalls().length - before).toBe(1);
    expect(a).toMatchObject({ login: 'octo' });
  });

  it('deletes the tokens and keeps the reason when GitHub refuses the refresh (authorisation revoked)', async () => {
    const userId = (await db.kysely.selectFrom('github_app_authorizations').select('user_id').executeTakeFirstOrThrow()).user_id;
    app.revoke('octo');
    fake.state.advanceTime(8 * 3600_000);
    expect(await manager(db).userToken(userId)).toBeNull();
    const row = await db.kysely.selectFrom('github_app_authorizations').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ token_ciphertext: null, refresh_ciphertext: null });
    expect(row.revoked_reason).toMatch(/no longer accepts your authorisation/);
  });
  it('a worker that read the person’s token just before another renewed it uses the renewed one, not the spent refresh token', async () => {
    fake.state.addUser('lena');
    const userId = (await createUser(db.kysely, { email: 'lena@example.com', name: 'Lena', password: null, isAdmin: false })).id;
    const client = createGitHubAppClient(
      { appId: String(app.id), slug: app.slug, clientId: app.clientId, clientSecret: app.clientSecret, privateKey: app.privateKeyPem, baseUrl: fake.url },
      { now: () => fake.state.now() },
    );
    const issued = await client.exchangeCode(app.authorize('lena'));
    await saveAuthorization(db.kysely, { user_id: userId, github_user_id: '2', login: 'lena', ...sealedUserTokens(secrets, issued, fake.state.now()) });
    fake.state.advanceTime(8 * 3600_000 - 4 * 60_000);

    const before = refreshCalls().length;
    const late = heldFirstRead(other, 'github_app_authorizations');
    const slow = manager(late.db).userToken(userId);
    await expect.poll(late.isHeld).toBe(true);
    const renewed = await manager(db).userToken(userId);
    late.release();
    expect((await slow)?.token).toBe(renewed?.token);
    expect(renewed?.token).not.toBe(issued.token);
    expect(refreshCalls().length - before).toBe(1);
    const row = await db.kysely.selectFrom('github_app_authorizations').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ revoked_at: null, refreshing_until: null });
  });

  it('a worker that read the installation token just before another renewed it uses the renewed one: still one new token', async () => {
    fake.state.advanceTime(2 * 3600_000);
    const before = tokenCalls().length;
    const late = heldFirstRead(other, 'github_app_installations');
    const slow = manager(late.db).installationToken(String(installation.id));
    await expect.poll(late.isHeld).toBe(true);
    const renewed = await manager(db).installationToken(String(installation.id));
    late.release();
    expect(await slow).toBe(renewed);
    expect(tokenCalls().length - before).toBe(1);
  });
});
