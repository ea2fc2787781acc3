import { defineConfig } from 'vitest/config';

// Browser journeys: each test file starts real Baton servers (temp SQLite data dirs) and
// drives Debian's Chromium through playwright-core. One fork, files one after another, so
// browsers and servers never compete for the CPU and timeouts stay meaningful.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/browser/support/build-web.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll waits for a condition; its default second is too short on a busy machine.
    expect: { poll: { timeout: 30_000 } },
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
