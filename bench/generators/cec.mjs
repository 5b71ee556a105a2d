// Catalog form: CE 5.0 Catalog files (.cec), as --catalog and --wince-root read them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const name = 'cec';
export const describe = '.cec files of 5,000 items, FeatureVariable and Children GUID links';

/** Items per file: real trees spread their catalogs over many files (and one file may not pass 16 MB). */
const PER_FILE = 5000;
const guids = new Map();
const guid = (id) => {
  let g = guids.get(id);
  if (!g) guids.set(id, (g = `{00000000-0000-4000-8000-${String(guids.size + 1).padStart(12, '0')}}`));
  return g;
};

/** Write the graph's items into dir (graph.items[i] = { id, requires: [ids] }). */
export function write(dir, graph) {
  guids.clear();
  for (let start = 0; start < graph.items.length; start += PER_FILE) {
    const lines = [`CECInfo ( Name("bench-${start}.cec") CECVersion(5.00) Vendor("bench") )`];
    for (const item of graph.items.slice(start, start + PER_FILE)) {
      lines.push(
        `ComponentType ( Name("${item.id}") Group("\\Benchmark") Implementations ( Implementation (`,
        `  Name("Synthetic item ${item.id}") GUID(${guid(item.id)}) FeatureVariable(${item.id}, "1")`,
        ...item.requires.map((r) => `  Children("${guid(r)}")`),
        `  BibInfo ( Files ( File ( BibRecord('#MODULES("${item.id.toLowerCase()}.dll", "$(_FLATRELEASEDIR)\\${item.id.toLowerCase()}.dll", "NK", "SH")') ) ) ) ) ) )`,
      );
    }
    writeFileSync(join(dir, `bench-${start}.cec`), lines.join('\r\n') + '\r\n');
  }
}
