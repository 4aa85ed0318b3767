import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: the integration suites start servers; keep parallelism modest.
    pool: 'forks',
    maxWorkers: 2,
    // What tests print through console shows for failing tests only.
    silent: 'passed-only',
    env: {
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_DEV: 'false',
      // Handlers log and emit EMF to stdout, past vitest's console capture; tests that assert on logs or metrics turn
      // them back on themselves. Faults that tests inject on purpose would otherwise print ~40 ERROR lines in a
      // passing run; POWERTOOLS_LOG_LEVEL=WARN npx vitest run … shows them when a failure needs them.
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
  },
});
