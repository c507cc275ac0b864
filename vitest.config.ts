import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds the web app (dist/web) when src/web changed: the daemon under test serves it.
    globalSetup: ['test/global-setup.ts'],
    // Each file gets its own database and servers on port 0; two cores make more forks pointless.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
