// A GitHub App as the fake GitHub holds it: its keys and secrets, installations, the codes a
// person brings back from authorising it, and the tokens it issues (all of which expire on the
// fake's clock, so tests can move time on).
import { generateKeyPairSync, type KeyObject, randomBytes, verify } from 'node:crypto';
import type { FakeRepo, FakeToken, FinePermission, Level } from './state.ts';

export interface FakeInstallation {
  id: number;
  /** The account (user or organisation login) it is installed on. */
  account: string;
  selection: 'all' | 'selected';
  /** Repository ids, when `selection` is 'selected'. */
  repositories: Set<number>;
  suspended: boolean;
  deleted: boolean;
}

export interface FakeAppSeed {
  id?: number;
  slug?: string;
  /** The account that owns the App's registration (created when missing). */
  owner?: string;
  clientId?: string;
  clientSecret?: string;
  webhookSecret?: string;
  permissions?: Partial<Record<FinePermission, Level>>;
  /** Whether user-to-server tokens expire (8 h) and come with a refresh token; GitHub's default for new Apps. */
  expiringUserTokens?: boolean;
}

/** GitHub's lifetimes: installation tokens an hour, user tokens 8 hours, refresh tokens about six months, codes 10 minutes. */
export const LIFETIME = { installation: 3600_000, user: 8 * 3600_000, refresh: 183 * 24 * 3600_000, code: 600_000 } as const;

const random = (prefix: string) => `${prefix}_${randomBytes(18).toString('base64url')}`;

export class FakeApp {
  readonly id: number;
  readonly slug: string;
  readonly owner: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly webhookSecret: string;
  readonly permissions: Partial<Record<FinePermission, Level>>;
  readonly expiringUserTokens: boolean;
  /** PEM, as GitHub lets the App owner download it: what Baton is configured with. */
  readonly privateKeyPem: string;
  readonly publicKey: KeyObject;
  readonly installations = new Map<number, FakeInstallation>();
  /** code → who authorised and until when it may be exchanged. */
  readonly codes = new Map<string, { login: string; expiresAt: number }>();
  readonly refreshTokens = new Map<string, { login: string; expiresAt: number }>();

  constructor(
    seed: FakeAppSeed,
    private readonly issue: (value: string, token: FakeToken) => void,
    private readonly forget: (predicate: (token: FakeToken) => boolean) => void,
    private readonly now: () => number,
    private readonly nextId: () => number,
  ) {
    this.id = seed.id ?? nextId();
    this.slug = seed.slug ?? 'baton-test';
    this.owner = seed.owner ?? 'baton-app-owners';
    this.clientId = seed.clientId ?? `Iv23li${randomBytes(7).toString('hex')}`;
    this.clientSecret = seed.clientSecret ?? randomBytes(20).toString('hex');
    this.webhookSecret = seed.webhookSecret ?? randomBytes(16).toString('hex');
    this.permissions = seed.permissions ?? { metadata: 'read', contents: 'write', pull_requests: 'write' };
    this.expiringUserTokens = seed.expiringUserTokens ?? true;
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKeyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    this.publicKey = publicKey;
  }

  /** The App's bot account, which installation tokens act as. */
  get botLogin(): string {
    return `${this.slug}[bot]`;
  }

  install(account: string, repositories: FakeRepo[] | 'all' = 'all'): FakeInstallation {
    const installation: FakeInstallation = {
      id: this.nextId(),
      account,
      selection: repositories === 'all' ? 'all' : 'selected',
      repositories: new Set(repositories === 'all' ? [] : repositories.map((r) => r.id)),
      suspended: false,
      deleted: false,
    };
    this.installations.set(installation.id, installation);
    return installation;
  }

  /** Uninstalling revokes the installation's tokens at once. */
  uninstall(installation: FakeInstallation): void {
    installation.deleted = true;
    this.forget((t) => t.kind === 'installation' && t.installationId === installation.id);
  }

  covers(installation: FakeInstallation, repo: FakeRepo): boolean {
    if (installation.deleted || installation.suspended) return false;
    if (installation.account.toLowerCase() !== repo.owner.toLowerCase()) return false;
    return installation.selection === 'all' || installation.repositories.has(repo.id);
  }

  /** The person authorised the App (on github.com): the code GitHub sends them back to the callback with. */
  authorize(login: string): string {
    const code = randomBytes(10).toString('hex');
    this.codes.set(code, { login, expiresAt: this.now() + LIFETIME.code });
    return code;
  }

  /** The person revoked the App's authorisation: every token and refresh token of theirs stops working. */
  revoke(login: string): void {
    const same = (l: string) => l.toLowerCase() === login.toLowerCase();
    this.forget((t) => t.kind === 'user-to-server' && t.appId === this.id && same(t.login));
    for (const [value, r] of this.refreshTokens) if (same(r.login)) this.refreshTokens.delete(value);
  }

  issueInstallationToken(installation: FakeInstallation): { token: string; expiresAt: Date } {
    const token = random('ghs');
    const expiresAt = new Date(this.now() + LIFETIME.installation);
    this.issue(token, { kind: 'installation', login: this.botLogin, installationId: installation.id, appId: this.id, expiresAt });
    return { token, expiresAt };
  }

  issueUserTokens(login: string) {
    const token = random('ghu');
    if (!this.expiringUserTokens) {
      this.issue(token, { kind: 'user-to-server', login, appId: this.id });
      return { access_token: token, scope: '', token_type: 'bearer' };
    }
    const refresh = random('ghr');
    this.issue(token, { kind: 'user-to-server', login, appId: this.id, expiresAt: new Date(this.now() + LIFETIME.user) });
    this.refreshTokens.set(refresh, { login, expiresAt: this.now() + LIFETIME.refresh });
    return {
      access_token: token,
      expires_in: LIFETIME.user / 1000,
      refresh_token: refresh,
      refresh_token_expires_in: LIFETIME.refresh / 1000,
      scope: '',
      token_type: 'bearer',
    };
  }

  /**
   * Checks an App JWT the way GitHub does: RS256 under this App's key, `iss` the App ID or
   * client ID, `iat` not in the future, `exp` in the future and at most 10 minutes after `iat`.
   * Returns GitHub's complaint, or null when it is good.
   */
  jwtProblem(jwt: string): string | null {
    const [header, claims, signature] = jwt.split('.');
    if (!header || !claims || !signature) return 'A JSON web token could not be decoded';
    let parsed: { alg?: unknown; iat?: unknown; exp?: unknown; iss?: unknown };
    try {
      if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'RS256') return 'A JSON web token could not be decoded';
      parsed = JSON.parse(Buffer.from(claims, 'base64url').toString());
    } catch {
      return 'A JSON web token could not be decoded';
    }
    if (!verify('sha256', Buffer.from(`${header}.${claims}`), this.publicKey, Buffer.from(signature, 'base64url'))) {
      return 'A JSON web token could not be decoded';
    }
    const seconds = Math.floor(this.now() / 1000);
    const { iat, exp, iss } = parsed;
    if (String(iss) !== String(this.id) && iss !== this.clientId) return "'Issuer' claim ('iss') must be an Integer or the client ID of the GitHub App";
    if (typeof iat !== 'number' || iat > seconds + 60)
      return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued.";
    if (typeof exp !== 'number' || exp <= seconds)
      return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.";
    if (exp - iat > 600) return "'Expiration time' claim ('exp') is too far in the future.";
    return null;
  }
}
