import { didYouMean } from '../suggest.js';
import { UserError } from '../errors.js';
import { notInCatalog } from '../catalog/names.js';
import { out, outJson, Rows, table } from '../output.js';
import { catalogFor, mark, type GlobalArgs } from './common.js';
import type { Catalog, Component } from '../catalog/types.js';
import { portText } from '../firewall/plan.js';

/** Items grouped by Catalog area (areas in name order, items in id order). */
function byArea(items: Component[]): Array<[string, Component[]]> {
  const groups = new Map<string, Component[]>();
  for (const c of items) {
    const g = groups.get(c.area);
    if (g) g.push(c);
    else groups.set(c.area, [c]);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function grouped(items: Component[], extra?: (c: Component) => string): string {
  const parts: string[] = [];
  for (const [area, group] of byArea(items)) {
    const rows = group.map((c) => [c.id, c.title, c.confidence, ...(extra ? [extra(c)] : [])]);
    parts.push(`${area} (${group.length})\n` + table(['ID', 'TITLE', 'CONFIDENCE', ...(extra ? ['MATCHED'] : [])], rows).replace(/^(?=.)/gm, '  '));
  }
  return parts.join('\n');
}

function listEntry(c: Component, catalog: Catalog) {
  return { id: c.id, title: c.title, area: c.area, confidence: c.confidence, requires: [...new Set(c.requires.map((r) => r.id))], file: catalog.files.get(c.id) };
}

export async function list(args: GlobalArgs & { area?: string }): Promise<number> {
  const catalog = await catalogFor(args);
  let items = [...catalog.items.values()];
  if (args.area !== undefined) {
    const want = args.area.trim().toLowerCase();
    const areas = [...new Set(items.map((c) => c.area))].sort();
    // An exact area name (any case) wins; otherwise every area that contains the text.
    const exact = areas.filter((a) => a.toLowerCase() === want);
    const chosen = new Set(exact.length ? exact : areas.filter((a) => want !== '' && a.toLowerCase().includes(want)));
    if (chosen.size === 0) throw new UserError(`--area: no Catalog area matches "${args.area}"${didYouMean(args.area.trim(), areas)}; areas: ${areas.join(', ')}`);
    items = items.filter((c) => chosen.has(c.area));
  }
  if (args.json) {
    outJson(new Rows(items.length, (i) => listEntry(items[i]!, catalog)));
    return 0;
  }
  out(grouped(items));
  out(`\n${items.length} item${items.length === 1 ? '' : 's'}; CONFIDENCE is the item's: documented, build-rule (known only from a cesysgen rule) or inferred.\n`);
  return 0;
}

/**
 * Where an item matches every search word: its variable, Catalog name, area, modules or module
 * files, and then its description and notes.
 */
function matchOf(c: Component, words: string[]): string | undefined {
  const fields: Array<[string, string]> = [
    ['variable', c.id],
    ['name', c.title],
    ['area', c.area],
    ...c.modules.flatMap((m): Array<[string, string]> => [['module', m.name], ...(m.file ? [['module', m.file] as [string, string]] : [])]),
    ['description', c.description],
    ...(c.notes ?? []).map((n): [string, string] => ['notes', n]),
  ];
  const hit = new Set<string>();
  for (const w of words) {
    const f = fields.find(([, v]) => v.toLowerCase().includes(w));
    if (!f) return undefined;
    hit.add(f[0] === 'module' ? `module ${f[1]}` : f[0]);
  }
  return [...hit].join(', ');
}

export async function search(args: GlobalArgs & { id?: string }): Promise<number> {
  const catalog = await catalogFor(args);
  const text = (args.id ?? '').trim();
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) throw new UserError('catalog search needs some text, e.g. wcecfg catalog search bluetooth');
  const found: Array<[Component, string]> = [];
  for (const c of catalog.items.values()) {
    const m = matchOf(c, words);
    if (m !== undefined) found.push([c, m]);
  }
  const how = new Map(found.map(([c, m]) => [c.id, m]));
  if (args.json) {
    outJson(found.map(([c, m]) => ({ ...listEntry(c, catalog), matched: m })));
    return 0;
  }
  if (found.length === 0) {
    out(`nothing in the catalog matches "${text}" (searched variables, Catalog names, areas, modules, descriptions and notes)\n`);
    return 0;
  }
  out(grouped(found.map(([c]) => c), (c) => how.get(c.id)!));
  out(`\n${found.length} item${found.length === 1 ? ' matches' : 's match'} "${text}"\n`);
  return 0;
}

export async function show(args: GlobalArgs & { id: string }): Promise<number> {
  const catalog = await catalogFor(args);
  const id = args.id.toUpperCase();
  const c = catalog.items.get(id);
  if (!c) throw new UserError(notInCatalog(catalog, id)!);
  const requiredBy = [...catalog.items.values()].flatMap((o) => o.requires.filter((r) => r.id === id).map((r) => ({ id: o.id, kind: r.kind, confidence: r.confidence, source: r.source })));
  if (args.json) {
    outJson({ ...c, $schema: undefined, file: catalog.files.get(id), requiredBy });
    return 0;
  }
  const lines: string[] = [];
  lines.push(`${c.id}: ${c.title}${mark(c.titleConfidence)}`);
  lines.push(`  ${c.description}${mark(c.descriptionConfidence)}`);
  lines.push(`  area: ${c.area}${mark(c.areaConfidence)}`);
  lines.push(`  confidence: ${c.confidence}`);
  lines.push(`  file: ${catalog.files.get(id)}`);
  lines.push('  requires:' + (c.requires.length ? '' : ' nothing'));
  for (const r of c.requires) {
    lines.push(`    ${r.id}  [${r.kind}, ${r.confidence}${r.mapping === 'inferred' ? ', mapping inferred' : ''}${r.origin && r.origin !== 'ce50' ? `, ${r.origin}` : ''}${r.unless ? `, unless ${r.unless}` : ''}] ${r.source}${r.note ? ` (${r.note})` : ''}`);
  }
  lines.push('  required by:' + (requiredBy.length ? '' : ' nothing in the catalog'));
  for (const r of requiredBy) lines.push(`    ${r.id}  [${r.kind}, ${r.confidence}]`);
  if (c.folded?.length) lines.push(`  folded internal variables: ${c.folded.join(', ')}`);
  lines.push('  modules:' + (c.modules.length ? '' : ' none'));
  for (const m of c.modules) lines.push(`    ${m.name}  ${m.role}${m.file ? `  ${m.file}${mark(m.fileConfidence)}` : ''}${m.via ? `  (via ${m.via.join(' => ')})` : ''}${m.bib ? `  project.bib: ${m.bib.section} ${m.bib.memory} ${m.bib.flags}` : ''}${m.shippedBy ? `  (placed by ${m.shippedBy})` : ''}`);
  if (c.cesysgenFlag) lines.push(`  @CESYSGEN flag: ${c.cesysgenFlag.flag}${mark(c.cesysgenFlag.confidence)}${c.cesysgenFlag.overridable ? ' (the design option cesysgenTree may rename its tree)' : ''}`);
  for (const h of c.hardware ?? []) lines.push(`  hardware: ${h}`);
  if (c.registry?.length) {
    lines.push('  registry (design option: value):');
    for (const r of c.registry) {
      const dflt = r.default !== undefined ? `default ${JSON.stringify(r.default)}` : 'no default';
      lines.push(`    ${r.option ?? '-'}: ${r.key}\\${r.name || '@'} ${r.type}, ${dflt}${r.allowed ? `, one of ${r.allowed.map((a) => `${a.value} (${a.meaning})`).join(', ')}` : ''}${mark(r.confidence)}`);
    }
  }
  for (const p of c.ports ?? []) lines.push(`  port: ${p.protocol.toUpperCase()} ${portText(p)} ${p.direction}: ${p.purpose}`);
  for (const n of c.notes ?? []) lines.push(`  note: ${n}`);
  lines.push(`  sources: ${c.sources.join(', ')}`);
  out(lines.join('\n') + '\n');
  return 0;
}
