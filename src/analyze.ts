/** Design checks: validate, minimize and diff, all on top of the resolver. */
import { closureSet, resolve, type Resolution } from './resolve.js';
import { suggest } from './suggest.js';
import { UserError } from './errors.js';
import type { Catalog, EdgeKind } from './catalog/types.js';
import type { Design } from './design/types.js';

export type Severity = 'error' | 'warning' | 'note';

export interface Finding {
  severity: Severity;
  code: string;
  message: string;
  id?: string;
  line?: number;
  requiredBy?: string[];
  chain?: string[];
  suggestions?: string[];
}

export interface ValidationReport {
  file: string;
  kind: Design['kind'];
  complete: boolean;
  closureSize: number;
  findings: Finding[];
}

const BUILD_RULES: ReadonlySet<EdgeKind> = new Set(['build-rule']);

/**
 * Which edges a design relies on being applied for it. A JSON design is resolved by wcecfg, so every
 * edge is. A batch file is fed to cesysgen, which applies only its build rules: Catalog dependencies
 * must be set in the file itself.
 */
export function impliedKinds(design: Design): ReadonlySet<EdgeKind> | undefined {
  return design.kind === 'batch' ? BUILD_RULES : undefined;
}

function lineOf(design: Design, id: string): number | undefined {
  return design.lines.get(id);
}

/** The explicit selections that the other selections imply anyway (savedefconfig would drop them). */
export function redundantSelections(catalog: Catalog, select: readonly string[], kinds?: ReadonlySet<EdgeKind>): Map<string, string[]> {
  const { set, active } = closureSet(catalog, select, kinds);
  const selected = new Set(select);
  const out = new Map<string, string[]>();
  for (const t of set) {
    for (const r of catalog.items.get(t)!.requires) {
      if (r.id !== t && selected.has(r.id) && active(r)) {
        const by = out.get(r.id) ?? [];
        if (by[by.length - 1] !== t) by.push(t); // t's edges come together: no search of the whole list
        out.set(r.id, by);
      }
    }
  }
  for (const v of out.values()) v.sort();
  return out;
}

export type OptionChecker = (catalog: Catalog, design: Design, closure: Resolution) => Finding[];

