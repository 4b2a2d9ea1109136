import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * One command runs everything (`npm test`): fast unit tests, and integration tests against real
 * PostgreSQL (TEST_DATABASE_URL's server, or an embedded one started by the global setup).
 */
export default defineConfig({
  resolve: {
    // Tests run against the contracts' sources, so they never depend on a stale build.
    alias: {
      // Before the package name: an alias also matches the paths below it.
      '@tafuta/contracts/constants': fileURLToPath(
        new URL('packages/contracts/src/constants.ts', import.meta.url),
      ),
      '@tafuta/contracts/weekdays': fileURLToPath(
        new URL('packages/contracts/src/weekdays.ts', import.meta.url),
      ),
      '@tafuta/contracts/photos': fileURLToPath(new URL('packages/contracts/src/photos.ts', import.meta.url)),
      '@tafuta/contracts': fileURLToPath(new URL('packages/contracts/src/index.ts', import.meta.url)),
    },
  },
  test: {
    // The JSON report feeds the one-line summary that CI prints (scripts/test-summary.mjs).
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['apps/api/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'scripts/**/*.test.mjs'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          // Web app guards (i18n catalogues, pure helpers) and the local lint rule; node only (no DOM).
          name: 'web',
          include: ['apps/web/src/**/*.test.{ts,tsx}', 'eslint-rules/**/*.test.js'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['apps/api/src/**/*.int.test.ts'],
          environment: 'node',
          globalSetup: ['apps/api/src/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['apps/api/src/test/global-setup.ts', 'e2e/web-build-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // Operations: Caddy, PM2, backups and the shell scripts, each driven for real on this machine.
          name: 'ops',
          include: ['deploy/test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['apps/api/src/test/global-setup.ts', 'e2e/web-build-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['apps/api/src/**/*.ts', 'packages/contracts/src/**/*.ts'],
      exclude: ['**/*.test.ts', 'apps/api/src/test/**'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 70 },
    },
  },
});
