/** Options every command shares, and the pieces the thin command modules reuse. */
import { loadCatalog } from '../catalog/load.js';
import type { Catalog } from '../catalog/types.js';
import type { GlobalArgs } from './table.js';

export type { GlobalArgs };

export async function catalogFor(args: GlobalArgs): Promise<Catalog> {
  const env = process.env._WINCEROOT;
  const winceRoot = args.winceRoot ?? (env ? env : undefined);
  const catalog = await loadCatalog(args.catalog ?? [], winceRoot === undefined ? {} : { winceRoot, winceRootFromEnv: args.winceRoot === undefined });
  // Problems in Platform Builder files that did not stop loading: one line each on stderr.
  for (const w of catalog.warnings ?? []) process.stderr.write(`wcecfg: warning: ${w.file}${w.line ? `:${w.line}` : ''}: ${w.message.replace(/[\r\n]+/g, ' ')}\n`);
  return catalog;
}

/** `(inferred)` after a fact that was not read in a primary source. */
export function mark(confidence: string | undefined): string {
  return confidence === 'inferred' ? ' (inferred)' : '';
}
