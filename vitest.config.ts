import { defineConfig } from 'vitest/config';

// Tiers by file name (emmett style): *.unit.spec.ts beside the code, *.int.spec.ts and
// *.e2e.spec.ts under tests/ against a real server on port 0 and a real browser.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/src/**/*.unit.spec.ts', 'server/src/**/*.unit.spec.ts', 'client/src/**/*.unit.spec.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'int',
          include: ['tests/**/*.int.spec.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/**/*.e2e.spec.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
