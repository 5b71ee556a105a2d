import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  // The same constant the bundle gets (src/build/bundle.mjs), for tests that import src/ directly.
  define: { __WCECFG_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.ts'],
    // One Wine prefix per run, booted by the first test file that needs it (test/wine.ts).
    globalSetup: ['test/support/wine-global.ts'],
    // Most tests wait on child processes (the CLI, Wine, nft...), not on a core: more test files
    // than cores run at once. (vitest's default, cores - 1, is one file at a time on 2 cores.)
    maxWorkers: 4,
    // Tests that start the CLI a dozen times wait on a busy machine; a timeout is not an assertion.
    testTimeout: 60_000,
  },
});
