import { defineConfig } from 'vitest/config';

/**
 * What StrykerJS runs against each mutant of `shared/` (`npm run mutation`): the unit tier,
 * which holds the pure domain's own tests (the integration tier would multiply the run time
 * by a hundred for the same code).
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    maxWorkers: 1,
  },
});
