import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: the integration suites start servers; keep parallelism modest.
    pool: 'forks',
    maxWorkers: 2,
    env: {
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_DEV: 'false',
      // Handlers log and emit EMF to stdout; tests that assert on logs or metrics turn them back on themselves.
      POWERTOOLS_LOG_LEVEL: 'WARN',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
  },
});
