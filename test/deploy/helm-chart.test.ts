// The Helm chart under deploy/helm/baton, rendered by the real helm binary: its values.yaml meets
// its values.schema.json, helm refuses values that cannot work and says where, and no secret
// appears in clear in what it renders (with existingSecret set, no secret material at all).
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
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

function render(values: Record<string, string | number | boolean> = {}): { text: string; manifests: Manifest[] } {
  const result = helm(['template', 'rel', CHART, ...setArgs(values)]);
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

    // A secret given both ways is refused, and helm's message does not repeat it.
    const message = refused({ 'credentials.existingSecret': 'baton-github-app', 'credentials.github.client_secret': 'client-secret-sentinel' });
    expect(message).toMatch(/credentials\/github\/client_secret/);
    expect(message).not.toContain('sentinel');
    expect(refused({ 'database.existingSecret': 'baton-db', 'database.url': SECRETS['database.url'] })).not.toContain('sentinel');
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
