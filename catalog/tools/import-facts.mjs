#!/usr/bin/env node
// One-off import, kept for review: builds the catalog's area files from the current catalog and
// ce50-sysgen-facts.jsonl (every CE 5.0 Sysgen variable).
//   node catalog/tools/import-facts.mjs [facts.jsonl]
// Items already in the catalog (the rich Messenger-closure items) keep their data; they take the
// facts file's Catalog name and area, and gain its documented dependencies as catalog edges. Every
// other variable becomes a short item generated from its facts row. Output: catalog/components/<area>.json.
import { readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The team's reference facts file (../shared/reference/), of which test/reference/ holds a copy.
const factsFile = process.argv[2] ?? join(root, 'test', 'reference', 'ce50-sysgen-facts.jsonl');
const dir = join(root, 'catalog', 'components');
const rows = readFileSync(factsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
// Sysgen variables are environment variables, which cmd.exe matches case-insensitively; the catalog
// spells every id in capitals (ms923391 prints SYSGEN_DSHOW_WMT_CardeaDRM).
for (const r of rows) {
  if (r.sysgen !== r.sysgen.toUpperCase()) {
    r.notes = [r.notes, `printed as ${r.sysgen} on ${r.sources.join(', ')}; environment variable names are case-insensitive`].filter(Boolean).join(' | ');
    r.sysgen = r.sysgen.toUpperCase();
  }
  for (const d of r.dependencies) if (d.sysgen) d.sysgen = d.sysgen.toUpperCase();
}

// The current catalog: one component per file, or area files holding { items: [...] }.
const existing = new Map();
for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
  const v = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  for (const c of v.items ?? [v]) existing.set(c.id, c);
}

// Pages that list items (Catalog-area pages, the Standard SDK list, New Sysgen Variables): an edge
// read from a row is cited with the row's other sources (its component page) when it has some.
const LIST_PAGES = new Set(['ms897383', 'ms926794', 'aa450514', 'ms862085', 'ms923391', 'ms861181', 'ms909297', 'ms894424', 'ms923601', 'ms885457', 'aa447510', 'ms904404', 'aa451997', 'ms925956']);
const TWIN = new Set(['ce60-twin', 'ce42-only']);

function edgeOf(row, d) {
  const inferred = d.mapping === 'inferred' || TWIN.has(d.origin) || d.origin === 'inferred-parent';
  let source;
  if (d.origin === 'ce50-includes') source = 'ms897383';
  else if (TWIN.has(d.origin)) source = [...new Set((d.note ?? '').match(/\b(?:ee|ms|aa)\d{5,6}\b/g) ?? [])].join(', ') || row.sources.join(', ');
  else source = row.sources.filter((s) => !LIST_PAGES.has(s)).join(', ') || row.sources.join(', ');
  const e = { id: d.sysgen, kind: 'catalog', confidence: inferred ? 'inferred' : 'documented', source, mapping: d.mapping, origin: d.origin };
  const note = [`listed as "${d.catalogName}"`, d.note].filter(Boolean).join('; ');
  if (note) e.note = note;
  return e;
}

function modulesOf(list) {
  return list.map((m) => {
    const comp = /^(\S+) \(components? ([^)]+)\)$/.exec(m);
    if (comp) return { name: comp[1], role: 'module', note: `components ${comp[2]}` };
    const file = /^([A-Za-z0-9_.-]+)\.(dll|exe|lib|ax|cpl)$/i.exec(m);
    if (file) return { name: file[1].toLowerCase(), role: file[2].toLowerCase() === 'exe' ? 'exe' : file[2].toLowerCase() === 'lib' ? 'lib' : 'dll', file: m };
    return { name: m, role: 'module' };
  });
}

const SKIP = /^(new in |area |Driver Catalog Items|driver Catalog items|other names|listed as|name |documented dependencies|module|modules |ms\d|page|catalog |CE |child )/;
function describe(row, title) {
  const seg = row.notes.split(' | ').map((s) => s.trim()).find((s) => s && !SKIP.test(s) && s.length <= 140);
  let base;
  if (!row.catalogName) base = `Sysgen variable with no Catalog item of its own${row.area ? `, in ${row.area}` : ''}`;
  else if (row.area === 'Fonts') base = `Adds the ${title} font`;
  else if (row.area === 'Device Drivers') base = `Adds the ${title} driver`;
  else base = `Adds ${title}${row.area ? ` (${row.area})` : ''}`;
  return seg ? `${base}: ${seg.replace(/\.$/, '')}.` : `${base}.`;
}

