/**
 * wcecfg graph: the closure as DOT (read back by Graphviz's own dot) and as SVG drawn in-process.
 * Expectations come from the resolver and from catalogs built here, never from a fixed list.
 */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, expectUserError, root, tmp, write } from './helpers.js';
import { tools } from './tools.js';
import { staticImportClosure } from './support/imports.js';
import { loadCatalog } from '../src/catalog/load.js';
import { loadDesign } from '../src/design/load.js';
import { resolve, type Resolution } from '../src/resolve.js';
import { dotHtml, dotString } from '../src/format/dot.js';
import { wrapLabel } from '../src/graph/dot.js';
import { UserError } from '../src/errors.js';

async function messenger(): Promise<Resolution> {
  const design = await loadDesign(undefined, {});
  return resolve(await loadCatalog(), design.select, { exclude: design.exclude });
}

/** requirer -> requirement pairs of a closure, from the resolver. */
function pairs(r: Resolution, keep?: (from: string, to: string) => boolean): string[] {
  const out: string[] = [];
  for (const id of r.order) for (const b of r.items.get(id)!.requiredBy) if (!keep || keep(b.id, id)) out.push(`${b.id} -> ${id}`);
  return out.sort();
}

const dotNodes = (dot: string) => [...dot.matchAll(/^ {2}"(SYSGEN_[A-Z0-9_]+)" \[/gm)].map((m) => m[1]!).sort();
const dotEdges = (dot: string) => [...dot.matchAll(/^ {2}"(SYSGEN_[A-Z0-9_]+)" -> "(SYSGEN_[A-Z0-9_]+)"/gm)].map((m) => `${m[1]} -> ${m[2]}`).sort();
// Graphviz writes the - of an id as &#45;.
const svgNodes = (svg: string) => [...svg.matchAll(/<g id="node(?:-|&#45;)(SYSGEN_[A-Z0-9_]+)" class="node item[^"]*"/g)].map((m) => m[1]!).sort();

const unxml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');
/** The text lines drawn in one node of an SVG made by Graphviz. */
function nodeText(svg: string, id: string): string[] {
  const start = svg.indexOf(`<g id="node&#45;${id}"`);
  expect(start, `node ${id} in the SVG`).toBeGreaterThanOrEqual(0);
  const group = svg.slice(start, svg.indexOf('</g>', svg.indexOf('<text', start)) + 4);
  return [...group.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unxml(m[1]!));
}

const oemItem = (id: string, title: string, requires: string[]) =>
  JSON.stringify({ id, title, description: 'OEM item', area: 'OEM\\Tests', confidence: 'documented', sources: ['oem'], modules: [], requires: requires.map((r) => ({ id: r, kind: 'catalog', confidence: 'documented', source: 'oem' })) });

describe('wcecfg graph: DOT', () => {
  test('one node per closure item and one edge per requirer -> requirement pair, roots marked', async () => {
    const r = await messenger();
    const run = cli(['graph']);
    expect(run.code, run.stderr).toBe(0);
    expect(dotNodes(run.stdout)).toEqual([...r.order].sort());
    expect(dotEdges(run.stdout)).toEqual(pairs(r));
    for (const root of r.roots) expect(run.stdout).toMatch(new RegExp(`^ {2}"${root}" \\[[^\\n]*class="item root[^\\n]*peripheries=2`, 'm'));
    // Each edge is styled by its provenance, as the resolver's edges say.
    for (const id of r.order) {
      for (const b of r.items.get(id)!.requiredBy) {
        const documented = b.edges.filter((e) => e.confidence !== 'inferred');
        const want = documented.length === 0 ? 'dotted' : documented.some((e) => e.kind === 'catalog') ? 'solid' : 'dashed';
        expect(run.stdout).toMatch(new RegExp(`^ {2}"${b.id}" -> "${id}" \\[[^\\n]*style="${want}"`, 'm'));
      }
    }
    // Every item is filled with its area's colour, and the caption has a swatch per area.
    const areas = new Set(r.order.map((id) => r.items.get(id)!.component.area.split('\\')[0]!));
    for (const a of areas) expect(run.stdout).toContain(`>&#160;${a}&#160;&#160;&#160;&#160;</td>`);
  }, 60_000);

  test('the same design gives byte-identical DOT and SVG', () => {
    expect(cli(['graph']).stdout).toBe(cli(['graph']).stdout);
    const a = cli(['graph', '--format', 'svg']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toBe(cli(['graph', '--format', 'svg']).stdout);
  }, 60_000);

  test.skipIf(!tools.graphviz)("Graphviz's own dot reads the DOT: every node drawn, every label read back exactly", async () => {
    const r = await messenger();
    const d = tmp();
    const file = write(d, 'g.dot', cli(['graph']).stdout);
    const svg = spawnSync('dot', ['-Tsvg', file], { encoding: 'utf8' });
    expect(svg.status, svg.stderr).toBe(0);
    expect(svg.stderr).toBe('');
    expect(svgNodes(svg.stdout)).toEqual([...r.order].sort());
    for (const id of r.order) expect(nodeText(svg.stdout, id)).toEqual([id, ...wrapLabel(r.items.get(id)!.component.title)]);
    expect(spawnSync('dot', ['-Tpng', '-o', join(d, 'g.png'), file]).status).toBe(0);
  }, 60_000);

  test('--focus shows only what leads to the item and what it pulls in', async () => {
    const r = await messenger();
    // The item with requirers and requirements nearest the middle of the order, whatever the catalog holds.
    const focus = r.order.find((id, i) => i > r.order.length / 3 && r.items.get(id)!.requiredBy.length > 0 && r.order.some((x) => r.items.get(x)!.requiredBy.some((b) => b.id === id)))!;
    expect(focus).toBeDefined();
    const requires = (id: string) => r.order.filter((x) => r.items.get(x)!.requiredBy.some((b) => b.id === id));
    const reach = (start: string, next: (id: string) => string[]) => {
      const seen = new Set([start]);
      const todo = [start];
      while (todo.length) for (const n of next(todo.pop()!)) if (!seen.has(n)) (seen.add(n), todo.push(n));
      return seen;
    };
    const up = reach(focus, (id) => r.items.get(id)!.requiredBy.map((b) => b.id));
    const down = reach(focus, requires);
    const run = cli(['graph', '--focus', focus.toLowerCase()]);
    expect(run.code, run.stderr).toBe(0);
    expect(dotNodes(run.stdout)).toEqual([...new Set([...up, ...down])].sort());
    expect(dotEdges(run.stdout)).toEqual(pairs(r, (a, b) => (up.has(a) && up.has(b)) || (down.has(a) && down.has(b))));
    expect(run.stdout).toMatch(new RegExp(`"${focus}" \\[[^\\n]*class="item[^"]*focus`));
    expect(dotNodes(run.stdout).length).toBeLessThan(r.order.length);
  }, 60_000);

  test('roots on the command line, --json, and --out with the format from the extension', async () => {
    const j = JSON.parse(cli(['graph', 'SYSGEN_TCPIP', '--json']).stdout);
    const r = resolve(await loadCatalog(), ['SYSGEN_TCPIP']);
    expect(j.nodes.map((n: { id: string }) => n.id)).toEqual(r.order);
    expect(j.edges.map((e: { from: string; to: string }) => `${e.from} -> ${e.to}`).sort()).toEqual(pairs(r));
    expect(j.roots).toEqual(['SYSGEN_TCPIP']);
    const d = tmp();
    const run = cli(['graph', '--out', join(d, 'closure.svg')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/wrote .*closure\.svg \(\d+ items, \d+ edges, SVG\)/);
    const svg = readFileSync(join(d, 'closure.svg'), 'utf8');
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg /);
    // Boxes are sized for Helvetica: a viewer without it gets faces of its width, not a wide default.
    expect(svg).toMatch(/<svg[^>]*>\n<style>text \{ font-family: Arial, Helvetica, [^}]*sans-serif; \}<\/style>/);
    expect(svgNodes(svg)).toEqual((await messenger()).order.slice().sort());
    expect(cli(['graph', '--out', join(d, 'closure.dot')]).code).toBe(0);
    expect(readFileSync(join(d, 'closure.dot'), 'utf8')).toMatch(/^digraph "Messenger" \{/);
  }, 60_000);

  test('bad input: one line, exit 2', () => {
    expect(expectUserError(cli(['graph', '--focus', 'SYSGEN_TCPIPP']))).toMatch(/--focus: unknown Sysgen variable SYSGEN_TCPIPP \(did you mean SYSGEN_TCPIP/);
    expect(expectUserError(cli(['graph', '--focus', 'SYSGEN_1394']))).toMatch(/--focus: SYSGEN_1394 is not in the closure of SYSGEN_MESSENGER/);
    expect(expectUserError(cli(['graph', '--format', 'png']))).toMatch(/png/);
    // A focus the catalog does not hold says what it is, not only that the closure lacks it.
    expect(expectUserError(cli(['graph', '--focus', 'SYSGEN_BHT']))).toMatch(/^wcecfg: --focus: unknown Sysgen variable SYSGEN_BHT \(did you mean SYSGEN_BTH/);
    expect(expectUserError(cli(['graph', '--focus', 'SYSGEN_DSOUND']))).toMatch(/^wcecfg: --focus: SYSGEN_DSOUND was removed in Windows CE 5\.0/);
    // A variable outside the catalog is a warning (issue 8): the graph still draws it, as a leaf.
    const nope = cli(['graph', 'SYSGEN_NOPE']);
    expect(nope.code).toBe(0);
    expect(nope.stderr).toMatch(/warning: unknown Sysgen variable SYSGEN_NOPE/);
    expect(nope.stdout).toMatch(/"SYSGEN_NOPE" \[id="node-SYSGEN_NOPE"/);
    expect(expectUserError(cli(['graph', '--out', join(tmp(), 'closure.png'), '--format', 'dot', '--design', 'nope.json']))).toMatch(/nope\.json/);
  }, 60_000);

  test('--out: a name whose extension says another format is refused, and nothing is written', () => {
    const d = tmp();
    // A .png would have held DOT text (exit 0) before.
    expect(expectUserError(cli(['graph', '--out', join(d, 'closure.png')]))).toMatch(/^wcecfg: graph: --out: .*closure\.png ends in \.png, which graph does not write; name a \.dot, \.gv or \.svg file/);
    expect(expectUserError(cli(['graph', '--out', join(d, 'closure.svg'), '--format', 'dot']))).toMatch(/closure\.svg ends in \.svg but --format is dot/);
    expect(expectUserError(cli(['graph', '--out', join(d, 'closure.dot'), '--format', 'svg']))).toMatch(/closure\.dot ends in \.dot but --format is svg/);
    expect(readdirSync(d)).toEqual([]);
    // .gv is DOT; an extension graph does not know is fine when --format says what to write.
    expect(cli(['graph', '--out', join(d, 'closure.gv')]).stdout).toMatch(/, DOT\)/);
    expect(cli(['graph', '--out', join(d, 'closure.txt'), '--format', 'dot']).code).toBe(0);
    expect(readFileSync(join(d, 'closure.txt'), 'utf8')).toMatch(/^digraph /);
  }, 60_000);
});

describe('OEM titles with markup and DOT syntax', () => {
  const title = 'Evil <img src=x onerror=alert(1)> "quoted" back\\slash \\N \\G & more';
  const catalogDir = () => {
    const d = tmp();
    write(d, 'SYSGEN_OEM_EVIL.json', oemItem('SYSGEN_OEM_EVIL', title, ['SYSGEN_TCPIP']));
    return d;
  };

  test('the in-process SVG shows the title as text, exactly', () => {
    const run = cli(['graph', 'SYSGEN_OEM_EVIL', '--catalog', catalogDir(), '--format', 'svg']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/<img/i);
    expect(run.stdout).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(nodeText(run.stdout, 'SYSGEN_OEM_EVIL').slice(1).join(' ')).toBe(title);
  }, 60_000);

  test.skipIf(!tools.graphviz)("Graphviz's dot reads the same title back", () => {
    const d = tmp();
    const file = write(d, 'g.dot', cli(['graph', 'SYSGEN_OEM_EVIL', '--catalog', catalogDir()]).stdout);
    const svg = spawnSync('dot', ['-Tsvg', file], { encoding: 'utf8' });
    expect(svg.status, svg.stderr).toBe(0);
    expect(svg.stdout).not.toMatch(/<img/i);
    expect(nodeText(svg.stdout, 'SYSGEN_OEM_EVIL').slice(1).join(' ')).toBe(title);
  }, 60_000);
});

describe('a design name with markup and DOT syntax', () => {
  test('a batch design named by its file keeps its name exactly in the DOT, and as text in the SVG', () => {
    const d = tmp();
    const name = '<i>x<i> "q" \\N';
    const bat = write(d, `${name}.bat`, '@echo off\r\nset SYSGEN_TCPIP=1\r\n');
    const dot = cli(['graph', '--design', bat]);
    expect(dot.code, dot.stderr).toBe(0);
    expect(dot.stdout.split('\n')[0]).toBe(`digraph ${dotString(name)} {`);
    const svg = cli(['graph', '--design', bat, '--format', 'svg']);
    expect(svg.code, svg.stderr).toBe(0);
    expect(svg.stdout).not.toMatch(/<i>/);
    expect(svg.stdout).toContain('&lt;i&gt;x&lt;i&gt; &quot;q&quot; \\N: the closure of SYSGEN_TCPIP');
  }, 60_000);
});

describe('src/format/dot.ts', () => {
  test('quoted strings escape quotes and backslashes; line breaks become \\n; other controls are refused with the field', () => {
    expect(dotString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(() => dotString('tab\there', 'catalog X: title')).toThrow(UserError);
    expect(() => dotString('tab\there', 'catalog X: title')).toThrow(/catalog X: title: a control character \(U\+0009\)/);
    expect(() => dotString('lone \ud800 surrogate')).toThrow(UserError);
    expect(dotHtml('<b>&"x"\'')).toBe('&lt;b&gt;&amp;&quot;x&quot;&#39;');
    expect(() => dotHtml('a\nb', 'area')).toThrow(/area: a newline/);
  }, 60_000);
});

describe('start-up of the other commands', () => {
  test('the Graphviz WebAssembly chunk is reached only through dynamic imports', () => {
    const dist = join(root, 'dist');
    const chunks = readdirSync(join(dist, 'chunks'));
    const viz = chunks.filter((f) => readFileSync(join(dist, 'chunks', f), 'utf8').includes('graphvizVersion'));
    expect(viz).toHaveLength(1);
    // Follow the static imports from the entry point: the chunks every command loads at start-up.
    const seen = staticImportClosure(join(dist, 'cli.js'));
    expect(seen.size).toBeGreaterThan(1);
    expect([...seen].some((f) => f.endsWith(viz[0]!))).toBe(false);
    for (const f of seen) expect(readFileSync(f, 'utf8')).not.toContain('graphvizVersion');
  }, 60_000);
});
