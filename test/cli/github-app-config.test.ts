import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import type { FakeApp } from '../fakes/github/app.ts';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/server.ts';
import { batonArgs } from '../support/baton-cli.ts';

const run = promisify(execFile);

function appEnv(app: FakeApp, baseUrl: string, privateKey = app.privateKeyPem): Record<string, string> {
  return {
    BATON_GITHUB_APP_ID: String(app.id),
    BATON_GITHUB_APP_SLUG: app.slug,
    BATON_GITHUB_APP_CLIENT_ID: app.clientId,
    BATON_GITHUB_APP_CLIENT_SECRET: app.clientSecret,
    BATON_GITHUB_APP_PRIVATE_KEY: privateKey,
    BATON_GITHUB_APP_WEBHOOK_SECRET: app.webhookSecret,
    BATON_GITHUB_APP_BASE_URL: baseUrl,
  };
}

function configProblems(env: Record<string, string>, flags = {}): string[] {
  try {
    loadConfig(env, flags);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('GitHub App configuration', () => {
  let fake: FakeGitHub;
  let app: FakeApp;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-app-'));

  beforeAll(async () => {
    fake = await startFakeGitHub({ pathPrefix: '/api/v3' });
    app = fake.state.registerApp({ slug: 'baton-acme' });
  });
  afterAll(() => fake.close());

  it('reads the App from the environment: the key as PEM text (newlines written \\n too) or as a file, the base URL for Enterprise Server', () => {
    const keyFile = path.join(dir, 'app.pem');
    fs.writeFileSync(keyFile, app.privateKeyPem);
    const fromFile = loadConfig(appEnv(app, `${fake.url}/`, keyFile)).githubApp;
    expect(fromFile).toEqual({
      appId: String(app.id),
      slug: 'baton-acme',
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      privateKey: app.privateKeyPem,
      webhookSecret: app.webhookSecret,
      baseUrl: fake.url,
    });
    const escaped = app.privateKeyPem.replace(/\n/g, '\\n');
    expect(loadConfig(appEnv(app, fake.url, escaped)).githubApp?.privateKey).toBe(app.privateKeyPem);
    const { BATON_GITHUB_APP_BASE_URL: _, ...dotCom } = appEnv(app, fake.url);
    expect(loadConfig(dotCom).githubApp?.baseUrl).toBe('https://api.github.com');
    expect(loadConfig({}).githubApp).toBeNull();
  });

  it('takes the non-secret settings from flags too, over the environment', () => {
    const keyFile = path.join(dir, 'flag.pem');
    fs.writeFileSync(keyFile, app.privateKeyPem);
    const env = { ...appEnv(app, fake.url), BATON_GITHUB_APP_ID: '1', BATON_GITHUB_APP_PRIVATE_KEY: 'nowhere.pem' };
    const flags = {
      githubAppId: String(app.id),
      githubAppSlug: 'other-slug',
      githubAppPrivateKey: keyFile,
      githubAppBaseUrl: 'https://ghe.example.com/api/v3',
    };
    expect(loadConfig(env, flags).githubApp).toMatchObject({ appId: String(app.id), slug: 'other-slug', baseUrl: 'https://ghe.example.com/api/v3' });
  });

  it('refuses a half-configured App, naming every missing or bad variable, and never echoes the key', () => {
    expect(configProblems({ BATON_GITHUB_APP_ID: '12', BATON_GITHUB_APP_SLUG: 'Not A Slug' })).toEqual([
      'BATON_GITHUB_APP_SLUG: must be the app name as it appears in its URL, github.com/apps/<slug>',
      'BATON_GITHUB_APP_CLIENT_ID: required for the GitHub App (BATON_GITHUB_APP_ID is set)',
      'BATON_GITHUB_APP_CLIENT_SECRET: required for the GitHub App (BATON_GITHUB_APP_ID is set)',
      'BATON_GITHUB_APP_PRIVATE_KEY: required for the GitHub App (BATON_GITHUB_APP_ID is set)',
      'BATON_GITHUB_APP_WEBHOOK_SECRET: required for the GitHub App (BATON_GITHUB_APP_ID is set)',
    ]);
    const notAKey = '-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0LWJ1dC1icm9rZW4=\n-----END RSA PRIVATE KEY-----';
    const problems = configProblems({ ...appEnv(app, fake.url, notAKey), BATON_GITHUB_APP_ID: 'abc' });
    expect(problems).toEqual([
      'BATON_GITHUB_APP_ID: must be the numeric App ID from the App settings page',
      'BATON_GITHUB_APP_PRIVATE_KEY: not an RSA private key in PEM form; generate one under the App settings → Private keys',
    ]);
    expect(problems.join()).not.toContain('c2VjcmV0');
    expect(configProblems(appEnv(app, fake.url, path.join(dir, 'missing.pem')))).toEqual([
      'BATON_GITHUB_APP_PRIVATE_KEY: neither a PEM private key nor a readable file; give the key GitHub generated (the .pem file or its text)',
    ]);
  });

  it('baton doctor signs a JWT and asks GitHub for the App: ok with the right key, FAIL naming what to check with another', async () => {
    const doctor = async (env: Record<string, string>) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-doctor-'));
      const childEnv = { ...process.env, BATON_LOG_LEVEL: 'silent', BATON_DATA_DIR: dataDir, BATON_ALLOWED_PROVIDER_HOSTS: '127.0.0.1', ...env };
      await run(process.execPath, batonArgs(['migrate']), { env: childEnv });
      return run(process.execPath, batonArgs(['doctor']), { env: childEnv }).then(
        (r) => ({ code: 0, stdout: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
      );
    };
    const good = await doctor(appEnv(app, fake.url));
    expect(good.stdout).toContain(`ok   GitHub App: baton-acme (App ID ${app.id}) on ${new URL(fake.url).host} accepted a JWT signed with the private key`);
    expect(good.code).toBe(0);

    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const bad = await doctor(appEnv(app, fake.url, stranger));
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL GitHub App: .* refused the App's JWT \(.*A JSON web token could not be decoded\); check that BATON_GITHUB_APP_CLIENT_ID/);
    expect(fake.calls.filter((c) => c.path === '/app').map((c) => c.status)).toEqual([200, 401]);
  });
});
