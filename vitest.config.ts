import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Integration and browser tests start servers and Chromium: two cores do not take more.
    maxWorkers: 2,
    // The JSON report lets .ci/run print the plain "N passed, N failed" line CI reads.
    reporters: ['default', ['json', { outputFile: '.cache/test-results.json' }]],
  },
});
