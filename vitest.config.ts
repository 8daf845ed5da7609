import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Integration and browser tests start servers and Chromium: two cores do not take more.
    maxWorkers: 2,
    // The JSON report lets .ci/run print the plain "N passed, N failed" line CI reads.
    reporters: ['default', ['json', { outputFile: '.cache/test-results.json' }]],
    projects: [
      { extends: true, test: { name: 'unit+integration', include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          // Chromium pages run after the integration files, not beside them: on two cores a
          // browser test next to livekit-server, ffmpeg and server start-ups waited over 10 s
          // for a page's scripts in CI, a stall of the machine rather than of the pages.
          sequence: { groupOrder: 1 },
          // One file at a time: a file already runs its server and several Chromium pages.
          maxWorkers: 1,
          // A browser test walks several pages, each step with its own 10 s bound and message;
          // this only caps the whole walk.
          testTimeout: 90_000,
        },
      },
    ],
  },
});
