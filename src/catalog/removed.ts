import { readJson } from '../jsonfile.js';
import { builtinCatalogDir } from '../paths.js';
import { join } from 'node:path';

/** Sysgen variables removed in CE 5.0 (catalog/removed.json, from ms923645). */
export function removedVariables(): Set<string> {
  const { value } = readJson(join(builtinCatalogDir, 'removed.json'));
  return new Set((value as { removed: string[] }).removed);
}
