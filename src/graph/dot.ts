/**
 * The graph as Graphviz DOT: requirer → requirement, top to bottom; each item filled with the colour
 * of its top-level Catalog area (a swatch per area in the caption); roots drawn with a double bold
 * border; edges solid for a Catalog dependency, dashed for a build rule, dotted for an
 * inferred fact. Every string goes through src/format/dot.ts. The same graph gives the same bytes.
 */
import { dotAttrs, dotHtml, dotString } from '../format/dot.js';
import { PROVENANCE_TEXT, type DesignGraph, type Provenance } from './model.js';

/** Fixed colours for the CE 5.0 Catalog's top-level areas, so an area looks the same in every design. */
const AREA_COLOURS: Record<string, string> = {
  'Applications - End User': '#fde2c8',
  'Applications and Services Development': '#e4dcf4',
  'Communication Services and Networking': '#cfe6f7',
  'Core OS Services': '#e3e3e3',
  'Device Drivers': '#f4e3b5',
  'Device Management': '#d9efe8',
  'File Systems and Data Store': '#e6d8c8',
  Fonts: '#f1dfee',
  'Graphics and Multimedia Technologies': '#f9d3d6',
  International: '#dcecc9',
  'Internet Client Services': '#c9eef0',
  Security: '#fff2a8',
  'Shell and User Interface': '#d6dcf5',
  'Voice over IP Phone Services': '#cdeccd',
  'Windows CE Error Reporting': '#f0d0c0',
};
const SPARE = ['#e0e7d0', '#f3d9c6', '#d3e0ef', '#eed3e7', '#d8d8ee', '#e9e4c4'];

export function areaColour(top: string): string {
  const known = AREA_COLOURS[top];
  if (known) return known;
  let h = 0;
  for (const ch of top) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return SPARE[h % SPARE.length]!;
}

export const EDGE_STYLE: Record<Provenance, { style: string; color: string }> = {
  catalog: { style: 'solid', color: '#1f4e8c' },
  'build-rule': { style: 'dashed', color: '#555555' },
  inferred: { style: 'dotted', color: '#c0392b' },
};

export interface DotOptions {
  /** Link each node to this anchor prefix in the same page (report.html): `#<prefix>-<ID>`. */
  linkPrefix?: string;
  /** Leave out the caption (a page that has its own legend). */
  noCaption?: boolean;
}

/** Break a Catalog name into lines of about `width` characters at spaces, so boxes stay narrow. */
export function wrapLabel(text: string, width = 26): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(/ +/)) {
    if (cur && cur.length + 1 + word.length > width) {
      lines.push(cur);
      cur = word;
    } else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) lines.push(cur);
  return lines;
}

const FONT = 'Helvetica,Arial,sans-serif';

/** Rough text widths in points for Helvetica (average character widths at the given size). */
const textWidth = (chars: number, size: number) => chars * size * 0.55;

/**
 * About how wide the graph is drawn (points), before Graphviz lays it out: items are ranked by the
 * longest chain of requirements above them, as dot ranks them top to bottom, and the widest rank is
 * the sum of its boxes and the gaps between them. Used only to wrap the caption to the picture.
 */
function estimateGraphWidth(g: DesignGraph): number {
  const box = (n: DesignGraph['nodes'][number]) => textWidth(Math.max(n.id.length, ...wrapLabel(n.title).map((l) => l.length)), 10) + 16;
  const rank = new Map<string, number>(g.nodes.map((n) => [n.id, 0]));
  const indegree = new Map<string, number>(g.nodes.map((n) => [n.id, 0]));
  const out = new Map<string, string[]>();
  for (const e of g.edges) {
    indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
    const list = out.get(e.from);
    if (list) list.push(e.to);
    else out.set(e.from, [e.to]);
  }
  // Kahn's order: the catalog has no requirement cycles, so every item is reached.
  const queue = g.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const to of out.get(id) ?? []) {
      rank.set(to, Math.max(rank.get(to)!, rank.get(id)! + 1));
      const d = indegree.get(to)! - 1;
      indegree.set(to, d);
      if (d === 0) queue.push(to);
    }
  }
  const widths = new Map<number, number>();
  for (const n of g.nodes) widths.set(rank.get(n.id)!, (widths.get(rank.get(n.id)!) ?? 0) + box(n) + 11);
  // dot spreads a rank wider than its boxes (edge routing, crossing reduction): on the Messenger
  // closure and its --focus graphs the drawn width is about 1.6 times the sum of the boxes.
  return 1.6 * Math.max(0, ...widths.values());
}

/** Words in lines of at most `chars` characters, joined by DOT HTML left-aligned line breaks. */
function captionLines(text: string, chars: number): string {
  return wrapLabel(text, chars).map((l) => `${l}<br align="left"/>`).join('');
}

