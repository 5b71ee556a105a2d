// Catalog form: area files ({ area, items: [...] }, as the built-in catalog keeps them), 500 items
// to a file, in a components/ folder, as --catalog reads it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { component } from './json.mjs';

export const name = 'area';
export const describe = 'area files of 500 items';

const PER_FILE = 500;

export function write(dir, graph) {
  const folder = join(dir, 'components');
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < graph.items.length; i += PER_FILE) {
    const items = graph.items.slice(i, i + PER_FILE).map(component);
    const file = `benchmark-${String(i / PER_FILE).padStart(4, '0')}.json`;
    writeFileSync(join(folder, file), JSON.stringify({ area: 'Benchmark', items }, null, 2) + '\n');
  }
}
