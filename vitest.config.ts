import { defineConfig } from 'vitest/config';
import { SummaryReporter } from './scripts/summary-reporter.ts';

export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'nodes/**/*.test.ts', 'server/**/*.test.ts', 'flows/**/*.test.ts', 'editor/e2e/**/*.e2e.test.ts', 'editor/src/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    // One embedded PostgreSQL for the whole run; each test file creates its own database in it.
    globalSetup: ['server/testing/postgres-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', new SummaryReporter()],
  },
});
