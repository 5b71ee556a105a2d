/** Options every command shares, and the pieces the thin command modules reuse. */
import { loadCatalog } from '../catalog/load.js';
import type { Catalog } from '../catalog/types.js';
import type { GlobalArgs } from './table.js';

export type { GlobalArgs };

export async function catalogFor(args: GlobalArgs): Promise<Catalog> {
  return loadCatalog(args.catalog ?? []);
}

/** `(inferred)` after a fact that was not read in a primary source. */
export function mark(confidence: string | undefined): string {
  return confidence === 'inferred' ? ' (inferred)' : '';
}
