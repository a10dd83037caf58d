import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Compiled output holds copies of nothing we test, but never let vitest wander into it.
    exclude: ['dist/**', 'node_modules/**'],
    // A private TMPDIR per run; the run fails if a test leaves a temporary folder in it.
    globalSetup: ['test/support/tmpGuard.ts'],
    // Two test files at a time on the 2-core machine (vitest's default is the cores less one: one):
    // many files wait on the CLI processes they spawn. The whole suite, measured: 497.6 s with one
    // worker, 425.2 s with two (2026-12-06), every test passing in both.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
