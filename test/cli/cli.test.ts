import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { loadMasterKeys } from '../../src/crypto/master-key.ts';
import { SecretBox } from '../../src/crypto/secret-box.ts';
import { openDatabase } from '../../src/db/database.ts';
import { startBaton } from '../../src/main.ts';
import { batonArgs } from '../support/baton-cli.ts';

function baton(args: string[], env: Record<string, string>, input?: string) {
  const result = spawnSync(process.execPath, batonArgs(args), {
    env: { ...process.env, BATON_LOG_LEVEL: 'silent', ...env },
    input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('baton CLI', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-cli-'));
  const env = { BATON_DATA_DIR: dataDir };

  it('adds a user, creates an API token that the server accepts, and refuses bad input with exit 2', async () => {
    expect(baton(['migrate'], env).stdout).toMatch(/Applied: 001-foundation/);
    const added = baton(['user', 'add', '--email', 'cli@example.com', '--name', 'Cli', '--admin', '--password-stdin'], env, 'a long password\n');
    expect(added.status).toBe(0);
    expect(added.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
    const created = baton(['token', 'create', '--email', 'cli@example.com', '--name', 'ci'], env);
    expect(created.status).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^baton_[\w-]{43}$/);

    const server = await startBaton(loadConfig({ ...env, BATON_PORT: '0', BATON_LOG_LEVEL: 'silent' }));
    try {
      const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(await me.json()).toMatchObject({ email: 'cli@example.com', isAdmin: true });
    } finally {
      await server.stop();
    }

    const duplicate = baton(['user', 'add', '--email', 'cli@example.com', '--name', 'Again'], env);
    expect(duplicate.status).toBe(2);
    expect(duplicate.stderr).toMatch(/already exists/);
    const unknown = baton(['token', 'create', '--email', 'ghost@example.com'], env);
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toBe('');
    const badConfig = baton(['serve'], { ...env, BATON_PORT: 'http', BATON_LOG_LEVEL: 'loud' });
    expect(badConfig.status).toBe(2);
    expect(badConfig.stderr).toMatch(/BATON_PORT/);
    expect(badConfig.stderr).toMatch(/BATON_LOG_LEVEL/);
  });

  it('keeps the setup link valid after an ordinary user is added first, and says how that user signs in', async () => {
    const fresh = { BATON_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'baton-cli-')) };
    const added = baton(['user', 'add', '--email', 'bob@example.com', '--name', 'Bob'], fresh);
    expect(added.status).toBe(0);
    expect(added.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
    expect(added.stderr).toContain('bob@example.com has no password yet, so they cannot sign in to the web app.');
    expect(added.stderr).toContain('baton user set-password --email bob@example.com');
    expect(added.stderr).toContain('baton token create --email bob@example.com');
    expect(added.stderr).toContain('No administrator exists yet: the setup link in the server log still creates the first one.');

    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(
          ...chunk
            .toString('utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as Record<string, unknown>),
        );
        done();
      },
    });
    const server = await startBaton(loadConfig({ ...fresh, BATON_PORT: '0' }), { log: pino({ level: 'info' }, sink) });
    try {
      const setupUrl = new URL(String(lines.find((l) => typeof l.setupUrl === 'string')?.setupUrl));
      expect(await (await fetch(`${server.url}/api/setup`)).json()).toEqual({ needed: true });
      const post = (url: string, body: unknown) =>
        fetch(`${server.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const setup = await post('/api/setup', { token: setupUrl.searchParams.get('token'), email: 'ada@example.com', name: 'Ada', password: 'a long password' });
      expect(setup.status).toBe(201);
      expect((await setup.json()).user).toMatchObject({ email: 'ada@example.com', isAdmin: true });
      expect(await (await fetch(`${server.url}/api/setup`)).json()).toEqual({ needed: false });

      expect((await post('/api/session', { email: 'bob@example.com', password: 'bobs long password' })).status).toBe(401);
      const set = baton(['user', 'set-password', '--email', 'bob@example.com'], fresh, 'bobs long password\n');
      expect(set).toMatchObject({ status: 0, stdout: 'bob@example.com can now sign in with the new password\n' });
      const signedIn = await post('/api/session', { email: 'bob@example.com', password: 'bobs long password' });
      expect(signedIn.status).toBe(200);
      expect((await signedIn.json()).user).toMatchObject({ email: 'bob@example.com', isAdmin: false });
    } finally {
      await server.stop();
    }
    const adminAdded = baton(['user', 'add', '--email', 'carol@example.com', '--name', 'Carol', '--password-stdin'], fresh, 'carols long password\n');
    expect(adminAdded).toMatchObject({ status: 0, stderr: '' });
    const short = baton(['user', 'set-password', '--email', 'bob@example.com'], fresh, 'short\n');
    expect(short).toMatchObject({ status: 2, stderr: 'baton: The password must be at least 10 characters (it is read from standard input)\n' });
    const ghost = baton(['user', 'set-password', '--email', 'ghost@example.com'], fresh, 'a long password\n');
    expect(ghost.status).toBe(2);
    expect(ghost.stderr).toMatch(/No user with email ghost@example.com/);
  });

  it('lists users, sets a password with passwd and deactivates, with --data-dir before or after the subcommand', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-cli-'));
    const noEnv = { BATON_DATA_DIR: '' };
    expect(baton(['--data-dir', dir, 'user', 'list'], noEnv)).toMatchObject({
      status: 0,
      stdout: 'No users yet; add one with: baton user add --email EMAIL --name NAME\n',
    });
    expect(
      baton(
        ['user', 'add', '--email', 'ann@example.com', '--name', 'Ann Admin', '--admin', '--password-stdin', '--data-dir', dir],
        noEnv,
        'anns long password\n',
      ).status,
    ).toBe(0);
    expect(baton(['--data-dir', dir, 'user', 'add', '--email', 'dee@example.com', '--name', 'Dee'], noEnv).status).toBe(0);
    expect(baton(['user', '--data-dir', dir, 'passwd', '--email', 'dee@example.com'], noEnv, 'dees long password\n')).toMatchObject({
      status: 0,
      stdout: 'dee@example.com can now sign in with the new password\n',
    });
    const token = baton(['token', 'create', '--email', 'dee@example.com', '--data-dir', dir], noEnv).stdout.trim();

    const table = baton(['user', 'list', '--data-dir', dir], noEnv);
    expect(table.stdout.split('\n')).toEqual([
      'EMAIL            NAME       ROLE    STATUS',
      'ann@example.com  Ann Admin  admin   active',
      'dee@example.com  Dee        member  active',
      '',
    ]);

    const server = await startBaton(loadConfig({ BATON_DATA_DIR: dir, BATON_PORT: '0', BATON_LOG_LEVEL: 'silent' }));
    try {
      const me = () => fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
      expect((await me()).status).toBe(200);
      const done = baton(['--data-dir', dir, 'user', 'deactivate', '--email', 'dee@example.com'], noEnv);
      expect(done).toMatchObject({ status: 0, stdout: 'Dee (dee@example.com) is deactivated: signed out everywhere, API tokens revoked\n' });
      expect((await me()).status).toBe(401);
    } finally {
      await server.stop();
    }
    expect(JSON.parse(baton(['user', 'list', '--json'], { BATON_DATA_DIR: dir }).stdout)).toEqual([
      { email: 'ann@example.com', name: 'Ann Admin', role: 'admin', status: 'active' },
      { email: 'dee@example.com', name: 'Dee', role: 'member', status: 'deactivated' },
    ]);
    const last = baton(['user', 'deactivate', '--email', 'ann@example.com', '--data-dir', dir], noEnv);
    expect(last.status).toBe(2);
    expect(last.stderr).toMatch(/only active administrator/);
    const ghost = baton(['user', 'deactivate', '--email', 'ghost@example.com', '--data-dir', dir], noEnv);
    expect(ghost).toMatchObject({ status: 2, stderr: 'baton: No user with email ghost@example.com; see who exists with: baton user list\n' });
  });

  it('creates a token that expires with --expires-in-days, and refuses a number of days that is not one', async () => {
    const expiring = baton(['token', 'create', '--email', 'cli@example.com', '--expires-in-days', '30'], env);
    expect(expiring.status).toBe(0);
    const check = openDatabase(path.join(dataDir, 'baton.sqlite'));
    const row = await check.kysely
      .selectFrom('api_tokens')
      .select('expires_at')
      .where('last4', '=', expiring.stdout.trim().slice(-4))
      .executeTakeFirstOrThrow();
    await check.destroy();
    expect(Date.parse(row.expires_at!) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const badExpiry = baton(['token', 'create', '--email', 'cli@example.com', '--expires-in-days', 'soon'], env);
    expect(badExpiry.status).toBe(2);
    expect(badExpiry.stderr).toMatch(/--expires-in-days must be a whole number/);
  });

  it('rotates the master key, re-sealing stored secrets so only the new key is needed', async () => {
    const before = loadMasterKeys({ dataDir, secretKey: null, create: false });
    const db = openDatabase(path.join(dataDir, 'baton.sqlite'));
    const sealed = new SecretBox(before).seal('whsec_example');
    const now = new Date().toISOString();
    await db.kysely
      .insertInto('projects')
      .values({
        id: crypto.randomUUID(),
        key: 'ROT',
        name: 'Rotate',
        provider: 'github',
        settings: '{}',
        branch_prefix: 'feature',
        draft_pull_requests: 0,
        ticket_counter: 0,
        webhook_secret_ciphertext: sealed,
        webhook_secret_created_at: now,
        previous_webhook_secret_ciphertext: null,
        previous_webhook_secret_expires_at: null,
        rejected_deliveries: 0,
        last_rejected_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();

    const rotated = baton(['keys', 'rotate'], env);
    expect(rotated.status).toBe(0);
    expect(rotated.stdout).toMatch(/Re-encrypted 1 secrets/);
    const after = loadMasterKeys({ dataDir, secretKey: null, create: false });
    expect(after).toHaveLength(1);
    expect(after[0]).not.toEqual(before[0]);
    const row = await db.kysely.selectFrom('projects').select('webhook_secret_ciphertext').where('key', '=', 'ROT').executeTakeFirstOrThrow();
    expect(new SecretBox(after).open(row.webhook_secret_ciphertext!)).toBe('whsec_example');
    expect(() => new SecretBox(before).open(row.webhook_secret_ciphertext!)).toThrow();
    await db.destroy();

    const doctor = baton(['doctor'], env);
    expect(doctor.status).toBe(0);
    expect(doctor.stdout).toMatch(/ok {3}stored secrets/);
    // The same database, but only a key that did not seal its secrets.
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-cli-'));
    fs.copyFileSync(path.join(dataDir, 'baton.sqlite'), path.join(elsewhere, 'baton.sqlite'));
    const wrongKey = baton(['doctor'], { BATON_DATA_DIR: elsewhere, BATON_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') });
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.stdout).toMatch(/FAIL stored secrets/);
  });
});
