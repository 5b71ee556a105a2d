/**
 * The build plan: everything the generators write, worked out from the catalog, the design and its
 * closure, before any template runs. Templates only lay it out.
 */
import { UserError } from '../errors.js';
import { optionValues, type OptionValue } from './options.js';
import type { Catalog, Component } from '../catalog/types.js';
import type { Design } from '../design/types.js';
import type { Resolution } from '../resolve.js';
import type { RegKey, RegValue } from '../registry/model.js';
import { clientKey, designClients } from '../registration/client.js';

export interface PlanItem {
  id: string;
  title: string;
  root: boolean;
  requiredBy: string[];
  /** "selected", or "required by A, B" for the batch file's rem lines. */
  reason: string;
  inferred: boolean;
  basis: string;
  modules: string[];
}

export interface RegBlock {
  component: string;
  title: string;
  /** The @CESYSGEN module flag guarding the block. */
  guard: string;
  guardInferred: boolean;
  notes: string[];
  keys: RegKey[];
}

export interface BibGroup {
  guard: string;
  rows: Array<{ name: string; memory: string; flags: string; component: string; field: string }>;
}

export interface BuildPlan {
  design: { name: string; file: string; description?: string; roots: string[] };
  closure: PlanItem[];
  registry: RegBlock[];
  bib: { modules: BibGroup[]; files: BibGroup[] };
  /** Desktop .reg keys: the same values without the CE guards. */
  desktopKeys: RegKey[];
  registryValues: Array<{ component: string; key: string; name: string; type: string; value: string; from: string; inferred: boolean }>;
  inferredFacts: string[];
}

/** The @CESYSGEN flag for a module of a component; the design may name the OS tree when the catalog's is inferred. */
export function moduleFlag(c: Component, module: string, design: Design): { flag: string; inferred: boolean } {
  const f = c.cesysgenFlag;
  if (!f) throw new UserError(`catalog ${c.id}: no cesysgenFlag to guard module ${module} with`);
  const tree = design.cesysgenTree ?? f.flag.slice(0, f.flag.indexOf('_MODULES_'));
  const inferred = f.confidence === 'inferred' && design.cesysgenTree === undefined;
  return { flag: `${tree}_MODULES_${module.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`, inferred };
}

function regValueOf(v: OptionValue): RegValue {
  const name = v.fact.name;
  const comments = [`${v.fact.meaning}${v.fact.confidence === 'inferred' ? ' (inferred)' : ''}; source ${v.fact.source}`];
  if (v.fact.note) comments.push(`note: ${v.fact.note}`);
  if (v.fact.type === 'REG_DWORD') {
    const meaning = v.fact.allowed?.find((a) => a.value === v.value)?.meaning;
    if (meaning) comments[0] = `${comments[0]}; ${v.value} = ${meaning}`;
  }
  return { name, type: v.fact.type as RegValue['type'], data: v.value, field: v.field, comments };
}

function groupKeys(values: RegValue[], paths: string[]): RegKey[] {
  const keys: RegKey[] = [];
  values.forEach((v, i) => {
    const path = paths[i]!;
    let k = keys.find((x) => x.path === path);
    if (!k) keys.push((k = { path, values: [] }));
    k.values.push(v);
  });
  return keys;
}

