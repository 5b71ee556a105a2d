/**
 * The limits wcecfg enforces on what it reads, in one place (the README's "Safety" section lists
 * them). Each is far above any real OS design or OEM catalog and low enough that a hostile or broken
 * input is refused with one line instead of exhausting memory or time.
 */

/** Largest input file read (design, catalog component, manifest, template, output manifest): 16 MiB. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;
/** Most components in the built-in catalog plus every --catalog directory. */
export const MAX_CATALOG_ITEMS = 250_000;
/** Most requirement edges over the whole catalog. */
export const MAX_CATALOG_EDGES = 2_500_000;
/** Most Sysgen ids a design may select (or exclude, or clear). */
export const MAX_SELECTION = 250_000;
/** Deepest JSON nesting wcecfg's error locator walks. */
export const MAX_JSON_DEPTH = 512;

import { UserError } from './errors.js';

const n = (x: number) => x.toLocaleString('en-US');
export const bytes = (x: number) => (x >= 1024 * 1024 && x % (1024 * 1024) === 0 ? `${x / (1024 * 1024)} MiB` : `${n(x)} bytes`);

/** The one-line reason when a count goes over its limit, or undefined. */
function overLimit(what: string, count: number, limit: number): string | undefined {
  return count > limit ? `${n(count)} ${what} is more than wcecfg's limit of ${n(limit)} (README, "Safety")` : undefined;
}

/** Throw the one-line reason when a count read from `file` goes over its limit. */
export function enforceLimit(file: string, what: string, count: number, limit: number): void {
  const why = overLimit(what, count, limit);
  if (why) throw new UserError(`${file}: ${why}`);
}
