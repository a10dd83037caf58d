import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Compiled output holds copies of nothing we test, but never let vitest wander into it.
    exclude: ['dist/**', 'node_modules/**'],
    // A private TMPDIR per run; the run fails if a test leaves a temporary folder in it.
    globalSetup: ['test/support/tmpGuard.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
