import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One fast-check seed per run: FC_SEED, else fixed in CI, else random (printed on failure).
    setupFiles: ['test/helpers/configure-fast-check.ts'],
  },
});
