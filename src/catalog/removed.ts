import { readJson } from '../jsonfile.js';
import { builtinCatalogDir } from '../paths.js';
import { join } from 'node:path';

/** Sysgen variables removed in CE 5.0 (catalog/removed.json, from ms923645). */
export function removedVariables(): Set<string> {
  const { value } = readJson(join(builtinCatalogDir, 'removed.json'));
  return new Set((value as { removed: string[] }).removed);
}

/** Variables of a later CE version that CE 5.0 does not have (catalog/later-versions.json): id -> note naming its source. */
export function laterVariables(): Map<string, string> {
  const { value } = readJson(join(builtinCatalogDir, 'later-versions.json'));
  return new Map(Object.entries((value as { later: Record<string, string> }).later));
}