export function buildPlan(catalog: Catalog, design: Design, r: Resolution): BuildPlan {
  const inferred = new Set<string>();
  const closure: PlanItem[] = r.order.map((id) => {
    const it = r.items.get(id)!;
    const c = it.component;
    if (c.confidence === 'inferred') inferred.add(`${id}: the variable name is inferred for CE 5.0 (${(c.notes ?? [])[0] ?? c.sources.join(', ')})`);
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
      basis: it.root ? 'selected' : kinds.join('+'),
      modules: c.modules.map((m) => m.name),
    };
  });

  const { values, problems } = optionValues(catalog, design, r);
  if (problems.length) throw new UserError(problems[0]!.message + (problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''}; run wcecfg validate)` : ''));

  const registry: RegBlock[] = [];
  const registryValues: BuildPlan['registryValues'] = [];
  for (const id of r.order) {
    const mine = values.filter((v) => v.component === id);
    if (mine.length === 0) continue;
    const c = r.items.get(id)!.component;
    const guard = moduleFlag(c, c.cesysgenFlag?.module ?? c.modules[0]?.name ?? id, design);
    const notes: string[] = [];
    if (guard.inferred) {
      notes.push(`${guard.flag}: the ${c.cesysgenFlag?.module} module flag's OS-tree prefix is inferred; set "cesysgenTree" in the design to the tree that holds it`);
      inferred.add(`@CESYSGEN guard ${guard.flag}: ${c.cesysgenFlag?.note ?? 'OS-tree prefix inferred'}`);
    }
    for (const v of mine) {
      if (v.fact.confidence === 'inferred') {
        inferred.add(`${v.fact.key}\\${v.fact.name}: ${v.fact.note ?? 'inferred'}`);
        notes.push(`${v.fact.name}: ${v.fact.note ?? 'inferred'}`);
      }
      registryValues.push({
        component: id, key: v.fact.key, name: v.fact.name, type: v.fact.type,
        value: v.fact.type === 'REG_DWORD' ? `${v.value} (0x${(v.value as number).toString(16).toUpperCase()})` : JSON.stringify(v.value),
        from: v.fromDesign ? 'design' : 'catalog default', inferred: v.fact.confidence === 'inferred',
      });
    }
    registry.push({
      component: id,
      title: c.title,
      guard: guard.flag,
      guardInferred: guard.inferred,
      notes: [...new Set(notes)],
      keys: groupKeys(mine.map(regValueOf), mine.map((v) => v.fact.key)),
    });
  }

  const clients = designClients(design);
  if (clients.length) {
    const m = r.items.get('SYSGEN_MESSENGER');
    if (!m) throw new UserError(`${design.file}: /clients: messenger clients need SYSGEN_MESSENGER in the design`);
    const guard = moduleFlag(m.component, 'msmsgs', design);
    registry.push({
      component: 'SYSGEN_MESSENGER', title: 'Third-party messenger clients (Using the Registration Mechanism)', guard: guard.flag, guardInferred: guard.inferred,
      notes: guard.inferred ? [`${guard.flag}: the msmsgs module flag's OS-tree prefix is inferred`] : [],
      keys: clients.map((c, i) => clientKey(c, `${design.file}: /clients/${i}/name`)),
    });
  }

  const bibGroups = (section: 'MODULES' | 'FILES'): BibGroup[] => {
    const groups: BibGroup[] = [];
    for (const id of r.order) {
      const c = r.items.get(id)!.component;
      for (const m of c.modules) {
        if (m.bib?.section !== section || !m.file) continue;
        const g = moduleFlag(c, m.name, design);
        if (g.inferred) inferred.add(`@CESYSGEN guard ${g.flag}: ${c.cesysgenFlag?.note ?? 'OS-tree prefix inferred'}`);
        if (m.fileConfidence === 'inferred') inferred.add(`${id}: module file name ${m.file} (inferred)`);
        if (m.note?.includes('inferred')) inferred.add(`${id}: ${m.file}: ${m.note}`);
        let grp = groups.find((x) => x.guard === g.flag);
        if (!grp) groups.push((grp = { guard: g.flag, rows: [] }));
        grp.rows.push({ name: m.file, memory: m.bib.memory, flags: m.bib.flags, component: id, field: `catalog ${id}: module ${m.name}` });
      }
    }
    return groups;
  };

  const desktopKeys: RegKey[] = [];
  for (const b of registry) {
    for (const k of b.keys) {
      const existing = desktopKeys.find((x) => x.path === k.path);
      if (existing) existing.values.push(...k.values);
      else desktopKeys.push({ path: k.path, values: [...k.values] });
    }
  }

  return {
    design: { name: design.name, file: design.file, ...(design.description ? { description: design.description } : {}), roots: r.roots },
    closure,
    registry,
    bib: { modules: bibGroups('MODULES'), files: bibGroups('FILES') },
    desktopKeys,
    registryValues,
    inferredFacts: [...inferred].sort(),
  };
}
