import { defineConfig } from 'vitest/config';

// Two cores here: forks keep native drivers (better-sqlite3, DuckDB)
// isolated, and two workers keep the PostgreSQL server responsive.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
