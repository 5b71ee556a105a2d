import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  // The same constant the bundle gets (src/build/bundle.mjs), for tests that import src/ directly.
  define: { __WCECFG_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.ts'],
  },
});
