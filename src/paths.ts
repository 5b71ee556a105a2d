import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (the folder holding catalog/ and templates/). */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const builtinCatalogDir = join(packageRoot, 'catalog');
export const defaultDesignFile = join(packageRoot, 'catalog', 'designs', 'messenger.json');
export const templatesDir = join(packageRoot, 'templates');
