import { defineConfig } from 'vitest/config';

// Browser tests: one real Vigil server (built web app, fresh embedded database with the demo data),
// Debian's Chromium through playwright-core. Files run one after another against that server.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['e2e/support/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 240_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
