// Catalog form: one JSON component file per item (catalog/components/*.json), as --catalog reads it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const name = 'json';
export const describe = 'one JSON component file per item';

/**
 * Write the graph's items into dir. graph.items[i] = { id, requires: [ids] }; returns nothing.
 * Every generator writes the same graph, so the forms are timed on equal work.
 */
export function write(dir, graph) {
  for (const item of graph.items) writeFileSync(join(dir, `${item.id}.json`), JSON.stringify(component(item), null, 2) + '\n');
}

/** The component every form writes for graph item { id, requires }. */
export function component(item) {
  return {
    id: item.id,
    title: `Synthetic item ${item.id}`,
    description: 'A generated catalog item for the benchmark.',
    area: 'Benchmark',
    confidence: 'documented',
    requires: item.requires.map((id, k) => ({ id, kind: k % 2 ? 'build-rule' : 'catalog', confidence: 'documented', source: 'bench' })),
    modules: [{ name: `${item.id.toLowerCase()}.dll`, role: 'dll' }],
    sources: ['bench'],
  };
}
