/**
 * The build plan: everything the generators write, worked out from the catalog, the design and its
 * closure, before any template runs. Templates only lay it out.
 */
import { UserError } from '../errors.js';
import { classifyName, describeName, SUGGEST_FOR } from '../catalog/names.js';
import { optionValues, type OptionValue } from './options.js';
import type { Catalog, Component, RegistryFact } from '../catalog/types.js';
import type { Design } from '../design/types.js';
import type { Resolution } from '../resolve.js';
import { desktopKeysOf, displayRegData, registryCollisions, sameRegData, type RegData, type RegKey, type RegValue } from '../registry/model.js';
import { CLIENTS_TITLE, clientKeys, designClients, messengerBlock } from '../registration/client.js';

export interface PlanItem {
  id: string;
  title: string;
  root: boolean;
  requiredBy: string[];
  /** "selected", or "required by A, B" for the batch file's rem lines. */
  reason: string;
  inferred: boolean;
  /** The item's own variable (name or facts) is inferred. */
  inferredVariable: boolean;
  /** The variable is documented, but every requirement that pulls it in is inferred. */
  inferredEdgesOnly: boolean;
  basis: string;
  modules: string[];
  /** A selected variable the catalog does not hold (unknown, removed, later version). */
  outside?: 'unknown' | 'removed' | 'later';
}

/**
 * A key of project.reg. project.reg is merged after the OS trees' own .reg files, so it writes only
 * what the design changes (`values`); Microsoft's defaults are shown as comments (`defaults`).
 */
export interface CeKey extends RegKey {
  /** Microsoft's defaults for this key, written as comment lines, never as values. */
  defaults: RegValue[];
  /** Values of the key that nothing writes by default, named for the reader (design option and meaning). */
  unset: string[];
}

export interface RegBlock {
  component: string;
  title: string;
  /** The @CESYSGEN module flag guarding the block. */
  guard: string;
  guardInferred: boolean;
  notes: string[];
  keys: CeKey[];
}

export interface BibGroup {
  guard: string;
  rows: Array<{ name: string; memory: string; flags: string; component: string; field: string }>;
}

/** A module of the closure that the OS tree's own .bib already places: project.bib has no row for it. */
export interface ShippedModule {
  component: string;
  file: string;
  shippedBy: string;
}

export interface BuildPlan {
  design: {
    name: string; file: string; description?: string; roots: string[];
    /** Items the closure adds to the explicit selections, in dependency order. */
    added: string[];
    /** Selected variables the catalog does not hold, kept as leaves; `note` is validate's wording (did-you-mean hints included). */
    outside: Array<{ id: string; title: string; kind: 'unknown' | 'removed' | 'later'; note: string }>;
    /** Items of the closure the catalog holds (the closure less `outside`). */
    catalogItems: number;
  };
  closure: PlanItem[];
  registry: RegBlock[];
  /** Rows only for modules the catalog marks as the OEM's to place; `shipped` lists the ones the OS trees place. */
  bib: { modules: BibGroup[]; files: BibGroup[]; shipped: ShippedModule[] };
  /** Desktop .reg keys: the same values without the CE guards. */
  desktopKeys: RegKey[];
  /** CE-only values (key\\name) left out of desktop.reg. */
  desktopOmitted: string[];
  registryValues: Array<{ component: string; key: string; name: string; type: string; value: string; from: string; inferred: boolean }>;
  /** Microsoft's defaults in the closure, shown in project.reg as comments and listed in report.md. */
  registryDefaults: Array<{ component: string; key: string; name: string; type: string; value: string; from: string }>;
  inferredFacts: string[];
  /** The Platform Builder tree the catalog was read with (--wince-root), and how its build rules differ from the built-in ones. */
  tree: { root: string; catalogFiles: number; cesysgen: string; changes: Array<{ change: string; rule: string; source: string }> } | null;
}

