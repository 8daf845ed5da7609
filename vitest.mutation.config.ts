import { defineConfig } from 'vitest/config';

/**
 * What StrykerJS runs against each mutant of `shared/` (`npm run mutation`): the unit tier,
 * which holds the pure domain's own tests (the integration tier would multiply the run time
 * by a hundred for the same code). `MUTATION_TESTS` (comma-separated globs) narrows it to a
 * folder's own tests, so one folder can be measured in minutes on a busy machine: a mutant
 * only some other rule's test happens to notice then counts as surviving.
 */
const only = process.env.MUTATION_TESTS?.split(',').filter(Boolean);

export default defineConfig({
  test: {
    include: only?.length ? only : ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    maxWorkers: 1,
  },
});
