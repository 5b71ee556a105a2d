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
import { BATCH_FIXTURE, generateTo, plain } from './support/report.js';


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

/** The text of an element's content, tags dropped and entities read back. */
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
const sectionOf = (html: string, id: string) => html.slice(html.indexOf(`<section id="${id}">`), html.indexOf('</section>', html.indexOf(`<section id="${id}">`)));
/** The "At a glance" cards as label => value. */
const counts = (html: string) => new Map([...sectionOf(html, 'glance').matchAll(/<li(?: class="part")?><b>(\d+)<\/b>([^<]*)<\/li>/g)].map((m) => [text(m[2]!), Number(m[1])]));

describe('report.html agrees with report.md, project.reg and the terminal', () => {
  test('registry: the values project.reg writes, and the defaults it comments, with where they come from', () => {
    const { out } = generateTo();
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const reg = readFileSync(join(out, 'project.reg'), 'utf8');
    const section = sectionOf(html, 'registry');
    expect(section).not.toContain('no item of this design has registry settings');
    // The built-in design changes no default: said in words, and every commented default is a row.
    expect(text(section)).toContain("None: the design changes none of Microsoft's defaults");
    const defaults = [...reg.matchAll(/^\s+; default, (.*?):/gm)].map((m) => m[1]!);
    const table = section.slice(section.indexOf('<table id="registry-defaults">'));
    const rows = [...table.matchAll(/<tr><td>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/(?:<td>)?([\s\S]*?)<\/td>/g)].map((c) => text(c[1]!)));
    expect(rows.length).toBe(defaults.length);
    // Where each default comes from: the source project.reg's comment names.
    expect(rows.map((r) => r[5]!).sort()).toEqual([...defaults].sort());
    // The same keys and values as report.md's table of defaults.
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    const mdRows = md.slice(md.indexOf("## Microsoft's defaults")).split('\n').filter((l) => l.startsWith('| HKEY')).map((l) => l.split(' | ').slice(0, 2).map((c) => plain(c.replace(/^\| /, ''))).join(' '));
    expect(rows.map((r) => `${r[1]} ${r[2]}`).sort()).toEqual(mdRows.sort());
  }, 60_000);

  test('the closure table: "only inferred requirements" for a documented variable, never "inferred" beside "documented"', async () => {
    const { out } = generateTo();
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const design = await loadDesign(undefined, {});
    const r = resolve(await loadCatalog(), design.select, { exclude: design.exclude });
    const edgesOnly = r.order.filter((id) => r.items.get(id)!.inferred && r.items.get(id)!.component.confidence !== 'inferred');
    expect(edgesOnly.length).toBeGreaterThan(0);
    for (const id of r.order) {
      const row = html.slice(html.indexOf(`<tr id="item-${id}"`), html.indexOf('</tr>', html.indexOf(`<tr id="item-${id}"`)));
      const cells = [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => text(m[1]!));
      expect(cells[4], id).toBe(r.items.get(id)!.component.confidence);
      expect(row.includes('only inferred requirements'), id).toBe(edgesOnly.includes(id));
      // The Item column says which inference it is; the Required by column's badges are about each requirement.
      expect(cells[1], id).not.toMatch(/ inferred$/);
    }
    expect(html).toContain('<th>Variable confidence</th>');
  }, 60_000);

  test('a batch design: the counts partition the closure and match the terminal line', () => {
    const { out, stdout } = generateTo(['--design', BATCH_FIXTURE]);
    const c = counts(readFileSync(join(out, 'report.html'), 'utf8'));
    const [, total, selected, added] = /^(\d+) items: (\d+) selected; the closure adds (\d+)/m.exec(stdout)!.map(Number);
    const key = (start: string) => [...c.keys()].find((k) => k.startsWith(start))!;
    expect(c.get(key('items in the closure'))).toBe(total);
    expect(c.get('selected')).toBe(selected);
    expect(c.get('added by the closure')).toBe(added);
    expect(selected! + added!).toBe(total);
    expect(c.get('added: by a Catalog dependency')! + c.get('added: by build rules only')!).toBe(added);
    expect(key('items in the closure')).toMatch(/^items in the closure \(\d+ in the catalog, \d+ outside it\)$/);
  }, 60_000);

  test('modules: each once, with every item that brings it; the count is of distinct modules; file marks as catalog show gives them', async () => {
    const { out } = generateTo();
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const design = await loadDesign(undefined, {});
    const r = resolve(await loadCatalog(), design.select, { exclude: design.exclude });
    const by = new Map<string, string[]>();
    for (const id of r.order) for (const m of r.items.get(id)!.component.modules) by.set(m.name, [...(by.get(m.name) ?? []), id]);
    expect([...by.values()].some((ids) => ids.length > 1)).toBe(true);
    const rows = [...sectionOf(html, 'modules').matchAll(/<tr><td><code>([^<]+)<\/code><\/td><td>([\s\S]*?)<\/td><td>[^<]*<\/td><td>(?:<code>([^<]*)<\/code>)?/g)];
    expect(rows.map((m) => m[1]).sort()).toEqual([...by.keys()].sort());
    for (const m of rows) expect(text(m[2]!).split(', '), m[1]).toEqual(by.get(m[1]!));
    expect(counts(html).get('distinct modules')).toBe(by.size);
    // A file whose name is inferred keeps the mark `catalog show` gives it.
    const marked = r.order.flatMap((id) => r.items.get(id)!.component.modules.filter((m) => m.file && m.fileConfidence === 'inferred').map((m) => [id, m.file!] as const));
    expect(marked.length).toBeGreaterThan(0);
    for (const [id, f] of marked) {
      expect(cli(['catalog', 'show', id]).stdout, id).toContain(`  ${f} (inferred)`);
      expect(html, f).toMatch(new RegExp(`<code>[^<]*${htmlText(f).replace(/[.]/g, '\\.')} \\(inferred\\)(?: for [^<]*${id})?[;<]`));
    }
  }, 60_000);

  test('a batch design: the variables outside the catalog are report.md\'s, labelled; the BSP/IMG settings are one line', () => {
    const { out } = generateTo(['--design', BATCH_FIXTURE]);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    const mdIds = [...md.slice(md.indexOf('## Variables outside the catalog'), md.indexOf('## Closure')).matchAll(/^- `(SYSGEN_[A-Z0-9_]+)`/gm)].map((m) => m[1]);
    const list = html.slice(html.indexOf('<ul class="findings" id="outside">'), html.indexOf('</ul>', html.indexOf('id="outside"')));
    expect([...list.matchAll(/<li id="outside-(SYSGEN_[A-Z0-9_]+)">/g)].map((m) => m[1])).toEqual(mdIds);
    expect(text(list)).toMatch(/SYSGEN_VOIP_MEDIA later CE version SYSGEN_VOIP_MEDIA belongs to a later Windows CE version/);
    expect(text(list)).toContain('(did you mean SYSGEN_IMAGING_PNG_DECODE?)');
    // validate folds the non-Sysgen settings into one info line; so does the page.
    expect(html).not.toContain('is not a Sysgen variable');
    const v = cli(['validate', BATCH_FIXTURE]).stdout;
    const n = Number(/info: (\d+) non-Sysgen settings kept as they are/.exec(v)![1]);
    expect(text(html.slice(html.indexOf('id="settings">') + 14, html.indexOf('</p>', html.indexOf('id="settings"'))))).toMatch(new RegExp(`^info ${n} non-Sysgen settings kept as they are: _WINCEROOT \\(line 4\\), `));
  }, 60_000);
});

describe.skipIf(!tools.chromium)('report.html of a batch design in headless Chromium', () => {
  test('every link lands and the page is not blank', () => {
    const { out } = generateTo(['--design', BATCH_FIXTURE]);
    const dir = join(out, '..');
    const page = join(out, 'report.html');
    const dom = chromium(dir, '--dump-dom', `file://${page}`);
    expect(dom.status, dom.stderr).toBe(0);
    const present = ids(dom.stdout);
    for (const m of dom.stdout.matchAll(/href="#([^"]+)"/g)) expect(present.has(m[1]!.replace(/&#45;/g, '-')), m[1]).toBe(true);
    expectNonBlankScreenshot(dir, page, 1280, 1500);
  }, 120_000);
});
