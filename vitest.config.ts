import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    // Compiling every workflow and fixture loads TypeScript through tsx; give slow CI machines room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
