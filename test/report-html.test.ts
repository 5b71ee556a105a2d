/**
 * report.html, written by `wcecfg generate` beside report.md: one self-contained page, checked in
 * headless Chromium (DOM, a screenshot, print to PDF). Expectations come from the resolver and the
 * firewall plan, never from a fixed list of items.
 */
import { describe, expect, test } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tmp, write } from './helpers.js';
import { tools } from './tools.js';
import { chromium, expectNonBlankScreenshot } from './support/chromium.js';
import { loadCatalog } from '../src/catalog/load.js';
import { loadDesign } from '../src/design/load.js';
import { resolve } from '../src/resolve.js';
import { htmlAnchor, htmlSvg, htmlText } from '../src/format/html.js';
import { UserError } from '../src/errors.js';


function generate(args: string[] = []): { dir: string; html: string } {
  const dir = tmp();
  const out = join(dir, 'out');
  const r = cli(['generate', '--out', out, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return { dir, html: readFileSync(join(out, 'report.html'), 'utf8') };
}

/** Elements with an id in a DOM dump (Graphviz writes - as &#45; in its ids). */
const ids = (dom: string) => new Set([...dom.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!.replace(/&#45;/g, '-')));

const oemItem = (id: string, title: string, requires: string[]) =>
  JSON.stringify({ id, title, description: 'OEM item', area: 'OEM', confidence: 'documented', sources: ['oem'], modules: [], requires: requires.map((r) => ({ id: r, kind: 'catalog', confidence: 'documented', source: 'oem' })) });

describe('report.html as written', () => {
  test('generate writes it beside report.md, self-contained, and the same bytes every time', () => {
    const a = generate();
    expect(existsSync(join(a.dir, 'out', 'report.md'))).toBe(true);
    // Nothing from the network, no script: links only to anchors in the page.
    expect(a.html).not.toMatch(/<script|<link|<iframe|<img|@import|url\(|@font-face/i);
    for (const m of a.html.matchAll(/(?:href|src)="([^"]*)"/g)) expect(m[1]).toMatch(/^#/);
    expect(a.html).toMatch(/<style>[\s\S]*@media print[\s\S]*<\/style>/);
    expect(generate().html).toBe(a.html);
    // --only without report writes neither report.
    const d = tmp();
    expect(cli(['generate', '--out', d, '--only', 'bat']).code).toBe(0);
    expect(existsSync(join(d, 'report.html'))).toBe(false);
  }, 60_000);

  test('every inferred fact generate lists is on the page, linked to an item of the closure', async () => {
    const { html } = generate();
    const facts = JSON.parse(cli(['generate', '--out', tmp(), '--json']).stdout).inferredFacts as string[];
    expect(facts.length).toBeGreaterThan(0);
    const section = html.slice(html.indexOf('<section id="inferred">'));
    for (const f of facts) {
      const at = section.indexOf(htmlText(f));
      expect(at, f).toBeGreaterThan(0);
      const li = section.slice(section.lastIndexOf('<li>', at), section.indexOf('</li>', at));
      expect(li, `a link for: ${f}`).toMatch(/href="#item-SYSGEN_[A-Z0-9_]+"/);
    }
  }, 60_000);

  test('src/format/html.ts: text escaped, anchors checked, the SVG checked tag by tag', () => {
    expect(htmlText(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
    expect(htmlAnchor('item', 'SYSGEN_X')).toBe('item-SYSGEN_X');
    expect(() => htmlAnchor('item', 'a"b')).toThrow(UserError);
    expect(htmlSvg('<svg viewBox="0 0 1 1"><g id="a"><a xlink:href="#item-X"><text>&lt;img&gt;</text></a></g></svg>')).toMatch(/^<svg/);
    expect(() => htmlSvg('<svg><script>alert(1)</script></svg>')).toThrow(/<script>/);
    expect(() => htmlSvg('<svg><g onload="alert(1)"></g></svg>')).toThrow(/onload/);
    expect(() => htmlSvg('<svg><a href="javascript:alert(1)"></a></svg>')).toThrow(/javascript/);
    expect(() => htmlSvg('<div></div>')).toThrow(UserError);
    expect(() => htmlSvg('<svg><g title="a>b" onload="x"></g></svg>')).toThrow(/onload/);
    expect(() => htmlSvg('<svg><![CDATA[<script>x</script>]]></svg>')).toThrow(/markup other than elements/);
  });
});

describe.skipIf(!tools.chromium)('report.html in headless Chromium', () => {
  test('the DOM has the graph with one node per closure item, the closure table, the firewall section; every link lands', async () => {
    const design = await loadDesign(undefined, {});
    const r = resolve(await loadCatalog(), design.select, { exclude: design.exclude });
    const { dir } = generate();
    const page = join(dir, 'out', 'report.html');
    const dom = chromium(dir, '--dump-dom', `file://${page}`);
    expect(dom.status, dom.stderr).toBe(0);
    const html = dom.stdout;
    const graph = html.slice(html.indexOf('<section id="graph">'), html.indexOf('</section>', html.indexOf('<section id="graph">')));
    expect(graph).toMatch(/<svg[^>]*class="graph"/);
    const nodes = [...graph.matchAll(/<g id="node(?:-|&#45;)(SYSGEN_[A-Z0-9_]+)" class="node item/g)].map((m) => m[1]!).sort();
    expect(nodes).toEqual([...r.order].sort());
    // The closure table: one row per item, under its Catalog area's heading.
    const rows = [...html.matchAll(/<tr id="item-(SYSGEN_[A-Z0-9_]+)"/g)].map((m) => m[1]!).sort();
    expect(rows).toEqual([...r.order].sort());
    const areas = new Set(r.order.map((id) => r.items.get(id)!.component.area));
    for (const a of areas) expect(html).toContain(`</span>${htmlText(a)}</h3>`);
    // Each row names every requirer of its item.
    for (const id of r.order) {
      const row = html.slice(html.indexOf(`<tr id="item-${id}"`), html.indexOf('</tr>', html.indexOf(`<tr id="item-${id}"`)));
      for (const b of r.items.get(id)!.requiredBy) expect(row, `${id} required by ${b.id}`).toContain(`href="#item-${b.id}"`);
    }
    // The firewall section: every rule and checklist item of the plan.
    const fw = JSON.parse(cli(['firewall', '--json']).stdout);
    const rules = html.slice(html.indexOf('<table id="firewall-rules">'), html.indexOf('</table>', html.indexOf('<table id="firewall-rules">')));
    expect(rules.match(/<tr>/g)!.length).toBe(1 + fw.rules.length);
    expect(html.match(/<li data-group=/g)!.length).toBe(fw.checklist.length);
    // Every link in the page (the graph's nodes, requirers, facts) lands on an element of the page.
    const present = ids(html);
    const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!.replace(/&#45;/g, '-'));
    expect(targets.length).toBeGreaterThan(r.order.length);
    for (const t of targets) expect(present.has(t), `#${t}`).toBe(true);
  }, 120_000);

  test('a screenshot is not blank, and the page prints to PDF', () => {
    const { dir } = generate();
    const page = join(dir, 'out', 'report.html');
    expectNonBlankScreenshot(dir, page, 1280, 1500);
    const pdf = chromium(dir, '--no-pdf-header-footer', `--print-to-pdf=${join(dir, 'page.pdf')}`, `file://${page}`);
    expect(pdf.status, pdf.stderr).toBe(0);
    const bytes = readFileSync(join(dir, 'page.pdf'));
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Several pages: the graph has a landscape page of its own (A4 turned: 841.92 x 594.96 pt).
    expect(Number(/\/Count (\d+)/.exec(bytes.toString('latin1'))?.[1])).toBeGreaterThan(2);
  }, 120_000);

  test('markup in an OEM item title, a design description and a design file name shows as text, never as markup', () => {
    const d = tmp();
    const cat = join(d, 'oem');
    const title = '<img src=x onerror=alert(1)>';
    write(cat, 'SYSGEN_OEM_EVIL.json', oemItem('SYSGEN_OEM_EVIL', title, ['SYSGEN_MESSENGER']));
    // The page names the design file, and a file name can hold markup.
    const design = write(d, '<img src=z onerror=alert(3)>.json', JSON.stringify({ name: 'Evil', description: '<script>document.title="pwned"</script><b onmouseover=x>bold</b>', select: ['SYSGEN_OEM_EVIL'] }));
    const out = join(d, 'out');
    // The batch file refuses such a title (cmd would read it); the report shows it.
    const r = cli(['generate', '--catalog', cat, '--design', design, '--out', out, '--only', 'report']);
    expect(r.code, r.stderr).toBe(0);
    const page = join(out, 'report.html');
    expect(readFileSync(page, 'utf8')).not.toMatch(/<script|<img|<b /i);
    const dom = chromium(d, '--dump-dom', `file://${page}`);
    expect(dom.status, dom.stderr).toBe(0);
    // No element was made from the text, and no script ran (it would have renamed the page).
    expect(dom.stdout).not.toMatch(/<img|<script|<b /i);
    expect(dom.stdout).toContain('<title>Evil: Windows CE 5.0 OS design report</title>');
    expect(dom.stdout).toContain('&lt;script&gt;document.title="pwned"&lt;/script&gt;&lt;b onmouseover=x&gt;bold&lt;/b&gt;');
    expect(dom.stdout).toContain('&lt;img src=z onerror=alert(3)&gt;.json');
    // The title is text in the closure table and in the graph's node.
    const row = dom.stdout.slice(dom.stdout.indexOf('<tr id="item-SYSGEN_OEM_EVIL"'));
    expect(row.slice(0, row.indexOf('</tr>'))).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const node = dom.stdout.slice(dom.stdout.search(/<g id="node(?:-|&#45;)SYSGEN_OEM_EVIL"/));
    expect(node.slice(0, node.indexOf('</g>'))).toContain('&lt;img src=x onerror=alert(1)&gt;');
  }, 120_000);
});