/**
 * The caption: what is drawn, the edge styles, and a swatch per Catalog area in the picture (only
 * the areas of the items drawn). Its rows are wrapped to about the graph's width, so a focused graph
 * is not made wide by its caption.
 */
function caption(g: DesignGraph): string {
  const shown = g.focus ? `${g.nodes.length} of ${g.closureSize} items, focus on ${g.focus}` : `${g.nodes.length} items`;
  const areas = [...new Set(g.nodes.map((n) => n.area[0]!))].sort();
  const swatch = (a: string) => textWidth(a.length + 5, 11) + 12;
  // At least as wide as the widest swatch, and room for a readable line of text.
  const width = Math.max(estimateGraphWidth(g), textWidth(48, 11), ...areas.map(swatch));
  const chars = Math.floor(width / textWidth(1, 11));
  const legendRows: string[][] = [];
  let used = Infinity;
  for (const a of areas) {
    if (used + swatch(a) > width) {
      legendRows.push([]);
      used = 0;
    }
    legendRows[legendRows.length - 1]!.push(a);
    used += swatch(a);
  }
  const text = (t: string) => `<tr><td align="left" balign="left">${captionLines(t, chars)}</td></tr>`;
  const rows = [
    text(`${dotHtml(g.name, 'the design name')}: the closure of ${dotHtml(g.roots.join(', '), 'roots')} (${shown}); an arrow points from an item to what it requires`),
    text('solid blue: Catalog dependency; dashed grey: build rule; dotted red: inferred; double border: selected; red text: item inferred'),
    ...legendRows.map(
      (row) =>
        `<tr><td align="left"><table border="0" cellspacing="3" cellpadding="3"><tr>${row.map((a) => `<td bgcolor="${areaColour(a)}" border="1" color="#999999">&#160;${dotHtml(a, 'Catalog area')}&#160;&#160;&#160;&#160;</td>`).join('')}</tr></table></td></tr>`,
    ),
  ];
  return `<<table border="0" cellspacing="3" cellpadding="0">${rows.join('')}</table>>`;
}

export function graphDot(g: DesignGraph, opts: DotOptions = {}): string {
  const lines: string[] = [];
  lines.push(`digraph ${dotString(g.name, 'the design name')} {`);
  lines.push(`  graph${dotAttrs({ rankdir: 'TB', fontname: FONT, fontsize: 11, labelloc: 't', labeljust: 'l', nodesep: 0.15, ranksep: 0.4, outputorder: 'edgesfirst', bgcolor: 'white', pad: 0.1 }, 'graph')}${opts.noCaption ? '' : ` [label=${caption(g)}]`};`);
  lines.push(`  node${dotAttrs({ shape: 'box', style: 'rounded,filled', fontname: FONT, fontsize: 10, margin: '0.08,0.03', color: '#444444', penwidth: 1 })};`);
  lines.push(`  edge${dotAttrs({ arrowsize: 0.6, penwidth: 1 })};`);
  for (const n of g.nodes) {
    const marks = [n.root ? 'selected' : '', n.inferred ? 'inferred' : ''].filter(Boolean).join(', ');
    const attrs: Record<string, string | number | undefined> = {
      id: `node-${n.id}`,
      class: ['item', n.root ? 'root' : '', n.inferred ? 'inferred' : '', n.focus ? 'focus' : ''].filter(Boolean).join(' '),
      label: [n.id, ...wrapLabel(n.title)].join('\n'),
      tooltip: `${n.id}: ${n.title}\n${n.area.join(' \\ ')}${marks ? `\n(${marks})` : ''}`,
      fillcolor: areaColour(n.area[0]!),
      ...(n.root ? { peripheries: 2, penwidth: 2 } : {}),
      ...(n.focus ? { color: '#c0392b', penwidth: 3 } : {}),
      ...(n.inferred ? { fontcolor: '#a01c0c' } : {}),
      ...(opts.linkPrefix ? { href: `#${opts.linkPrefix}-${n.id}`, target: '_self' } : {}),
    };
    lines.push(`  ${dotString(n.id, 'a Sysgen variable')}${dotAttrs(attrs, `catalog ${n.id}:`)};`);
  }
  for (const e of g.edges) {
    const s = EDGE_STYLE[e.provenance];
    lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${dotAttrs({ id: `edge-${e.from}-${e.to}`, class: `requires ${e.provenance}`, style: s.style, color: s.color, tooltip: `${e.from} requires ${e.to}: ${PROVENANCE_TEXT[e.provenance]}\n${e.basis.join('\n')}` }, 'requirement')};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
