/**
 * A Platform Builder tree (--wince-root DIR, or _WINCEROOT): its Catalog files under
 * PUBLIC\*\CATALOG, PUBLIC\*\OAK\CATALOG, PLATFORM\*\CATALOG and PLATFORM\*\CEC, and the build rules
 * of PUBLIC\COMMON\CESYSGEN\cesysgen.bat (or PUBLIC\COMMON\OAK\MISC\cesysgen.bat). Trees copied
 * from Windows vary in case, so every path segment is matched case-insensitively. A tree that lacks
 * these files is a warning, not an error.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { looksBinary } from '../design/batch.js';
import { parseCesysgen, type BuildRule } from './cesysgen.js';
import { firstBinaryLine, readPbFile, type CatalogWarning, type LoadedComponent } from './pbfiles.js';
import type { Requirement } from './types.js';

export interface RuleChange {
  from: string;
  to: string;
  source: string;
  unless?: string;
}

/** What the tree changed, for report.md. */
export interface TreeInfo {
  root: string;
  catalogFiles: string[];
  cesysgen?: string;
  /** Rules of the tree that the built-in catalog does not have. */
  added: RuleChange[];
  /** Built-in build rules the tree's cesysgen.bat does not have (for variables it has rules for). */
  removed: RuleChange[];
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Paths matching `segments` under `base`, each segment case-insensitive; `*` is any directory. */
export function globCi(base: string, segments: readonly string[]): string[] {
  let cur = [base];
  for (const seg of segments) {
    const next: string[] = [];
    for (const d of cur) {
      for (const e of entries(d).sort()) {
        if (seg === '*' ? isDir(join(d, e)) : e.toLowerCase() === seg.toLowerCase()) next.push(join(d, e));
      }
    }
    cur = next;
  }
  return cur;
}

const CATALOG_DIRS = [
  ['PUBLIC', '*', 'CATALOG'],
  ['PUBLIC', '*', 'OAK', 'CATALOG'],
  ['PLATFORM', '*', 'CATALOG'],
  ['PLATFORM', '*', 'CEC'],
];

/** .cec/.pbcxml files below a catalog folder (a few levels deep: CE 5.0 keeps them in CATALOG\CEC). */
function catalogFilesUnder(dir: string, depth = 3): string[] {
  const out: string[] = [];
  for (const e of entries(dir).sort()) {
    const p = join(dir, e);
    if (/\.(cec|pbcxml)$/i.test(e) && !isDir(p)) out.push(p);
    else if (depth > 0 && isDir(p)) out.push(...catalogFilesUnder(p, depth - 1));
  }
  return out;
}

export function findTreeFiles(root: string): { catalogs: string[]; cesysgen?: string } {
  const catalogs = [...new Set(CATALOG_DIRS.flatMap((segs) => globCi(root, segs)).flatMap((d) => catalogFilesUnder(d)))];
  const cesysgen = [
    ...globCi(root, ['PUBLIC', 'COMMON', 'CESYSGEN', 'cesysgen.bat']),
    ...globCi(root, ['PUBLIC', 'COMMON', 'OAK', 'MISC', 'cesysgen.bat']),
  ][0];
  return { catalogs, ...(cesysgen ? { cesysgen } : {}) };
}

/** Check the root; an explicit --wince-root that is not a folder is an error, an inherited _WINCEROOT a warning. */
export function checkRoot(root: string, fromEnv: boolean, warnings: CatalogWarning[]): boolean {
  if (isDir(root)) return true;
  const why = `${root}: not a Platform Builder tree (no such directory)`;
  if (!fromEnv) throw new UserError(`--wince-root ${why}`);
  warnings.push({ file: '_WINCEROOT', message: `${why}; ignored` });
  return false;
}

/** Apply the tree's cesysgen.bat rules over the catalog: for each variable the file has rules for, its rules replace the built-in build rules. */
export function applyCesysgen(byId: Map<string, LoadedComponent>, path: string, shown: string, warnings: CatalogWarning[]): { added: RuleChange[]; removed: RuleChange[] } {
  const buf = readPbFile(path, shown, 'cesysgen.bat');
  if (looksBinary(buf)) throw new UserError(`${shown}:${firstBinaryLine(buf) ?? 1}: not a text batch file (binary content)`);
  const { rules, problems } = parseCesysgen(buf.toString('latin1'), shown);
  for (const p of problems) warnings.push({ file: shown, line: p.line, message: p.message });
  const byFrom = new Map<string, BuildRule[]>();
  for (const r of rules) byFrom.set(r.from, [...(byFrom.get(r.from) ?? []), r]);
  // Variables the rules name that no catalog item defines become items of their own.
  for (const r of rules) {
    for (const v of [r.from, r.to, ...(r.unless ? [r.unless] : [])]) {
      if (byId.has(v)) continue;
      byId.set(v, {
        component: { id: v, title: v, description: `Named by the build rules of ${shown}.`, area: 'Build rules (cesysgen.bat)', confidence: 'build-rule', requires: [], modules: [], sources: [r.source] },
        file: shown,
        shown: r.source,
        at: '',
      });
    }
  }
  const added: RuleChange[] = [];
  const removed: RuleChange[] = [];
  for (const [from, mine] of byFrom) {
    const prior = byId.get(from)!;
    const old = prior.component.requires.filter((q) => q.kind === 'build-rule');
    const edges: Requirement[] = mine.map((r) => ({
      id: r.to,
      kind: 'build-rule',
      confidence: 'documented',
      source: r.source,
      ...(r.note ? { note: r.note } : {}),
      ...(r.unless ? { unless: r.unless } : {}),
      ...(r.via ? { via: r.via } : {}),
    }));
    for (const e of edges) if (!old.some((o) => o.id === e.id)) added.push({ from, to: e.id, source: e.source, ...(e.unless ? { unless: e.unless } : {}) });
    for (const o of old) if (!edges.some((e) => e.id === o.id)) removed.push({ from, to: o.id, source: o.source, ...(o.unless ? { unless: o.unless } : {}) });
    byId.set(from, { ...prior, component: { ...prior.component, requires: [...prior.component.requires.filter((q) => q.kind !== 'build-rule'), ...edges] } });
  }
  breakRuleCycles(byId, shown, warnings, added);
  const order = (a: RuleChange, b: RuleChange) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to);
  return { added: added.sort(order), removed: removed.sort(order) };
}

