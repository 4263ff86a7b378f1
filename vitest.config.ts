import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Statistical and end-to-end tests run real campaigns: seconds, not milliseconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
