import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Each file in its own process: the addon's state (seeds, grad mode, threads) stays per file.
    pool: 'forks',
    // test/memory.test.ts checks that garbage collection releases unscoped tensors: it needs global.gc.
    execArgv: ['--expose-gc'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