/**
 * cesysgen.bat may set two variables from each other (harmless to a batch file, which only sets
 * them); wcecfg's catalog must stay acyclic. An edge from the tree's rules that closes a cycle is
 * dropped, with a warning naming its line. Iterative DFS: real trees are large.
 */
function breakRuleCycles(byId: Map<string, LoadedComponent>, shown: string, warnings: CatalogWarning[], added: RuleChange[]): void {
  const state = new Map<string, 1 | 2>();
  for (const start of byId.keys()) {
    if (state.has(start)) continue;
    const stack: Array<{ id: string; next: number }> = [{ id: start, next: 0 }];
    state.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const c = byId.get(top.id)!.component;
      if (top.next >= c.requires.length) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const edge = c.requires[top.next]!;
      const s = state.get(edge.id);
      if (s === 1 && edge.kind === 'build-rule' && edge.source.startsWith(`${shown}:`)) {
        c.requires = c.requires.filter((r) => r !== edge);
        const i = added.findIndex((a) => a.from === top.id && a.to === edge.id);
        if (i >= 0) added.splice(i, 1);
        warnings.push({ file: shown, line: Number(edge.source.slice(shown.length + 1).split(',').pop()) || undefined, message: `${top.id} => ${edge.id} closes a cycle of build rules (${edge.id} already leads to ${top.id}); not used` });
        continue;
      }
      top.next++;
      if (s === undefined && byId.has(edge.id)) {
        state.set(edge.id, 1);
        stack.push({ id: edge.id, next: 0 });
      }
    }
  }
}