export function validateDesign(catalog: Catalog, design: Design, extraChecks: readonly OptionChecker[] = []): ValidationReport {
  const findings: Finding[] = [];
  if (design.select.length === 0) throw new UserError(`${design.file}: the design selects nothing; select at least one Catalog item (for example SYSGEN_MESSENGER)`);
  const known: string[] = [];
  let unknown = 0;
  const checkName = (id: string, role: string) => {
    if (catalog.items.has(id)) return true;
    const line = lineOf(design, id);
    if (catalog.removed.has(id)) {
      findings.push({ severity: 'error', code: 'removed', id, ...(line ? { line } : {}), message: `${id} (${role}) was removed in Windows CE 5.0 (ms923645)` });
    } else {
      // Did-you-mean costs a comparison with every catalog item: only for the first few unknown names.
      const s = unknown++ < 50 ? suggest(id, catalog.items.keys()) : [];
      findings.push({
        severity: 'error', code: 'unknown', id, ...(line ? { line } : {}), suggestions: s,
        message: `unknown Sysgen variable ${id} (${role})${s.length ? `; did you mean ${s.join(', ')}?` : ''}`,
      });
    }
    return false;
  };
  for (const id of design.select) if (checkName(id, 'selected')) known.push(id);
  const exclude = design.exclude.filter((id) => checkName(id, 'excluded'));
  const cleared = design.cleared.filter((id) => checkName(id, 'cleared'));
  for (const w of design.warnings) findings.push({ severity: 'warning', code: 'batch', ...(w.line ? { line: w.line } : {}), message: w.message });

  let closureSize = 0;
  if (known.length > 0) {
    const full = resolve(catalog, known);
    closureSize = full.order.length;
    const needers = (id: string) => full.items.get(id)!.requiredBy.map((b) => b.id);
    const knownSet = new Set(known);
    for (const x of exclude) {
      if (knownSet.has(x)) findings.push({ severity: 'error', code: 'excluded-selected', id: x, message: `${x} is both selected and excluded` });
      else if (full.items.has(x)) {
        findings.push({ severity: 'error', code: 'excluded-needed', id: x, requiredBy: needers(x), chain: full.items.get(x)!.chain, message: `${x} is excluded, but ${needers(x).join(', ')} ${needers(x).length === 1 ? 'requires' : 'require'} it (${full.items.get(x)!.chain.join(' -> ')})` });
      }
    }
    for (const x of cleared) {
      if (full.items.has(x)) {
        const line = lineOf(design, x);
        findings.push({
          severity: 'error', code: 'cleared-needed', id: x, ...(line ? { line } : {}), requiredBy: needers(x), chain: full.items.get(x)!.chain,
          message: `${x} is cleared, but ${needers(x).join(', ')} ${needers(x).length === 1 ? 'requires' : 'require'} it, so the build sets it again (${full.items.get(x)!.chain.join(' -> ')})`,
        });
      }
    }
    const kinds = impliedKinds(design);
    if (kinds) {
      // What cesysgen reaches by itself from the file's selections; an item it cannot reach must be
      // written in the file unless a build rule from another item of the closure brings it in.
      const reached = closureSet(catalog, known, kinds).set;
      const ruled = new Set<string>();
      for (const id of full.order) for (const b of full.items.get(id)!.requiredBy) if (b.edges.some((e) => kinds.has(e.kind))) ruled.add(id);
      const missing = full.order.filter((id) => !reached.has(id) && !ruled.has(id));
      missing.sort((a, b) => full.items.get(a)!.chain.length - full.items.get(b)!.chain.length || (a < b ? -1 : 1));
      for (const id of missing) {
        const item = full.items.get(id)!;
        const why = item.requiredBy.flatMap((b) => b.edges.map((e) => `${b.id} (${e.source}${e.confidence === 'inferred' ? ', inferred' : ''})`));
        findings.push({
          severity: 'error', code: 'missing', id, requiredBy: item.requiredBy.map((b) => b.id), chain: item.chain,
          message: `missing ${id} (${item.component.title}): required by ${[...new Set(why)].join(', ')}; cesysgen does not add Catalog dependencies, so the file must set it`,
        });
      }
    }
    const redundant = redundantSelections(catalog, known, kinds);
    for (const [id, by] of [...redundant].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const line = lineOf(design, id);
      findings.push({
        severity: design.kind === 'json' ? 'warning' : 'note', code: 'redundant', id, ...(line ? { line } : {}), requiredBy: by,
        message: `${id} is selected explicitly but ${by.join(', ')} already require${by.length === 1 ? 's' : ''} it`,
      });
    }
    for (const check of extraChecks) for (const f of check(catalog, design, full)) findings.push(f); // no spread: the input decides the count
  }
  return { file: design.file, kind: design.kind, complete: !findings.some((f) => f.severity === 'error'), closureSize, findings };
}

/**
 * The smallest set of explicit selections that reproduces the design's closure (savedefconfig's
 * idea): the closure items that nothing else in the closure requires. For a batch file only build
 * rules count as "requires", since cesysgen applies nothing else.
 */
export function minimizeDesign(catalog: Catalog, design: Design): { select: string[]; closure: string[] } {
  const full = resolve(catalog, design.select, { exclude: design.exclude });
  const kinds = impliedKinds(design);
  const { set, active } = closureSet(catalog, full.order, kinds);
  const required = new Set<string>();
  for (const id of set) for (const r of catalog.items.get(id)!.requires) if (active(r) && r.id !== id) required.add(r.id);
  const select = full.order.filter((id) => !required.has(id)).sort();
  // Self-check: the minimal selection must give back the same closure.
  const again = closureSet(catalog, select, kinds).set;
  const same = again.size === full.order.length && full.order.every((id) => again.has(id));
  if (!same) throw new Error('internal error: the minimal selection does not reproduce the closure');
  return { select, closure: full.order };
}

export interface DiffResult {
  removed: string[];
  added: string[];
  changed: Array<{ id: string; from: 'selected' | 'implied'; to: 'selected' | 'implied' }>;
}

/** Closure difference of two designs, grouped like Kconfig's diffconfig. */
export function diffDesigns(catalog: Catalog, a: Design, b: Design): DiffResult {
  const ra = resolve(catalog, a.select, { exclude: a.exclude });
  const rb = resolve(catalog, b.select, { exclude: b.exclude });
  const sort = (x: string[]) => x.sort();
  const status = (r: Resolution, id: string) => (r.items.get(id)!.root ? 'selected' : 'implied') as 'selected' | 'implied';
  return {
    removed: sort(ra.order.filter((id) => !rb.items.has(id))),
    added: sort(rb.order.filter((id) => !ra.items.has(id))),
    changed: sort(ra.order.filter((id) => rb.items.has(id) && status(ra, id) !== status(rb, id))).map((id) => ({ id, from: status(ra, id), to: status(rb, id) })),
  };
}