/**
 * The @CESYSGEN flag for a module of a component. The design option cesysgenTree replaces the
 * OS-tree prefix only of flags the catalog marks overridable (Messenger's VOIP flags); every other
 * guard (CE_MODULES_TCPSTK, ...) stays as the catalog gives it.
 */
export function moduleFlag(c: Component, module: string, design: Pick<Design, 'cesysgenTree'>): { flag: string; inferred: boolean } {
  const f = c.cesysgenFlag;
  if (!f) throw new UserError(`catalog ${c.id}: no cesysgenFlag to guard module ${module} with`);
  const override = f.overridable === true && design.cesysgenTree !== undefined;
  const tree = override ? design.cesysgenTree! : f.flag.slice(0, f.flag.indexOf('_MODULES_'));
  const inferred = f.confidence === 'inferred' && !override;
  return { flag: `${tree}_MODULES_${module.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`, inferred };
}

function meaningOf(fact: RegistryFact, value: RegData): string {
  const meaning = value.type === 'REG_DWORD' ? fact.allowed?.find((a) => a.value === value.data)?.meaning : undefined;
  // A meaning that lists the values already (`1 = UDP, 2 = TCP, 4 = TLS`) says it; the value line below shows which.
  if (!meaning || new RegExp(`(^|[\\s:,(])${value.data as number} = `).test(fact.meaning)) return '';
  return `; ${value.data} = ${meaning}`;
}

function regValueOf(v: OptionValue): RegValue {
  const f = v.fact;
  const comments = [`${f.meaning}${f.confidence === 'inferred' ? ' (inferred)' : ''}; source ${f.source}${meaningOf(f, v.value)}`];
  if (v.defaultValue) comments.push(`changes Microsoft's default ${v.defaultValue.type === 'REG_DWORD' || v.defaultValue.type === 'REG_QWORD' ? String(v.defaultValue.data) : displayRegData(v.defaultValue)} (${f.defaultFrom ?? f.source})`);
  if (f.note) comments.push(`note: ${f.note}`);
  return { name: f.name === '' ? null : f.name, ...v.value, field: v.field, comments };
}

/** Microsoft's default, coerced by the one coercion (src/registry/model.ts) like any value. */
function defaultOf(f: RegistryFact, id: string, askedFor: boolean, value: RegData): RegValue {
  const comments = [`default, ${f.defaultFrom ?? f.source}: ${f.meaning}${meaningOf(f, value)}${f.option ? `; design option "${f.option}"` : ''}`];
  if (askedFor) comments.push('the design asks for this default value; not repeated');
  if (f.note) comments.push(`note: ${f.note}`);
  return { name: f.name === '' ? null : f.name, ...value, field: `catalog ${id}: ${f.name || '@'} default`, comments };
}

function keyOf(keys: CeKey[], path: string): CeKey {
  let k = keys.find((x) => x.path === path);
  if (!k) keys.push((k = { path, values: [], defaults: [], unset: [] }));
  return k;
}

