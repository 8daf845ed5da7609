import { defineConfig } from 'vitest/config';

/**
 * What StrykerJS runs against each mutant of the server's domain paths (grants, the meeting
 * registry, the caption hub, links): unit and integration tiers, real servers on port 0. The
 * browser tier needs a built client, which mutants never reach.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    exclude: ['test/integration/startup.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
  },
});
