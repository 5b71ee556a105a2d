/** Design checks: validate, minimize and diff, all on top of the resolver. */
import { closureSet, resolve, type Resolution } from './resolve.js';
import { classifyName, describeName, nameCode, SUGGEST_FOR } from './catalog/names.js';
import type { Catalog, EdgeKind } from './catalog/types.js';
import type { Design } from './design/types.js';

export type Severity = 'error' | 'warning' | 'note';

export interface Finding {
  severity: Severity;
  code: string;
  message: string;
  id?: string;
  /** The line of the design file (or, with `file`, of that file) the finding is about. */
  line?: number;
  /** The JSON pointer of the value the finding is about (a missing member: the pointer it would have). */
  pointer?: string;
  /** The file the pointer is in, when it is not the design itself (a catalog file). */
  file?: string;
  requiredBy?: string[];
  chain?: string[];
  suggestions?: string[];
}

export interface ValidationReport {
  file: string;
  kind: Design['kind'];
  complete: boolean;
  /** The explicit selections, in file order. */
  selected: string[];
  /** The closure wcecfg works out, in dependency order (variables outside the catalog first, as leaves). */
  closure: string[];
  closureSize: number;
  findings: Finding[];
  /** Non-Sysgen settings of a batch design (BSP_*, IMG*, ...), kept as they are. */
  settings: NonNullable<Design['settings']>;
  /** A Platform Builder workspace: its platform, BSP and the other vendors' Catalog items it selects. */
  platform?: string;
  bsp?: string;
  thirdParty?: NonNullable<Design['thirdParty']>;
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

/**
 * Every variable the design names that the catalog does not hold (unknown, removed in CE 5.0, of a
 * later CE version), once each, with its line: warnings, or errors under --strict.
 */
function outsiderFindings(catalog: Catalog, design: Design, strict = false): Finding[] {
  const out: Finding[] = [];
  let unknowns = 0;
  const seen = new Set<string>();
  const roles: Array<[readonly string[], string, string]> = [
    [design.select, 'selected', 'kept as a selected item with no requirements'],
    [design.cleared, 'cleared', 'clearing it changes nothing wcecfg knows of'],
    [design.exclude, 'excluded', 'excluding it changes nothing wcecfg knows of'],
  ];
  for (const [ids, role, effect] of roles) {
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      if (catalog.items.has(id)) continue;
      // Did-you-mean compares with every item: only for the first names, so 100,000 stay linear.
      const c = classifyName(catalog, id, { suggestions: unknowns++ < SUGGEST_FOR });
      if (c.kind === 'known') continue;
      const line = lineOf(design, id);
      out.push({
        severity: strict ? 'error' : 'warning', code: nameCode(c), id, ...(line ? { line } : {}),
        ...(c.kind === 'unknown' ? { suggestions: c.suggestions } : {}),
        message: `${describeName(c)}; ${role}: ${effect}`,
      });
    }
  }
  return out;
}

/** Findings in line order (a stable sort: those without a line keep their place at the end). */
function byLine(findings: Finding[]): Finding[] {
  return findings.map((f, i) => [f, i] as const).sort((a, b) => (a[0].line ?? Infinity) - (b[0].line ?? Infinity) || a[1] - b[1]).map(([f]) => f);
}

/** The catalog's items among the ids (the rest are outside it). */
function knownIds(catalog: Catalog, ids: readonly string[]): string[] {
  return ids.filter((id) => catalog.items.has(id));
}