export function buildPlan(catalog: Catalog, design: Design, r: Resolution): BuildPlan {
  const inferred = new Set<string>();
  const closure: PlanItem[] = r.order.map((id) => {
    const it = r.items.get(id)!;
    const c = it.component;
    if (c.confidence === 'inferred' && !it.outside) inferred.add(`${id}: the variable name is inferred for CE 5.0 (${(c.notes ?? [])[0] ?? c.sources.join(', ')})`);
    for (const b of it.requiredBy) {
      for (const e of b.edges) if (e.confidence === 'inferred') inferred.add(`${b.id} requires ${id}: ${e.note ?? e.source} (inferred)`);
    }
    const kinds = [...new Set(it.requiredBy.flatMap((b) => b.edges.map((e) => e.kind)))].sort();
    return {
      id,
      title: c.title,
      root: it.root,
      requiredBy: it.requiredBy.map((b) => b.id),
      reason: it.root ? 'selected' : `required by ${it.requiredBy.map((b) => b.id).join(', ')}`,
      inferred: it.inferred,
      inferredVariable: c.confidence === 'inferred' && !it.outside,
      inferredEdgesOnly: it.inferred && c.confidence !== 'inferred',
      basis: it.root ? 'selected' : kinds.join('+'),
      modules: c.modules.map((m) => m.name),
      ...(it.outside ? { outside: it.outside } : {}),
    };
  });

  const { values, problems } = optionValues(catalog, design, r);
  if (problems.length) throw new UserError(problems[0]!.message + (problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''}; run wcecfg validate)` : ''));

  // project.reg: one block per component and guarding module. A value is written only when the design
  // changes it from Microsoft's default; the defaults themselves are comments.
  const registry: RegBlock[] = [];
  const registryValues: BuildPlan['registryValues'] = [];
  const registryDefaults: BuildPlan['registryDefaults'] = [];
  const valueOf = new Map<RegistryFact, OptionValue>();
  for (const v of values) if (!valueOf.has(v.fact)) valueOf.set(v.fact, v);
  for (const id of r.order) {
    const c = r.items.get(id)!.component;
    const facts = c.registry ?? [];
    if (facts.length === 0) continue;
    const blocks = new Map<string, RegBlock>();
    for (const fact of facts) {
      const module = fact.module ?? c.cesysgenFlag?.module ?? c.modules[0]?.name ?? id;
      const guard = moduleFlag(c, module, design);
      let b = blocks.get(guard.flag);
      if (!b) {
        const notes: string[] = [];
        if (guard.inferred) {
          notes.push(`${guard.flag}: the ${module} module flag's OS-tree prefix is inferred; set "cesysgenTree" in the design to the tree that holds it`);
          inferred.add(`@CESYSGEN guard ${guard.flag}: ${c.cesysgenFlag?.note ?? 'OS-tree prefix inferred'}`);
        }
        blocks.set(guard.flag, (b = { component: id, title: c.title, guard: guard.flag, guardInferred: guard.inferred, notes, keys: [] }));
      }
      const key = keyOf(b.keys, fact.key);
      const v = valueOf.get(fact); // a Map, not a search of every value per fact: linear in the values
      const changed = v !== undefined && v.fromDesign && !(v.defaultValue && sameRegData(v.value, v.defaultValue));
      if (fact.confidence === 'inferred' && (changed || fact.default !== undefined)) {
        inferred.add(`${fact.key}\\${fact.name || '@'}: ${fact.note ?? 'inferred'}`);
        b.notes.push(`${fact.name || '@'}: ${fact.note ?? 'inferred'}`);
      }
      if (changed) {
        key.values.push(regValueOf(v));
        registryValues.push({ component: id, key: fact.key, name: fact.name || '@', type: fact.type, value: displayRegData(v.value), from: 'design', inferred: fact.confidence === 'inferred' });
      } else if (v?.defaultValue) {
        key.defaults.push(defaultOf(fact, id, v.fromDesign, v.defaultValue));
        registryDefaults.push({ component: id, key: fact.key, name: fact.name || '@', type: fact.type, value: displayRegData(v.defaultValue), from: fact.defaultFrom ?? fact.source });
      } else {
        key.unset.push(`"${fact.name}" (${fact.type}) is not written by default: ${fact.meaning}${fact.option ? `; design option "${fact.option}"` : ''}`);
      }
    }
    for (const b of blocks.values()) {
      b.notes = [...new Set(b.notes)];
      registry.push(b);
    }
  }

  const clients = designClients(design);
  if (clients.length) {
    const m = r.items.get('SYSGEN_MESSENGER');
    if (!m) throw new UserError(`${design.file}: /clients: messenger clients need SYSGEN_MESSENGER in the design`);
    const guard = moduleFlag(m.component, 'msmsgs', design);
    registry.push(messengerBlock(CLIENTS_TITLE, clientKeys(design.file, clients), guard));
  }

  // project.bib: rows only for the modules the catalog marks as the OEM's to place (a `bib` row, for
  // example from an OEM catalog overlay); modules the OS trees' own .bib files ship are listed, not repeated.
  const shipped: ShippedModule[] = [];
  for (const id of r.order) {
    for (const m of r.items.get(id)!.component.modules) if (m.shippedBy && !m.bib) shipped.push({ component: id, file: m.file ?? m.name, shippedBy: m.shippedBy });
  }
  const bibGroups = (section: 'MODULES' | 'FILES'): BibGroup[] => {
    const groups = new Map<string, BibGroup>(); // by guard: no search per module
    for (const id of r.order) {
      const c = r.items.get(id)!.component;
      for (const m of c.modules) {
        if (m.bib?.section !== section || !m.file) continue;
        // Modules from an OEM's .cec/.pbcxml (source file:line) are in no OS tree's module list: their rows go in unguarded.
        const fromCatalogFile = /\.(cec|pbcxml):\d+$/i.test(m.source ?? '');
        const g = c.cesysgenFlag && !fromCatalogFile ? moduleFlag(c, m.name, design) : { flag: '', inferred: false };
        if (g.inferred) inferred.add(`@CESYSGEN guard ${g.flag}: ${c.cesysgenFlag?.note ?? 'OS-tree prefix inferred'}`);
        if (m.fileConfidence === 'inferred') inferred.add(`${id}: module file name ${m.file} (inferred)`);
        if (m.note?.includes('inferred')) inferred.add(`${id}: ${m.file}: ${m.note}`);
        let grp = groups.get(g.flag);
        if (!grp) groups.set(g.flag, (grp = { guard: g.flag, rows: [] }));
        grp.rows.push({ name: m.file, memory: m.bib.memory, flags: m.bib.flags, component: id, field: `catalog ${id}: module ${m.name}` });
      }
    }
    return [...groups.values()];
  };

  // Registry names are not case-sensitive: a client or value that collides with another is refused.
  const clash = registryCollisions(registry.flatMap((b) => b.keys))[0];
  if (clash) throw new UserError(clash.message);
  const desktop = desktopKeysOf(registry.flatMap((b) => b.keys));

  return {
    design: {
      name: design.name, file: design.file, ...(design.description ? { description: design.description } : {}), roots: r.roots,
      added: closure.filter((c) => !c.root).map((c) => c.id),
      outside: outsideOf(catalog, closure),
      catalogItems: closure.filter((c) => !c.outside).length,
    },
    closure,
    registry,
    bib: { modules: bibGroups('MODULES'), files: bibGroups('FILES'), shipped },
    desktopKeys: desktop.keys,
    desktopOmitted: desktop.omitted,
    registryValues,
    registryDefaults,
    inferredFacts: [...inferred].sort(),
    tree: treeChanges(catalog),
  };
}

