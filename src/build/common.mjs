// Shared by the build jobs: the package root, the output folder, and a loud failure.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const generated = join(root, 'src', 'generated');

/** Stop the build with a one-line reason naming the input. */
export function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}
