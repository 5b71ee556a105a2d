/**
 * The data of report.html: the design at a glance, the graph, the closure by Catalog area with
 * requirers and provenance, registry values, modules, the firewall plan and every inferred fact,
 * each linked to the item it concerns. Worked out here; templates/report.html.hbs only lays it out.
 */
import { validateDesign } from '../analyze.js';
import { buildFirewallPlan } from '../firewall/plan.js';
import { firewallOptions } from '../firewall/options.js';
import { portText } from '../firewall/plan.js';
import { designGraph, PROVENANCE_TEXT, provenanceOf, type Provenance } from './model.js';
import { areaColour, graphDot } from './dot.js';
import { dotToSvg, inlineSvg } from './svg.js';
import type { Catalog } from '../catalog/types.js';
import type { Design } from '../design/types.js';
import type { Resolution } from '../resolve.js';
import type { BuildPlan } from '../generate/plan.js';
import type { FirewallPlan } from '../firewall/plan.js';

/** Anchor prefix of an item's row in the closure table (the graph's nodes link there). */
export const ITEM_ANCHOR = 'item';

export interface ReportRequirer {
  id: string;
  provenance: Provenance;
  provenanceText: string;
  /** label: the confidence, with the kind when the requirer has edges of more than one kind. */
  edges: Array<{ kind: string; confidence: string; label: string; source: string; note: string }>;
}

export interface ReportItem {
  id: string;
  title: string;
  area: string;
  root: boolean;
  /** The variable's own name or facts are inferred (its confidence says so too). */
  inferredVariable: boolean;
  /** A documented variable the closure holds only because every requirement that pulls it in is inferred. */
  inferredEdgesOnly: boolean;
  /** The catalog's confidence in the variable itself, or where it stands when the catalog does not hold it. */
  confidence: string;
  /** Position in dependency order (the batch file's order). */
  order: number;
  requiredBy: ReportRequirer[];
  modules: Array<{ name: string; role: string; file: string; bib: string }>;
}

export interface ReportFinding {
  severity: string;
  code: string;
  message: string;
  /** The item it concerns, when that item is in the closure (for a link). */
  item: string | null;
  line: number | null;
}

/** A selected variable the catalog does not hold: the same entries as report.md's list. */
export interface ReportOutside {
  id: string;
  label: string;
  note: string;
  line: number | null;
}

export interface ReportView {
  design: { name: string; file: string; description: string; roots: string[] };
  /** Each count once; `part` counts are a partition of the one above them. */
  counts: Array<{ label: string; value: number; part?: boolean }>;
  outside: ReportOutside[];
  /** Every other finding of `wcecfg validate`, and the design file's own warnings. */
  findings: ReportFinding[];
  /** The non-Sysgen settings of a batch design (BSP_*, IMG*, ...), folded into one line as validate prints them. */
  settings: Array<{ name: string; line: number | null }>;
  graph: { svg: string; legend: Array<{ area: string; colour: string }> };
  areas: Array<{ area: string; colour: string; items: ReportItem[] }>;
  registry: Array<BuildPlan['registryValues'][number] & { guard: string }>;
  /** Microsoft's defaults: comments in project.reg, never values. */
  registryDefaults: Array<BuildPlan['registryDefaults'][number] & { guard: string }>;
  /** Each module once, with the items that bring it (several items share a module through folded variables). */
  modules: Array<{ name: string; items: string[]; role: string; file: string; bib: string }>;
  firewall: null | {
    rules: Array<{ protocol: string; ports: string; direction: string; side: string; purpose: string; required: boolean; source: string }>;
    checklist: FirewallPlan['checklist'];
    notes: string[];
    item: string;
  };
  inferred: Array<{ text: string; items: string[] }>;
}

/** The closure-table group of selected variables the catalog does not hold (they have no Catalog area). */
const OUTSIDE_AREA = 'Outside the CE 5.0 catalog';

const SYSGEN = /\bSYSGEN_[A-Z0-9_]+\b/g;

