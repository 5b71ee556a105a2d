// Catalog form: CE 6.0 Catalog files (.pbcxml), as --catalog and --wince-root read them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const name = 'pbcxml';
export const describe = '.pbcxml files of 5,000 items, SysgenVariable and Dependency on item ids';

/** Items per file: real trees spread their catalogs over many files (and one file may not pass 16 MB). */
const PER_FILE = 5000;

/** Write the graph's items into dir (graph.items[i] = { id, requires: [ids] }). */
export function write(dir, graph) {
  for (let start = 0; start < graph.items.length; start += PER_FILE) {
    const lines = ['<?xml version="1.0" encoding="utf-8"?>', '<CatalogFile RequiredVersion="6.00" xmlns="urn:Microsoft.PlatformBuilder/Catalog">'];
    for (const item of graph.items.slice(start, start + PER_FILE)) {
      lines.push(
        `  <Item Id="Item:Bench:${item.id}">`,
        `    <Title>Synthetic item ${item.id}</Title>`,
        `    <SysgenVariable>${item.id}</SysgenVariable>`,
        `    <Module>${item.id.toLowerCase()}.dll</Module>`,
        ...item.requires.map((r) => `    <Dependency>Item:Bench:${r}</Dependency>`),
        '  </Item>',
      );
    }
    lines.push('</CatalogFile>');
    writeFileSync(join(dir, `bench-${start}.pbcxml`), lines.join('\r\n') + '\r\n');
  }
}
