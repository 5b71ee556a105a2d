/**
 * The data of report.html: the design at a glance, the graph, the closure by Catalog area with
 * requirers and provenance, registry values, modules, the firewall plan and every inferred fact,
 * each linked to the item it concerns. Worked out here; templates/report.html.hbs only lays it out.
 */
import { validateDesign } from '../analyze.js';
import { buildFirewallPlan } from '../firewall/plan.js';
import { firewallOptions } from '../firewall/options.js';
import { portRange } from '../firewall/render.js';
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
  inferred: boolean;
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

export interface ReportView {
  design: { name: string; file: string; description: string; roots: string[] };
  counts: Array<{ label: string; value: number }>;
  unknown: ReportFinding[];
  removed: ReportFinding[];
  /** Every other finding of `wcecfg validate`, and the design file's own warnings. */
  findings: ReportFinding[];
  graph: { svg: string; legend: Array<{ area: string; colour: string }> };
  areas: Array<{ area: string; colour: string; items: ReportItem[] }>;
  registry: Array<BuildPlan['registryValues'][number] & { guard: string }>;
  modules: Array<{ item: string; name: string; role: string; file: string; bib: string }>;
  firewall: null | {
    rules: Array<{ protocol: string; ports: string; direction: string; side: string; purpose: string; required: boolean; source: string }>;
    checklist: FirewallPlan['checklist'];
    notes: string[];
    item: string;
  };
  inferred: Array<{ text: string; items: string[] }>;
}

const SYSGEN = /\bSYSGEN_[A-Z0-9_]+\b/g;

export async function reportView(catalog: Catalog, design: Design, r: Resolution, plan: BuildPlan, firewall?: FirewallPlan): Promise<ReportView> {
  const inClosure = (id: string | undefined) => (id !== undefined && r.items.has(id) ? id : null);

  // Findings: what `wcecfg validate` says about the design; unknown and removed variables first.
  const report = validateDesign(catalog, design);
  const finding = (f: (typeof report.findings)[number]): ReportFinding => ({ severity: f.severity, code: f.code, message: f.message, item: inClosure(f.id), line: f.line ?? null });
  const all = report.findings.map(finding);
  const unknown = all.filter((f) => f.code === 'unknown');
  const removed = all.filter((f) => f.code === 'removed');
  const findings = all.filter((f) => f.code !== 'unknown' && f.code !== 'removed');

  const items: ReportItem[] = r.order.map((id, i) => {
    const it = r.items.get(id)!;
    const c = it.component;
    return {
      id, title: c.title, area: c.area, root: it.root, inferred: it.inferred, confidence: c.confidence, order: i + 1,
      requiredBy: it.requiredBy.map((b) => {
        const p = provenanceOf(b.edges);
        return {
          id: b.id, provenance: p, provenanceText: PROVENANCE_TEXT[p],
          edges: b.edges.map((e) => ({ kind: e.kind === 'catalog' ? 'Catalog dependency' : 'build rule', confidence: e.confidence, label: b.edges.length > 1 ? `${e.kind === 'catalog' ? 'Catalog dependency' : 'build rule'}, ${e.confidence}` : e.confidence, source: e.source, note: [e.via ? `via ${e.via.join(' => ')}` : '', e.unless ? `unless ${e.unless}` : '', e.note ?? ''].filter(Boolean).join('; ') })),
        };
      }),
      modules: c.modules.map((m) => ({ name: m.name, role: m.role, file: m.file ?? '', bib: m.bib ? `${m.bib.section} ${m.bib.memory} ${m.bib.flags}` : '' })),
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
  const modules = items.flatMap((it) => it.modules.map((m) => ({ item: it.id, ...m })));

  // The firewall plan goes with the design when an item of its closure has ports (Messenger).
  const withPorts = r.order.find((id) => (r.items.get(id)!.component.ports ?? []).length > 0);
  let fw: ReportView['firewall'] = null;
  if (withPorts) {
    const p = firewall ?? buildFirewallPlan(catalog, r, design.name, firewallOptions(design));
    fw = {
      rules: p.rules.map((x) => ({ protocol: x.protocol.toUpperCase(), ports: portRange(x), direction: x.direction, side: x.side, purpose: x.purpose, required: x.required, source: x.source })),
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

  const count = (f: (it: ReportItem) => boolean) => items.filter(f).length;
  const counts = [
    { label: 'items in the closure', value: items.length },
    { label: 'selected', value: count((it) => it.root) },
    { label: 'pulled in by a Catalog dependency', value: count((it) => it.requiredBy.some((b) => b.edges.some((e) => e.kind === 'Catalog dependency'))) },
    { label: 'pulled in by a build rule only', value: count((it) => !it.root && it.requiredBy.every((b) => b.edges.every((e) => e.kind === 'build rule'))) },
    { label: 'inferred items', value: count((it) => it.inferred) },
    { label: 'Catalog areas', value: areas.length },
    { label: 'modules', value: modules.length },
    { label: 'registry values written', value: registry.length },
    { label: 'inferred facts relied on', value: inferred.length },
  ];

  return {
    design: { name: design.name, file: design.file, description: design.description ?? '', roots: r.roots },
    counts, unknown, removed, findings,
    graph: { svg, legend },
    areas, registry, modules, firewall: fw, inferred,
  };
}