/** The explicit selections that the other selections imply anyway (savedefconfig would drop them). */
function redundantSelections(catalog: Catalog, select: readonly string[], kinds?: ReadonlySet<EdgeKind>): Map<string, string[]> {
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

/** The full closure of a design's selections (outsiders as leaves), as validate and minimize see it. */
function fullClosure(catalog: Catalog, design: Design): Resolution {
  return resolve(catalog, design.select, { outsiders: 'leaf', design });
}

/**
 * Which closure items the build sets without the file naming them: for a JSON design every one (wcecfg
 * resolves it); for a batch file what cesysgen reaches by itself from the file's selections, and what a
 * build rule of another closure item brings in.
 */
function setByBuild(catalog: Catalog, design: Design, full: Resolution): (id: string) => boolean {
  const kinds = impliedKinds(design);
  if (!kinds) return () => true;
  const reached = closureSet(catalog, knownIds(catalog, design.select), kinds).set;
  const ruled = new Set<string>();
  for (const id of full.order) for (const b of full.items.get(id)!.requiredBy) if (b.edges.some((e) => kinds.has(e.kind))) ruled.add(id);
  return (id) => reached.has(id) || ruled.has(id);
}

/**
 * The `set` lines a batch design must add to be complete: the closure items that cesysgen neither
 * reaches from the file's selections nor gets from a build rule of another item (Catalog dependencies
 * it does not apply). Nearest first (shortest chain), then by name. Empty for a JSON design. The one
 * answer to "what must the file add", used by validate (its "missing" findings), validate --fix,
 * minimize and generate.
 */
export function missingSets(catalog: Catalog, design: Design, full?: Resolution): string[] {
  if (!impliedKinds(design) || knownIds(catalog, design.select).length === 0) return [];
  const r = full ?? fullClosure(catalog, design);
  const setAgain = setByBuild(catalog, design, r);
  const missing = r.order.filter((id) => !r.items.get(id)!.outside && !setAgain(id));
  return missing.sort((a, b) => r.items.get(a)!.chain.length - r.items.get(b)!.chain.length || (a < b ? -1 : 1));
}

export type OptionChecker = (catalog: Catalog, design: Design, closure: Resolution) => Finding[];

/** The warnings about a design, by line: batch lines not evaluated, and each variable outside the catalog. */
export function designWarnings(catalog: Catalog, design: Design, strict = false): Finding[] {
  const early: Finding[] = design.warnings.map((w) => ({ severity: 'warning', code: 'batch', ...(w.line ? { line: w.line } : {}), message: w.message }));
  for (const f of outsiderFindings(catalog, design, strict)) early.push(f);
  return byLine(early);
}

export function validateDesign(catalog: Catalog, design: Design, extraChecks: readonly OptionChecker[] = [], opts: { strict?: boolean } = {}): ValidationReport {
  const findings: Finding[] = [];
  const report = (closure: string[]): ValidationReport => ({
    file: design.file, kind: design.kind, complete: !findings.some((f) => f.severity === 'error'),
    selected: [...design.select], closure, closureSize: closure.length, findings, settings: design.settings ?? [],
    ...(design.platform !== undefined ? { platform: design.platform } : {}),
    ...(design.bsp !== undefined ? { bsp: design.bsp } : {}),
    ...(design.thirdParty !== undefined ? { thirdParty: design.thirdParty } : {}),
  });
  for (const f of designWarnings(catalog, design, opts.strict)) findings.push(f);
  if (design.select.length === 0) {
    findings.push({ severity: 'error', code: 'empty', message: 'the design selects nothing; select at least one Catalog item (for example SYSGEN_MESSENGER)' });
    return report([]);
  }
  const known = knownIds(catalog, design.select);
  const knownSet = new Set(known);
  const clearedSet = new Set(design.cleared);
  const exclude = knownIds(catalog, design.exclude);
  const cleared = knownIds(catalog, design.cleared);
  const full = fullClosure(catalog, design);
  if (known.length > 0) {
    const needers = (id: string) => full.items.get(id)!.requiredBy.map((b) => b.id);
    const requires = (by: string[]) => (by.length === 1 ? 'requires' : 'require');
    for (const x of exclude) {
      if (knownSet.has(x)) findings.push({ severity: 'error', code: 'excluded-selected', id: x, message: `${x} is both selected and excluded` });
      else if (full.items.has(x)) {
        findings.push({ severity: 'error', code: 'excluded-needed', id: x, requiredBy: needers(x), chain: full.items.get(x)!.chain, message: `${x} is excluded, but ${needers(x).join(', ')} ${requires(needers(x))} it (${full.items.get(x)!.chain.join(' -> ')})` });
      }
    }
    const kinds = impliedKinds(design);
    const setAgain = setByBuild(catalog, design, full);
    for (const x of cleared) {
      if (!full.items.has(x) || !setAgain(x)) continue; // a cleared item only a Catalog dependency needs is "missing" below
      const line = lineOf(design, x);
      findings.push({
        severity: 'error', code: 'cleared-needed', id: x, ...(line ? { line } : {}), requiredBy: needers(x), chain: full.items.get(x)!.chain,
        message: `${x} is cleared, but ${needers(x).join(', ')} ${requires(needers(x))} it, so the build sets it again (${full.items.get(x)!.chain.join(' -> ')})`,
      });
    }
    for (const id of missingSets(catalog, design, full)) {
      const item = full.items.get(id)!;
      const why = item.requiredBy.flatMap((b) => b.edges.map((e) => `${b.id} (${e.source}${e.confidence === 'inferred' ? ', inferred' : ''})`));
      const line = clearedSet.has(id) ? lineOf(design, id) : undefined;
      findings.push({
        severity: 'error', code: 'missing', id, ...(line ? { line } : {}), requiredBy: item.requiredBy.map((b) => b.id), chain: item.chain,
        message: `missing ${id} (${item.component.title}): required by ${[...new Set(why)].join(', ')}; cesysgen does not add Catalog dependencies, so the file must set it${line ? ` (it clears it on line ${line})` : ''}`,
      });
    }
    const redundant = redundantSelections(catalog, known, kinds);
    for (const [id, by] of [...redundant].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const line = lineOf(design, id);
      findings.push({
        severity: design.kind === 'batch' ? 'note' : 'warning', code: 'redundant', id, ...(line ? { line } : {}), requiredBy: by,
        message: `${id} is selected explicitly but ${by.join(', ')} already require${by.length === 1 ? 's' : ''} it`,
      });
    }
    for (const check of extraChecks) for (const f of check(catalog, design, full)) findings.push(f);
  }
  // Non-Sysgen settings are not findings: the report lists them once, under `settings`.
  return report(full.order);
}

/**
 * Two files of one design (a .pbxml or JSON design and its batch file, same stem): the variables the
 * first selects that the other does not build, as findings of the first (with its lines). What a
 * file builds is its builtClosure: a generated batch file that sets the whole closure of a JSON
 * design, or a batch file that sets a dependency the workspace leaves to the resolver, has not
 * drifted; a variable one file asks for and the other would leave out of the image has.
 */
export function driftFindings(catalog: Catalog, x: Design, y: Design): Finding[] {
  const other = builtClosure(catalog, y);
  const out: Finding[] = [];
  for (const id of x.select) {
    if (other.has(id)) continue;
    const line = x.lines.get(id);
    out.push({ severity: 'error', code: 'drift', id, ...(line ? { line } : {}), message: `${id} is selected here but ${y.file} does not build it: the two files of this design have drifted apart` });
  }
  return out;
}

/**
 * The smallest set of explicit selections that reproduces the design's closure (savedefconfig's
 * idea): the closure items that nothing else in the closure requires. For a batch file only build
 * rules count as "requires", since cesysgen applies nothing else. Variables outside the catalog are
 * leaves nothing requires, so they stay selected.
 */
export function minimizeDesign(catalog: Catalog, design: Design, readAs: 'batch' | 'design' = design.kind === 'batch' ? 'batch' : 'design'): Minimized {
  const full = resolve(catalog, design.select, { exclude: design.exclude, outsiders: 'leaf', design });
  // Minimal for how the result is read: a batch file by cesysgen (build rules only), a design by wcecfg.
  const kinds = readAs === 'batch' ? BUILD_RULES : undefined;
  const inside = full.order.filter((id) => !full.items.get(id)!.outside);
  const { set, active } = closureSet(catalog, inside, kinds);
  const required = new Set<string>();
  for (const id of set) for (const r of catalog.items.get(id)!.requires) if (active(r) && r.id !== id) required.add(r.id);
  const select = full.order.filter((id) => !required.has(id)).sort();
  // Self-check: the minimal selection must give back the same closure.
  const again = closureSet(catalog, knownIds(catalog, select), kinds).set;
  const same = again.size === inside.length && inside.every((id) => again.has(id));
  if (!same) throw new Error('internal error: the minimal selection does not reproduce the closure');
  return { select, closure: full.order, full };
}

/** minimizeDesign's answer: the minimal selection, the closure, and the resolution it was worked out from. */
export interface Minimized {
  select: string[];
  closure: string[];
  /** The design's whole closure (outsiders as leaves): missingSets takes it instead of resolving again. */
  full: Resolution;
}

export interface DiffResult {
  removed: string[];
  added: string[];
  changed: Array<{ id: string; from: 'selected' | 'implied'; to: 'selected' | 'implied' }>;
  /** Each side that is incomplete (a batch file missing set lines cesysgen will not add), with what it misses. */
  incomplete: Array<{ side: 'a' | 'b'; file: string; missing: string[] }>;
  /**
   * The batch lines that turn A's build into B's (--merge-style): `set X=` for each removed item and
   * `set X=1` for each added item that no build rule of another item of B's build sets (cesysgen sets
   * those by itself).
   */
  merge: { clear: string[]; set: string[] };
}

/**
 * What the build of a design builds: for a JSON design (or a workspace) the whole closure, since wcecfg
 * or Platform Builder's IDE applies every requirement; for a batch file what cesysgen builds, the
 * closure of its selections under build rules only (impliedKinds), plus the variables outside the
 * catalog it sets. With whether each item is selected or implied.
 */
function builtClosure(catalog: Catalog, design: Design): Map<string, 'selected' | 'implied'> {
  const roots = new Set(design.select);
  const status = (id: string) => (roots.has(id) ? 'selected' : 'implied') as 'selected' | 'implied';
  const kinds = impliedKinds(design);
  if (!kinds) {
    const r = resolve(catalog, design.select, { exclude: design.exclude, outsiders: 'leaf', design });
    return new Map(r.order.map((id) => [id, r.items.get(id)!.root ? 'selected' : 'implied']));
  }
  const out = new Map<string, 'selected' | 'implied'>();
  for (const id of design.select) if (!catalog.items.has(id)) out.set(id, 'selected');
  for (const id of closureSet(catalog, knownIds(catalog, design.select), kinds).set) out.set(id, status(id));
  return out;
}

/** The items of a built closure that a build rule of another of its items sets. */
function ruledIn(catalog: Catalog, built: Map<string, unknown>): Set<string> {
  const known = knownIds(catalog, [...built.keys()]);
  const { active } = closureSet(catalog, known, BUILD_RULES);
  const out = new Set<string>();
  for (const id of known) for (const r of catalog.items.get(id)!.requires) if (r.id !== id && built.has(r.id) && active(r)) out.add(r.id);
  return out;
}

/**
 * Difference of what two designs build, grouped like Kconfig's diffconfig: a batch file is compared
 * by what cesysgen builds from it (builtClosure), so a file missing set lines differs from its fixed
 * copy, and each incomplete side is named with its missing items (missingSets).
 */
export function diffDesigns(catalog: Catalog, a: Design, b: Design): DiffResult {
  const [ca, cb] = [builtClosure(catalog, a), builtClosure(catalog, b)];
  const ids = (m: Map<string, unknown>) => [...m.keys()].sort();
  const incomplete: DiffResult['incomplete'] = [];
  for (const [side, d] of [['a', a], ['b', b]] as const) {
    const missing = missingSets(catalog, d);
    if (missing.length) incomplete.push({ side, file: d.file, missing });
  }
  const removed = ids(ca).filter((id) => !cb.has(id));
  const ruled = ruledIn(catalog, cb);
  const added = ids(cb).filter((id) => !ca.has(id));
  return {
    removed, added,
    changed: ids(ca).filter((id) => cb.has(id) && ca.get(id) !== cb.get(id)).map((id) => ({ id, from: ca.get(id)!, to: cb.get(id)! })),
    incomplete,
    merge: { clear: removed, set: added.filter((id) => !ruled.has(id)) },
  };
}
