// The Helm chart under deploy/helm/baton, rendered by the real helm binary: its values.yaml meets
// its values.schema.json, helm refuses values that cannot work and says where, and no secret
// appears in clear in what it renders (with existingSecret set, no secret material at all). The
// environment it renders, read through its Secret, is one Baton's own configuration accepts.
import { generateKeyPairSync, verify } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config.ts';
import { createAppJwtSigner } from '../../src/providers/github/app/jwt.ts';
import { HELM_VERSION, helm, helmBinary } from '../support/helm.ts';

const CHART = path.resolve('deploy/helm/baton');
const KEY = Buffer.alloc(32, 7).toString('base64');

// Recognisable values for every secret, so the test can look for them in what helm renders.
const SECRETS = {
  'secretKey.value': KEY,
  'database.url': 'postgres://baton:db-password-sentinel@db.internal:5432/baton',
  'credentials.github.client_secret': 'client-secret-sentinel',
  'credentials.github.private_key': '-----BEGIN RSA PRIVATE KEY-----\nprivate-key-sentinel\n-----END RSA PRIVATE KEY-----',
  'credentials.git_webhook_secret': 'webhook-secret-sentinel',
};
const IDENTIFIERS = { 'credentials.github.app_name': 'baton-for-acme', 'credentials.github.app_id': '123456', 'credentials.github.client_id': 'Iv1.abc123' };

interface Manifest {
  kind: string;
  metadata: { name: string };
  spec?: any;
  data?: Record<string, string>;
}

function setArgs(values: Record<string, string | number | boolean>): string[] {
  // --set-string keeps ids and keys as strings; numbers and booleans go through --set.
  return Object.entries(values).flatMap(([k, v]) => (typeof v === 'string' ? ['--set-string', `${k}=${v}`] : ['--set', `${k}=${v}`]));
}

/** `files` are values read from files, as `--set-file` does (a PEM key keeps its newlines). */
function render(values: Record<string, string | number | boolean> = {}, files: Record<string, string> = {}): { text: string; manifests: Manifest[] } {
  const fileArgs = Object.entries(files).flatMap(([k, file]) => ['--set-file', `${k}=${file}`]);
  const result = helm(['template', 'rel', CHART, ...setArgs(values), ...fileArgs]);
  if (!result.ok) throw new Error(result.stderr);
  const manifests = parseAllDocuments(result.stdout)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
  return { text: result.stdout, manifests };
}

function refused(values: Record<string, string | number | boolean>): string {
  const result = helm(['template', 'rel', CHART, ...setArgs(values)]);
  expect(result.ok).toBe(false);
  return result.stderr;
}

const deployments = (ms: Manifest[]) => ms.filter((m) => m.kind === 'Deployment');
const container = (d: Manifest) => d.spec.template.spec.containers[0];
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef: { name: string; key: string; optional?: boolean } };
}
const envOf = (d: Manifest): Record<string, EnvVar> => Object.fromEntries((container(d).env as EnvVar[]).map((e) => [e.name, e]));

/** A Secret as `kubectl create secret generic` makes it. */
const secretOf = (name: string, data: Record<string, string>): Manifest => ({
  kind: 'Secret',
  metadata: { name },
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
});

/** The environment a pod of `d` starts with, as the kubelet builds it: plain values and keys of the Secrets among `manifests`. */
function podEnvironment(manifests: Manifest[], d: Manifest): Record<string, string> {
  const secrets = new Map(manifests.filter((m) => m.kind === 'Secret').map((m) => [m.metadata.name, m.data ?? {}]));
  return Object.fromEntries(
    (container(d).env as EnvVar[]).flatMap((e) => {
      if (e.value !== undefined) return [[e.name, e.value]];
      const ref = e.valueFrom!.secretKeyRef;
      const encoded = secrets.get(ref.name)?.[ref.key];
      if (encoded === undefined && ref.optional) return [];
      if (encoded === undefined) throw new Error(`${e.name}: no key ${ref.key} in a Secret ${ref.name}`);
      return [[e.name, Buffer.from(encoded, 'base64').toString('utf8')]];
    }),
  );
}

// The App's key pair, as GitHub generates it (PKCS#1 PEM).
const APP_KEY = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

