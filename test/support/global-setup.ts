import type { TestProject } from 'vitest/node';
import { buildIfStale } from './baton-cli.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let postgres: ThrowawayPostgres | undefined;

export async function setup(project: TestProject): Promise<void> {
  buildIfStale();
  const given = process.env.BATON_TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
    return;
  }
  postgres = await startThrowawayPostgres();
  project.provide('postgresUrl', postgres.url);
}

export async function teardown(): Promise<void> {
  await postgres?.stop();
}