/** The selected variables outside the catalog, described as validate does (hints for the first few, as there). */
function outsideOf(catalog: Catalog, closure: PlanItem[]): BuildPlan['design']['outside'] {
  let unknowns = 0;
  return closure.filter((c) => c.outside).map((c) => {
    const n = classifyName(catalog, c.id, { suggestions: c.outside === 'unknown' && unknowns++ < SUGGEST_FOR });
    return { id: c.id, title: c.title, kind: c.outside!, note: n.kind === 'known' ? c.title : describeName(n) };
  });
}

/** report.md's view of the --wince-root tree: each rule that differs from the built-in facts. */
function treeChanges(catalog: Catalog): BuildPlan['tree'] {
  const t = catalog.tree;
  if (!t) return null;
  const rule = (r: { from: string; to: string; unless?: string }) => `${r.from} => ${r.to}${r.unless ? ` unless ${r.unless}` : ''}`;
  return {
    root: t.root,
    catalogFiles: t.catalogFiles.length,
    cesysgen: t.cesysgen ?? '',
    changes: [
      ...t.added.map((r) => ({ change: 'added by the tree', rule: rule(r), source: r.source })),
      ...t.removed.map((r) => ({ change: 'built-in rule the tree does not have', rule: rule(r), source: r.source })),
    ],
  };
}