describe('Helm chart', () => {
  beforeAll(() => {
    helmBinary();
  }, 300_000);

  it('runs the real helm', () => {
    expect(helm(['version', '--short']).stdout).toMatch(new RegExp(`^${HELM_VERSION.replaceAll('.', '\\.')}`));
  });

  it('validates its own values.yaml against values.schema.json, and the schema rejects what helm rejects', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(CHART, 'values.schema.json'), 'utf8'));
    const values = parse(fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(values), JSON.stringify(validate.errors)).toBe(true);

    const broken = [
      { ...values, replicaCount: 'two' },
      { ...values, replicaCount: 2 },
      { ...values, worker: { ...values.worker, enabled: true }, database: { ...values.database, url: 'postgres://h/db' } },
      { ...values, database: { ...values.database, url: 'mysql://h/db' } },
      { ...values, secretKey: { ...values.secretKey, value: 'too-short' } },
      { ...values, credentials: { ...values.credentials, existingSecret: 'creds', git_webhook_secret: 'also here' } },
      { ...values, publicUrl: 'baton.example.com' },
      { ...values, credentials: { ...values.credentials, github: { ...values.credentials.github, app_name: 'baton-for-acme', client_id: 'Iv1.abc' } } },
      { ...values, credentials: { ...values.credentials, git_webhook_secret: 'only this' } },
      { ...values, credentials: { ...values.credentials, github: { ...values.credentials.github, base_url: 'ghe.example.com' } } },
      { ...values, replicas: 2 },
    ];
    expect(broken.map((v) => validate(v))).toEqual(broken.map(() => false));
    expect(helm(['lint', CHART, '--strict']).ok).toBe(true);
  });

  it('renders one Baton, not root, probed on /healthz and /readyz, with its data on a volume claim', () => {
    const { manifests } = render();
    expect(manifests.map((m) => m.kind).sort()).toEqual(['Deployment', 'PersistentVolumeClaim', 'Service']);
    const [baton] = deployments(manifests);
    expect(baton.spec.strategy).toEqual({ type: 'Recreate' });
    expect(baton.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container(baton).securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(container(baton).livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container(baton).readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container(baton).volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
    expect(baton.spec.template.spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'rel-baton' } });
    expect(envOf(baton).BATON_DATA_DIR).toEqual({ name: 'BATON_DATA_DIR', value: '/data' });
    expect(envOf(baton).BATON_ROLE).toEqual({ name: 'BATON_ROLE', value: 'all' });
    expect(envOf(baton).BATON_PUBLIC_URL).toEqual({ name: 'BATON_PUBLIC_URL', value: 'http://localhost:3000' });
    expect(envOf(baton).BATON_SECRET_KEY).toBeUndefined();
  });

  it('keeps values given in clear in its own Secret, referenced by every variable, never as a plain value', () => {
    const { text, manifests } = render({ ...SECRETS, ...IDENTIFIERS, publicUrl: 'https://baton.example.com' });
    const secret = manifests.find((m) => m.kind === 'Secret')!;
    const decoded = Object.fromEntries(Object.entries(secret.data!).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
    expect(decoded).toEqual({
      'secret-key': KEY,
      'database-url': SECRETS['database.url'],
      app_name: 'baton-for-acme',
      app_id: '123456',
      client_id: 'Iv1.abc123',
      client_secret: 'client-secret-sentinel',
      private_key: SECRETS['credentials.github.private_key'],
      git_webhook_secret: 'webhook-secret-sentinel',
    });
    for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);
    expect(text).not.toContain('sentinel');

    const env = envOf(deployments(manifests)[0]);
    const ref = (name: string) => env[name];
    const mapping = {
      BATON_SECRET_KEY: 'secret-key',
      BATON_DATABASE_URL: 'database-url',
      BATON_GITHUB_APP_SLUG: 'app_name',
      BATON_GITHUB_APP_ID: 'app_id',
      BATON_GITHUB_APP_CLIENT_ID: 'client_id',
      BATON_GITHUB_APP_CLIENT_SECRET: 'client_secret',
      BATON_GITHUB_APP_PRIVATE_KEY: 'private_key',
      BATON_GITHUB_APP_WEBHOOK_SECRET: 'git_webhook_secret',
    };
    for (const [name, key] of Object.entries(mapping)) {
      expect(ref(name), name).toEqual({ name, valueFrom: { secretKeyRef: { name: 'rel-baton', key } } });
    }
  });

  it('with existingSecret set renders no secret at all: every variable points into the Secrets people manage', () => {
    const { text, manifests } = render({
      'secretKey.existingSecret': 'baton-key',
      'database.existingSecret': 'baton-db',
      'credentials.existingSecret': 'baton-github-app',
      replicaCount: 2,
    });
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    expect(text).not.toMatch(/^\s*(data|stringData):/m);
    const env = envOf(deployments(manifests)[0]);
    expect(env.BATON_SECRET_KEY).toEqual({ name: 'BATON_SECRET_KEY', valueFrom: { secretKeyRef: { name: 'baton-key', key: 'secret-key' } } });
    expect(env.BATON_DATABASE_URL).toEqual({ name: 'BATON_DATABASE_URL', valueFrom: { secretKeyRef: { name: 'baton-db', key: 'database-url' } } });
    expect(env.BATON_GITHUB_APP_PRIVATE_KEY).toEqual({
      name: 'BATON_GITHUB_APP_PRIVATE_KEY',
      valueFrom: { secretKeyRef: { name: 'baton-github-app', key: 'github-app-private-key', optional: true } },
    });
    expect(env.BATON_GITHUB_APP_SLUG.valueFrom?.secretKeyRef).toMatchObject({ name: 'baton-github-app', key: 'github-app-name' });
    const plain = Object.values(env).filter((e) => e.name.match(/SECRET|KEY|DATABASE|GITHUB/) && 'value' in e);
    expect(plain).toEqual([]);

    // The Secrets made as the README shows, under the default keys: Baton starts with that environment and the App.
    const managed = [
      secretOf('baton-key', { 'secret-key': KEY }),
      secretOf('baton-db', { 'database-url': SECRETS['database.url'] }),
      secretOf('baton-github-app', {
        'github-app-name': 'baton-for-acme',
        'github-app-id': '123456',
        'github-app-client-id': 'Iv1.abc123',
        'github-app-client-secret': 'client-secret-sentinel',
        'github-app-webhook-secret': 'webhook-secret-sentinel',
        'github-app-private-key': APP_KEY.privateKey,
      }),
    ];
    const config = loadConfig(podEnvironment([...manifests, ...managed], deployments(manifests)[0]));
    expect(config.databaseUrl).toBe(SECRETS['database.url']);
    expect(config.githubApp).toMatchObject({ appId: '123456', slug: 'baton-for-acme', clientId: 'Iv1.abc123', privateKey: APP_KEY.privateKey });

    // A secret given both ways is refused, and helm's message does not repeat it.
    const message = refused({ 'credentials.existingSecret': 'baton-github-app', 'credentials.github.client_secret': 'client-secret-sentinel' });
    expect(message).toMatch(/credentials\/github\/client_secret/);
    expect(message).not.toContain('sentinel');
    expect(refused({ 'database.existingSecret': 'baton-db', 'database.url': SECRETS['database.url'] })).not.toContain('sentinel');
  });

  it('configures the GitHub App Baton runs as: the pod environment, read through the Secret, is one Baton accepts, key intact', () => {
    const { privateKey, publicKey } = APP_KEY;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-chart-'));
    const keyFile = path.join(dir, 'baton.private-key.pem');
    fs.writeFileSync(keyFile, privateKey);
    try {
      const { text, manifests } = render(
        {
          ...IDENTIFIERS,
          'credentials.github.client_secret': 'client-secret-sentinel',
          'credentials.git_webhook_secret': 'webhook-secret-sentinel',
          'credentials.github.base_url': 'https://ghe.example.com/api/v3',
        },
        { 'credentials.github.private_key': keyFile },
      );
      // The key's lines are in no manifest in clear; the Enterprise Server root is no secret.
      for (const line of privateKey.split('\n').filter((l) => l.length > 40)) expect(text).not.toContain(line);
      expect(text).not.toContain('sentinel');
      const [baton] = deployments(manifests);
      expect(envOf(baton).BATON_GITHUB_APP_BASE_URL).toEqual({ name: 'BATON_GITHUB_APP_BASE_URL', value: 'https://ghe.example.com/api/v3' });

      const config = loadConfig(podEnvironment(manifests, baton));
      expect(config.githubApp).toEqual({
        appId: '123456',
        slug: 'baton-for-acme',
        clientId: 'Iv1.abc123',
        clientSecret: 'client-secret-sentinel',
        privateKey,
        webhookSecret: 'webhook-secret-sentinel',
        baseUrl: 'https://ghe.example.com/api/v3',
      });
      // The key survived --set-file, the Secret and the environment: its JWT verifies with the public half.
      const jwt = createAppJwtSigner({ issuer: config.githubApp!.clientId, privateKey: config.githubApp!.privateKey }).sign();
      const [header, claims, signature] = jwt.split('.');
      expect(verify('sha256', Buffer.from(`${header}.${claims}`), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    // Without the App, Baton runs without one; half an App is refused before anything renders, naming what is missing.
    const plain = render().manifests;
    expect(loadConfig(podEnvironment(plain, deployments(plain)[0])).githubApp).toBeNull();
    const half = refused({ 'credentials.github.app_name': 'baton-for-acme', 'credentials.github.client_secret': 'client-secret-sentinel' });
    for (const missing of ['app_id', 'client_id', 'private_key', 'git_webhook_secret']) expect(half).toContain(missing);
    expect(half).not.toContain('sentinel');
    expect(refused({ 'credentials.github.base_url': 'ghe.example.com' })).toMatch(/credentials\/github\/base_url/);
  });

  it('refuses several processes without PostgreSQL and a shared key, and runs them without a volume claim when given', () => {
    expect(refused({ replicaCount: 2 })).toMatch(/database\/url[\s\S]*secretKey\/value/);
    expect(refused({ replicaCount: 2, 'database.url': SECRETS['database.url'] })).toMatch(/secretKey\/value/);
    expect(refused({ 'worker.enabled': true, 'secretKey.value': KEY })).toMatch(/database\/url/);

    const { manifests } = render({ replicaCount: 3, 'database.url': SECRETS['database.url'], 'secretKey.value': KEY });
    const [baton] = deployments(manifests);
    expect(baton.spec.replicas).toBe(3);
    expect(baton.spec.strategy).toBeUndefined();
    expect(baton.spec.template.spec.volumes).toContainEqual({ name: 'data', emptyDir: {} });
    expect(manifests.filter((m) => m.kind === 'PersistentVolumeClaim')).toEqual([]);
  });

  it('splits into api and worker Deployments: the Service reaches only api, the worker serves no HTTP', () => {
    const { manifests } = render({ 'worker.enabled': true, 'worker.replicaCount': 2, 'database.url': SECRETS['database.url'], 'secretKey.value': KEY });
    const byName = Object.fromEntries(deployments(manifests).map((d) => [d.metadata.name, d]));
    expect(Object.keys(byName).sort()).toEqual(['rel-baton-api', 'rel-baton-worker']);
    expect(envOf(byName['rel-baton-api']).BATON_ROLE.value).toBe('api');
    expect(envOf(byName['rel-baton-worker']).BATON_ROLE.value).toBe('worker');
    expect(byName['rel-baton-worker'].spec.replicas).toBe(2);
    expect(container(byName['rel-baton-worker']).ports).toBeUndefined();
    expect(container(byName['rel-baton-worker']).livenessProbe).toBeUndefined();
    expect(container(byName['rel-baton-api']).readinessProbe.httpGet.path).toBe('/readyz');
    const service = manifests.find((m) => m.kind === 'Service')!;
    expect(service.spec.selector['app.kubernetes.io/component']).toBe('api');
  });

  it('routes the ingress host to the service and takes resources as given', () => {
    const { manifests } = render({
      'ingress.enabled': true,
      'ingress.className': 'nginx',
      'ingress.hosts[0].host': 'baton.example.com',
      'ingress.hosts[0].paths[0].path': '/',
      'resources.limits.memory': '1Gi',
    });
    const ingress = manifests.find((m) => m.kind === 'Ingress')!;
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.rules[0]).toMatchObject({
      host: 'baton.example.com',
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'rel-baton', port: { name: 'http' } } } }] },
    });
    expect(container(deployments(manifests)[0]).resources.limits.memory).toBe('1Gi');
  });
});
