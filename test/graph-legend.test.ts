/** The graph's caption: a swatch only for the areas drawn, in rows no wider than the graph itself. */
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../src/catalog/load.js';
import { resolve } from '../src/resolve.js';
import { designGraph } from '../src/graph/model.js';
import { graphDot } from '../src/graph/dot.js';
import { dotToSvg } from '../src/graph/svg.js';

const widthOf = (svg: string) => Number(/<svg width="([\d.]+)pt"/.exec(svg)![1]);
const swatchRows = (dot: string) => [...dot.matchAll(/<tr>((?:<td bgcolor="[^"]+" border="1" color="#999999">&#160;[^<]*<\/td>)+)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/&#160;([^&<]+)&#160;/g)].map((x) => x[1]));

describe('graph caption', () => {
  for (const focus of ['SYSGEN_TCPIP', 'SYSGEN_CORESTRA', undefined]) {
    test(`${focus ?? 'the whole closure'}: swatches for the areas drawn, wrapped to the graph's width`, async () => {
      const r = resolve(await loadCatalog([]), ['SYSGEN_MESSENGER']);
      const g = designGraph(r, 'Messenger', focus);
      const dot = graphDot(g);
      const rows = swatchRows(dot);
      const drawn = [...new Set(g.nodes.map((n) => n.area[0]!))].sort();
      expect(rows.flat()).toEqual(drawn);
      if (focus === 'SYSGEN_TCPIP') expect(rows.length).toBeGreaterThan(1);
      const bare = widthOf(await dotToSvg(graphDot(g, { noCaption: true })));
      const withCaption = widthOf(await dotToSvg(dot));
      // The caption may add a little (a readable line of text), never the width of one long row.
      expect(withCaption).toBeLessThanOrEqual(Math.max(bare * 1.05, 640));
    }, 60_000);
  }
});
