import { defineConfig } from 'vitest/config';

// Tests live in test/ and mirror src/. Oracle tests read ../shared (beside the checkout).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Opening PGlite (a WebAssembly Postgres) takes seconds on a busy 2-core machine.
    hookTimeout: 60_000,
  },
});
