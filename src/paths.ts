import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (the folder holding catalog/ and templates/), found from src/, dist/ or dist/chunks/. */
function findRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(d, 'catalog', 'components'))) return d;
    d = dirname(d);
  }
  throw new Error(`internal error: cannot find the wcecfg catalog above ${fileURLToPath(import.meta.url)}`);
}

export const packageRoot = findRoot();
export const builtinCatalogDir = join(packageRoot, 'catalog');
export const defaultDesignFile = join(packageRoot, 'catalog', 'designs', 'messenger.json');
export const templatesDir = join(packageRoot, 'templates');
