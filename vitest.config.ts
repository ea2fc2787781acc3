import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    // Only a hang detector: several suites may share two busy cores, and a slow test is not a failure.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll waits for a condition; its default second is too short on a busy machine.
    expect: { poll: { timeout: 30_000 } },
    pool: 'forks',
  },
});
