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

/** The caption: what is drawn, the edge styles, and a swatch per Catalog area in the picture. */
function caption(g: DesignGraph): string {
  const shown = g.focus ? `${g.nodes.length} of ${g.closureSize} items, focus on ${g.focus}` : `${g.nodes.length} items`;
  const areas = [...new Set(g.nodes.map((n) => n.area[0]!))].sort();
  const cell = (text: string, attrs = '') => `<td${attrs}>${text}</td>`;
  const rows = [
    `<tr>${cell(`${dotHtml(g.name, 'the design name')}: the closure of ${dotHtml(g.roots.join(', '), 'roots')} (${shown}); an arrow points from an item to what it requires`, ` colspan="${Math.max(areas.length, 1)}" align="left"`)}</tr>`,
    `<tr>${cell('solid blue: Catalog dependency; dashed grey: build rule; dotted red: inferred; double border: selected; red text: item inferred', ` colspan="${Math.max(areas.length, 1)}" align="left"`)}</tr>`,
    `<tr>${areas.map((a) => cell(`&#160;${dotHtml(a, 'Catalog area')}&#160;&#160;&#160;&#160;`, ` bgcolor="${areaColour(a)}" border="1" color="#999999"`)).join('')}</tr>`,
  ];
  return `<<table border="0" cellspacing="3" cellpadding="3">${rows.join('')}</table>>`;
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
