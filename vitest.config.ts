import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds the web app (dist/web) when src/web changed: the daemon under test serves it.
    globalSetup: ['test/global-setup.ts'],
    // Each file gets its own database and servers on port 0; two cores make more forks pointless.
    pool: 'forks',
    maxWorkers: 2,
    // Files in a worker share its loaded modules: importing the daemon's module graph once per
    // worker instead of once per file took CI from 460 s to 340 s per engine. Every file builds
    // its own app, database and clock, and module-level state is read-only (constants, schemas);
    // a stubbed global is put back after each test.
    isolate: false,
    unstubGlobals: true,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
