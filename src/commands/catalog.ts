import { UserError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import { json, out, table } from '../output.js';
import { catalogFor, mark, type GlobalArgs } from './common.js';

export async function list(args: GlobalArgs & { area?: string }): Promise<number> {
  const catalog = await catalogFor(args);
  let items = [...catalog.items.values()];
  if (args.area) items = items.filter((c) => c.area.toLowerCase().startsWith(args.area!.toLowerCase()));
  if (args.json) {
    out(json(items.map((c) => ({ id: c.id, title: c.title, area: c.area, confidence: c.confidence, requires: [...new Set(c.requires.map((r) => r.id))], file: catalog.files.get(c.id) }))));
    return 0;
  }
  out(table(['ID', 'TITLE', 'AREA', 'CONFIDENCE'], items.map((c) => [c.id, c.title + mark(c.titleConfidence), c.area, c.confidence])));
  return 0;
}

export async function show(args: GlobalArgs & { id: string }): Promise<number> {
  const catalog = await catalogFor(args);
  const id = args.id.toUpperCase();
  const c = catalog.items.get(id);
  if (!c) throw new UserError(`unknown Sysgen variable ${args.id}${didYouMean(args.id, catalog.items.keys())}`);
  const requiredBy = [...catalog.items.values()].flatMap((o) => o.requires.filter((r) => r.id === id).map((r) => ({ id: o.id, kind: r.kind, confidence: r.confidence, source: r.source })));
  if (args.json) {
    out(json({ ...c, $schema: undefined, file: catalog.files.get(id), requiredBy }));
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
    lines.push(`    ${r.id}  [${r.kind}, ${r.confidence}${r.unless ? `, unless ${r.unless}` : ''}] ${r.source}${r.note ? ` (${r.note})` : ''}`);
  }
  lines.push('  required by:' + (requiredBy.length ? '' : ' nothing in the catalog'));
  for (const r of requiredBy) lines.push(`    ${r.id}  [${r.kind}, ${r.confidence}]`);
  if (c.folded?.length) lines.push(`  folded internal variables: ${c.folded.join(', ')}`);
  lines.push('  modules:' + (c.modules.length ? '' : ' none'));
  for (const m of c.modules) lines.push(`    ${m.name}  ${m.role}${m.file ? `  ${m.file}${mark(m.fileConfidence)}` : ''}${m.via ? `  (via ${m.via.join(' => ')})` : ''}`);
  if (c.cesysgenFlag) lines.push(`  @CESYSGEN flag: ${c.cesysgenFlag.flag}${mark(c.cesysgenFlag.confidence)}`);
  for (const h of c.hardware ?? []) lines.push(`  hardware: ${h}`);
  if (c.registry?.length) {
    lines.push('  registry (design option: value):');
    for (const r of c.registry) {
      const dflt = r.default !== undefined ? `default ${JSON.stringify(r.default)}` : 'no default';
      lines.push(`    ${r.option ?? '-'}: ${r.key}\\${r.name} ${r.type}, ${dflt}${r.allowed ? `, one of ${r.allowed.map((a) => `${a.value} (${a.meaning})`).join(', ')}` : ''}${mark(r.confidence)}`);
    }
  }
  for (const p of c.ports ?? []) lines.push(`  port: ${p.protocol.toUpperCase()} ${p.portFrom === null ? 'dynamic' : p.portFrom === p.portTo ? p.portFrom : `${p.portFrom}-${p.portTo}`} ${p.direction}: ${p.purpose}`);
  for (const n of c.notes ?? []) lines.push(`  note: ${n}`);
  lines.push(`  sources: ${c.sources.join(', ')}`);
  out(lines.join('\n') + '\n');
  return 0;
}
