import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import type { Engine } from '../../src/db/database.ts';
import { type RunningBaton, type StartOptions, startBaton } from '../../src/main.ts';
import { createApiToken } from '../../src/services/api-tokens.ts';
import { createUser, type User } from '../../src/services/users.ts';
import { freshPostgresUrl } from './databases.ts';

export interface TestBaton extends RunningBaton {
  url: string;
  dataDir: string;
  /** A user with an API token, ready to call the API. */
  addUser(input?: { email?: string; name?: string; isAdmin?: boolean; password?: string }): Promise<TestUser>;
}

export interface TestUser extends User {
  token: string;
  api: ApiClient;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ApiClient {
  get<T = any>(path: string): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  patch<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  put<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  delete<T = any>(path: string): Promise<ApiResponse<T>>;
}

export function apiClient(baseUrl: string, headers: Record<string, string> = {}): ApiClient {
  const call = async (method: string, url: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as any, headers: response.headers };
  };
  return {
    get: (url) => call('GET', url),
    post: (url, body) => call('POST', url, body ?? {}),
    patch: (url, body) => call('PATCH', url, body ?? {}),
    put: (url, body) => call('PUT', url, body ?? {}),
    delete: (url) => call('DELETE', url),
  };
}

/** A real Baton server on loopback, on a fresh SQLite file or PostgreSQL database. */
export async function startTestBaton(opts: { engine?: Engine; env?: Record<string, string>; start?: StartOptions } = {}): Promise<TestBaton> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-srv-'));
  const databaseUrl = opts.engine === 'postgres' ? await freshPostgresUrl() : path.join(dataDir, 'baton.sqlite');
  const config = loadConfig({
    BATON_PORT: '0',
    BATON_DATA_DIR: dataDir,
    BATON_DATABASE_URL: databaseUrl,
    BATON_LOG_LEVEL: 'silent',
    BATON_ALLOWED_PROVIDER_HOSTS: '127.0.0.1,localhost',
    BATON_PUBLIC_URL: 'http://baton.test',
    ...opts.env,
  });
  const baton = await startBaton(config, {
    workerPollMs: 25,
    schedulerTickMs: 50,
    checkResponses: true,
    ...opts.start,
    providers: { writeSpacingMs: 0, retryDelayMs: 1, ...opts.start?.providers },
  });
  const url = baton.url!;
  let n = 0;
  return {
    ...baton,
    url,
    dataDir,
    async addUser(input = {}) {
      n += 1;
      const user = await createUser(baton.ctx.db.kysely, {
        email: input.email ?? `user${n}-${crypto.randomUUID().slice(0, 6)}@example.com`,
        name: input.name ?? `User ${n}`,
        password: input.password ?? null,
        isAdmin: input.isAdmin ?? false,
      });
      const { token } = await createApiToken(baton.ctx.db.kysely, user.id, 'test');
      return { ...user, token, api: apiClient(url, { authorization: `Bearer ${token}` }) };
    },
  };
}