function words(id) {
  return id.replace(/^SYSGEN_/, '').split('_').join(' ');
}

function notesOf(row) {
  const notes = row.notes.split(' | ').map((s) => s.trim()).filter(Boolean);
  if (row.ce50Status === 'ce42-only') notes.push('The variable name was read only in CE .NET 4.2 text; the CE 5.0 item exists but its page was not readable.');
  if (!row.catalogName) notes.push('Not exposed as a Catalog item, or listed only among the New Sysgen Variables (ms923601): the title is made from the variable name.');
  for (const d of row.dependencies) if (!d.sysgen) notes.push(`Documented dependency with no Sysgen variable to follow: ${d.catalogName}${d.note ? ` (${d.note})` : ''}.`);
  return notes;
}

const out = new Map();
const added = [];
for (const row of rows) {
  const area = row.area ?? 'Unassigned';
  const areaConfidence = row.area && row.areaMapping === 'documented' ? undefined : 'inferred';
  const old = existing.get(row.sysgen);
  let c;
  if (old) {
    c = { ...old };
    delete c.$schema;
    if (row.catalogName) {
      c.title = row.catalogName;
      delete c.titleConfidence;
    }
    c.area = area;
    if (areaConfidence) c.areaConfidence = areaConfidence;
    else delete c.areaConfidence;
    if (c.confidence !== 'documented' && row.ce50Status === 'documented') c.confidence = 'documented';
    const have = new Set(c.requires.filter((r) => r.kind === 'catalog').map((r) => r.id));
    for (const d of row.dependencies) {
      if (!d.sysgen || have.has(d.sysgen)) continue;
      c.requires = [...c.requires, edgeOf(row, d)];
      added.push(`${row.sysgen} -> ${d.sysgen} (${d.origin}, ${d.mapping})`);
    }
    for (const s of row.sources) if (!c.sources.includes(s)) c.sources = [...c.sources, s];
    // The facts row's hardware note, unless the item already words it (SYSGEN_VOIP's comes from ms931949 too).
    if (row.hardware && !/^none$/i.test(row.hardware) && !(c.hardware ?? []).some((h) => h.includes(row.hardware) || /audio/i.test(h))) c.hardware = [...(c.hardware ?? []), row.hardware];
  } else {
    const title = row.catalogName ?? words(row.sysgen);
    c = { id: row.sysgen, title };
    if (!row.catalogName) c.titleConfidence = 'inferred';
    c.description = describe(row, title);
    c.area = area;
    if (areaConfidence) c.areaConfidence = areaConfidence;
    c.confidence = row.ce50Status === 'documented' ? 'documented' : 'inferred';
    c.requires = row.dependencies.filter((d) => d.sysgen).map((d) => edgeOf(row, d));
    c.modules = modulesOf(row.modules).map((m) => ({ ...m, source: row.sources.join(', ') }));
    if (row.hardware && !/^none$/i.test(row.hardware)) c.hardware = [row.hardware];
    const notes = notesOf(row);
    if (notes.length) c.notes = notes;
    c.sources = row.sources.length ? row.sources : ['ms923601'];
  }
  if (!out.has(area)) out.set(area, []);
  out.get(area).push(c);
}
const known = new Set(rows.map((r) => r.sysgen));
const extra = [...existing.keys()].filter((id) => !known.has(id));
if (extra.length) throw new Error(`catalog items not in the facts file: ${extra.join(', ')}`);

for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) rmSync(join(dir, f));
const slug = (a) => a.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
for (const [area, items] of [...out].sort(([a], [b]) => (a < b ? -1 : 1))) {
  items.sort((a, b) => (a.id < b.id ? -1 : 1));
  const file = { $schema: '../schema/area.schema.json', area, items };
  writeFileSync(join(dir, `${slug(area)}.json`), JSON.stringify(file, null, 2) + '\n');
}
console.log(`${rows.length} items in ${out.size} area files; edges added to existing items:\n  ${added.join('\n  ')}`);
