import { defineConfig } from 'vitest/config';

// Tests live in test/ and mirror src/. Oracle tests read ../shared (beside the checkout).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