export async function reportView(catalog: Catalog, design: Design, r: Resolution, plan: BuildPlan, firewall?: FirewallPlan): Promise<ReportView> {
  const inClosure = (id: string | undefined) => (id !== undefined && r.items.has(id) ? id : null);

  // Findings: what `wcecfg validate` says about the design; unknown and removed variables first.
  const report = validateDesign(catalog, design);
  const finding = (f: (typeof report.findings)[number]): ReportFinding => ({ severity: f.severity, code: f.code, message: f.message, item: inClosure(f.id), line: f.line ?? null });
  const outsideIds = new Set(plan.design.outside.map((o) => o.id));
  const OUTSIDE_CODES = new Set(['unknown', 'removed', 'later-version']);
  const lineOf = new Map(report.findings.filter((f) => OUTSIDE_CODES.has(f.code) && f.id && f.line).map((f) => [f.id!, f.line!]));
  const OUTSIDE_LABEL = { unknown: 'unknown', removed: 'removed in CE 5.0', later: 'later CE version' } as const;
  const outside = plan.design.outside.map((o) => ({ id: o.id, label: OUTSIDE_LABEL[o.kind], note: o.note, line: lineOf.get(o.id) ?? null }));
  // The outside variables are listed once (above); the settings are one line, as validate prints them.
  const isOutside = (f: (typeof report.findings)[number]) => OUTSIDE_CODES.has(f.code) && f.id !== undefined && outsideIds.has(f.id);
  const findings = report.findings.filter((f) => !isOutside(f)).map(finding);
  const settings = report.settings.map((s) => ({ name: s.name, line: s.line ?? null }));

  const items: ReportItem[] = r.order.map((id, i) => {
    const it = r.items.get(id)!;
    const c = it.component;
    return {
      id, title: c.title, area: c.area || OUTSIDE_AREA, root: it.root, order: i + 1,
      inferredVariable: c.confidence === 'inferred' && !it.outside,
      inferredEdgesOnly: it.inferred && c.confidence !== 'inferred',
      confidence: it.outside ? 'not in the catalog' : c.confidence,
      requiredBy: it.requiredBy.map((b) => {
        const p = provenanceOf(b.edges);
        return {
          id: b.id, provenance: p, provenanceText: PROVENANCE_TEXT[p],
          edges: b.edges.map((e) => ({ kind: e.kind === 'catalog' ? 'Catalog dependency' : 'build rule', confidence: e.confidence, label: b.edges.length > 1 ? `${e.kind === 'catalog' ? 'Catalog dependency' : 'build rule'}, ${e.confidence}` : e.confidence, source: e.source, note: [e.via ? `via ${e.via.join(' => ')}` : '', e.unless ? `unless ${e.unless}` : '', e.note ?? ''].filter(Boolean).join('; ') })),
        };
      }),
      modules: c.modules.map((m) => ({ name: m.name, role: m.role, file: m.file ? `${m.file}${m.fileConfidence === 'inferred' ? ' (inferred)' : ''}` : '', bib: m.bib ? `${m.bib.section} ${m.bib.memory} ${m.bib.flags}` : '' })),
    };
  });
  const byArea = new Map<string, ReportItem[]>();
  for (const it of items) byArea.set(it.area, [...(byArea.get(it.area) ?? []), it]);
  const areas = [...byArea].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([area, list]) => ({ area, colour: areaColour(area.split('\\')[0]!.trim()), items: list }));

  const graph = designGraph(r, design.name);
  const svg = inlineSvg(await dotToSvg(graphDot(graph, { linkPrefix: ITEM_ANCHOR, noCaption: true })));
  const legend = [...new Set(graph.nodes.map((n) => n.area[0]!))].sort().map((area) => ({ area, colour: areaColour(area) }));

  const guards = new Map(plan.registry.map((b) => [b.component, b.guard]));
  const registry = plan.registryValues.map((v) => ({ ...v, guard: guards.get(v.component) ?? '' }));
  const registryDefaults = plan.registryDefaults.map((v) => ({ ...v, guard: guards.get(v.component) ?? '' }));
  // Items can give the same module's file with different confidence: each variant keeps its mark and says whose it is.
  const byModule = new Map<string, ReportView['modules'][number] & { files: Map<string, string[]> }>();
  for (const it of items) {
    for (const m of it.modules) {
      let seen = byModule.get(m.name);
      if (!seen) byModule.set(m.name, (seen = { name: m.name, items: [], role: m.role, file: '', bib: m.bib, files: new Map() }));
      seen.items.push(it.id);
      if (m.file) seen.files.set(m.file, [...(seen.files.get(m.file) ?? []), it.id]);
    }
  }
  const modules = [...byModule.values()].map(({ files, ...m }) => ({
    ...m,
    file: files.size === 1 && [...files.values()][0]!.length === m.items.length ? [...files.keys()][0]! : [...files].map(([f, ids]) => `${f} for ${ids.join(', ')}`).join('; '),
  }));

  // The firewall plan goes with the design when an item of its closure has ports (Messenger).
  const withPorts = r.order.find((id) => (r.items.get(id)!.component.ports ?? []).length > 0);
  let fw: ReportView['firewall'] = null;
  if (withPorts) {
    const p = firewall ?? buildFirewallPlan(catalog, r, design.name, firewallOptions(design));
    fw = {
      rules: p.rules.map((x) => ({ protocol: x.protocol.toUpperCase(), ports: portText(x), direction: x.direction, side: x.side, purpose: x.purpose, required: x.required, source: x.source })),
      checklist: p.checklist,
      notes: p.notes,
      item: withPorts,
    };
  }

  // Each inferred fact, with the items it concerns: the ones it names, or the item whose registry
  // value, module flag or module file it is about.
  const owners: Array<[string, string]> = [];
  for (const v of plan.registryValues) owners.push([`${v.key}\\${v.name}`, v.component]);
  for (const b of plan.registry) owners.push([b.guard, b.component]);
  for (const g of [...plan.bib.modules, ...plan.bib.files]) for (const row of g.rows) owners.push([g.guard, row.component], [row.name, row.component]);
  const inferred = plan.inferredFacts.map((text) => {
    const named = [...text.matchAll(SYSGEN)].map((m) => m[0]).filter((id) => r.items.has(id));
    const found = named.length ? named : owners.filter(([k]) => text.includes(k)).map(([, id]) => id);
    return { text, items: [...new Set(found)] };
  });

  // The closure is counted as a partition: selected + added (by a Catalog dependency, else by build rules only).
  const count = (f: (it: ReportItem) => boolean) => items.filter(f).length;
  const byCatalog = (it: ReportItem) => it.requiredBy.some((b) => b.edges.some((e) => e.kind === 'Catalog dependency'));
  const counts: ReportView['counts'] = [
    { label: `items in the closure (${plan.design.catalogItems} in the catalog${outside.length ? `, ${outside.length} outside it` : ''})`, value: items.length },
    { label: 'selected', value: count((it) => it.root), part: true },
    { label: 'added by the closure', value: count((it) => !it.root), part: true },
    { label: 'added: by a Catalog dependency', value: count((it) => !it.root && byCatalog(it)), part: true },
    { label: 'added: by build rules only', value: count((it) => !it.root && !byCatalog(it)), part: true },
    { label: 'variables with inferred names or facts', value: count((it) => it.inferredVariable) },
    { label: 'items in only by inferred requirements', value: count((it) => it.inferredEdgesOnly) },
    { label: 'Catalog areas', value: areas.filter((a) => a.area !== OUTSIDE_AREA).length },
    { label: 'distinct modules', value: modules.length },
    { label: 'registry values written', value: registry.length },
    { label: 'Microsoft defaults (comments in project.reg)', value: registryDefaults.length },
    { label: 'inferred facts relied on', value: inferred.length },
  ];

  return {
    design: { name: design.name, file: design.file, description: design.description ?? '', roots: r.roots },
    counts, outside, findings, settings,
    graph: { svg, legend },
    areas, registry, registryDefaults, modules, firewall: fw, inferred,
  };
}
