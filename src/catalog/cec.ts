/**
 * CE 5.0 Catalog files (.cec): parenthesised blocks.
 *
 *   CECInfo ( Name("x.cec") CECVersion(5.00) Vendor("...") )
 *   ComponentType ( Name("...") GUID({...}) Group("\Area") Implementations (
 *     Implementation ( Name("...") GUID({...}) FeatureVariable(SYSGEN_X, "1") Children("{GUID}")
 *       BuildMethods ( BuildMethod ( Step(BSP) CPU("x86") Action('#ENV(SYSGEN_X, "1")') ) )
 *       BibInfo ( Files ( File ( CPU("x86") BibRecord('#MODULES("x.dll", "$(_FLATRELEASEDIR)\x.dll", "NK", "SH")') ) ) ) ) ) )
 *
 * Tokens are separated by blanks; `//` starts a comment; "..." strings end on their line, '...'
 * strings (actions, records) may span lines. Each implementation that sets a SYSGEN_ variable
 * becomes a component; `Children` links become requirements once their GUIDs are known (see
 * linkChildren); BibRecord rows become modules placed in project.bib. Pure: text in, components and
 * problems out.
 */
import type { BibPlacement, Component, Module, Requirement } from './types.js';

export interface CecProblem {
  severity: 'error' | 'warning';
  line: number;
  message: string;
}

export interface CecNode {
  name: string;
  /** The name in lower case (keywords are case-insensitive). */
  key: string;
  line: number;
  /** Scalar values (strings unquoted, GUIDs with braces, bare words) and nested blocks, in order. */
  args: Array<string | CecNode>;
}

/** A Children link not resolved inside the file: the loader resolves it against every file it read. */
export interface PendingChild {
  from: string;
  guid: string;
  line: number;
}

export interface CecResult {
  components: Component[];
  /** GUID (upper case, braces) → the SYSGEN id of the implementation or component type it names ('' when it sets none). */
  guids: Map<string, string>;
  pending: PendingChild[];
  problems: CecProblem[];
  info: { name?: string; vendor?: string; version?: string };
}

class CecSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

const WORD = /[^ \t\r\n\f\v,()"'\x1a]+/y;
const KEYWORD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The block tree of a .cec file, in one pass (no token array: catalogs of tens of thousands of
 * items stay cheap); a syntax error names its line. With `onTop`, each top-level block is handed
 * over when it closes and not kept, so a file's tree is never held whole.
 */
export function parseCecTree(source: string, onTop?: (block: CecNode) => void): CecNode[] {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const top: CecNode = { name: '', key: '', line: 0, args: [] };
  const stack: CecNode[] = [top];
  let cur = top;
  let line = 1;
  let i = 0;
  const n = text.length;
  // A word is a keyword only if '(' follows it: hold it until the next token says which.
  let pending: { value: string; line: number } | undefined;
  const flushWord = () => {
    if (!pending) return;
    if (stack.length === 1) throw new CecSyntaxError(pending.line, `"${pending.value.slice(0, 40)}" outside any block; a .cec file is a list of blocks such as CECInfo ( ... )`);
    cur.args.push(pending.value);
    pending = undefined;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      i++;
      continue;
    }
    // blank, tab, CR, comma, form feed, vertical tab, Ctrl-Z
    if (c === 32 || c === 9 || c === 13 || c === 44 || c === 12 || c === 11 || c === 26) {
      i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === 40) {
      // '('
      if (!pending) throw new CecSyntaxError(line, "'(' must follow a keyword such as Name or Implementation");
      if (!KEYWORD.test(pending.value)) throw new CecSyntaxError(pending.line, `"${pending.value.slice(0, 40)}" is not a .cec keyword`);
      const node: CecNode = { name: pending.value, key: pending.value.toLowerCase(), line: pending.line, args: [] };
      pending = undefined;
      if (!(onTop && cur === top)) cur.args.push(node);
      stack.push(node);
      cur = node;
      i++;
      continue;
    }
    flushWord();
    if (c === 41) {
      // ')'
      if (stack.length === 1) throw new CecSyntaxError(line, "unbalanced parentheses: ')' without a matching '('");
      const closed = stack.pop()!;
      cur = stack[stack.length - 1]!;
      if (onTop && cur === top) onTop(closed);
      i++;
      continue;
    }
    if (c === 34) {
      // "...": ends on its line
      const end = text.indexOf('"', i + 1);
      const nl = text.indexOf('\n', i + 1);
      if (end < 0 || (nl >= 0 && nl < end)) throw new CecSyntaxError(line, 'unterminated string: a "..." string must close on the line it opens');
      if (stack.length === 1) throw new CecSyntaxError(line, 'a string outside any block; a .cec file is a list of blocks such as CECInfo ( ... )');
      cur.args.push(text.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (c === 39) {
      // '...': may span lines (long actions and records)
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new CecSyntaxError(line, "unterminated string: the '...' string opened here never closes");
      if (stack.length === 1) throw new CecSyntaxError(line, 'a string outside any block; a .cec file is a list of blocks such as CECInfo ( ... )');
      const value = text.slice(i + 1, end);
      cur.args.push(value);
      for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) line++;
      i = end + 1;
      continue;
    }
    if (c < 0x20 || c === 0x7f || c === 0xfffd) throw new CecSyntaxError(line, `unexpected control or binary character (0x${c.toString(16).padStart(2, '0')}); a .cec file is text`);
    WORD.lastIndex = i;
    const m = WORD.exec(text)!;
    let w = m[0];
    const cut = w.indexOf('//');
    if (cut > 0) w = w.slice(0, cut);
    pending = { value: w, line };
    i += w.length;
  }
  flushWord();
  if (stack.length > 1) {
    const open = stack[stack.length - 1]!;
    throw new CecSyntaxError(open.line, `unbalanced parentheses: ${open.name} ( opened here is never closed`);
  }
  return top.args.filter((a): a is CecNode => typeof a !== 'string');
}

const ci = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const blocks = (n: CecNode, name: string) => {
  const key = name.toLowerCase();
  return n.args.filter((a): a is CecNode => typeof a !== 'string' && a.key === key);
};
const block = (n: CecNode, name: string) => {
  const key = name.toLowerCase();
  return n.args.find((a): a is CecNode => typeof a !== 'string' && a.key === key);
};
const scalar = (n: CecNode | undefined) => (n ? n.args.filter((a): a is string => typeof a === 'string') : []);
const value = (n: CecNode, name: string) => scalar(block(n, name))[0];
const normGuid = (g: string) => {
  const s = g.trim().replace(/^"|"$/g, '').toUpperCase();
  return s.startsWith('{') ? s : `{${s}}`;
};

/** `#ENV(NAME, "1")` actions: the variables a build method sets. */
function envActions(impl: CecNode): Array<{ name: string; value: string; line: number }> {
  const out: Array<{ name: string; value: string; line: number }> = [];
  for (const bms of blocks(impl, 'BuildMethods')) {
    for (const bm of blocks(bms, 'BuildMethod')) {
      for (const act of blocks(bm, 'Action')) {
        for (const a of scalar(act)) {
          const m = /^\s*#ENV\s*\(\s*"?([A-Za-z_][A-Za-z0-9_]*)"?\s*,\s*"?([^")]*)"?\s*\)\s*$/i.exec(a);
          if (m) out.push({ name: m[1]!, value: m[2]!.trim(), line: act.line });
        }
      }
    }
  }
  return out;
}

const ROLE: Record<string, Module['role']> = { exe: 'exe', dll: 'dll', lib: 'lib', mui: 'resources' };

/** `#MODULES("name", "path", "NK", "SH")` / `#FILES(...)` BibRecord rows. */
function bibRecords(impl: CecNode, file: string, problems: CecProblem[]): Module[] {
  const mods: Module[] = [];
  for (const bi of blocks(impl, 'BibInfo')) {
    const recs: CecNode[] = [];
    const stack = [bi];
    while (stack.length) {
      const n = stack.pop()!;
      for (const a of n.args) if (typeof a !== 'string') (ci(a.name, 'BibRecord') ? recs : stack).push(a);
    }
    recs.sort((a, b) => a.line - b.line);
    for (const rec of recs) {
      for (const r of scalar(rec)) {
        const m = /^\s*#(MODULES|FILES)\s*\((.*)\)\s*$/is.exec(r);
        if (!m) {
          problems.push({ severity: 'warning', line: rec.line, message: `BibRecord "${r.slice(0, 60)}" is neither #MODULES(...) nor #FILES(...); ignored` });
          continue;
        }
        const fields = [...m[2]!.matchAll(/"([^"]*)"|([^\s,"]+)/g)].map((x) => x[1] ?? x[2] ?? '');
        const [name, path, memory, flags] = fields;
        if (!name) {
          problems.push({ severity: 'warning', line: rec.line, message: `BibRecord without a file name; ignored` });
          continue;
        }
        const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
        const bib: BibPlacement = { section: m[1]!.toUpperCase() as BibPlacement['section'], memory: memory || 'NK', flags: (flags ?? '').toUpperCase() };
        mods.push({
          name: ext ? name.slice(0, name.lastIndexOf('.')).toLowerCase() : name.toLowerCase(),
          role: ROLE[ext] ?? 'module',
          file: name,
          source: `${file}:${rec.line}`,
          ...(path ? { note: `BibRecord path ${path}` } : {}),
          bib,
        });
      }
    }
  }
  return mods;
}

/** Parse a .cec file into components. Syntax errors are returned as one error problem (and no components). */
export function parseCec(text: string, file: string): CecResult {
  const problems: CecProblem[] = [];
  const result: CecResult = { components: [], guids: new Map(), pending: [], problems, info: {} };
  const failed = (line: number, message: string): CecResult => ({ components: [], guids: new Map(), pending: [], problems: [{ severity: 'error', line, message }], info: {} });
  const children: Array<{ from: string; guid: string; line: number }> = [];
  const byId = new Map<string, Component>();
  let firstLine: number | undefined;
  let info: CecNode | undefined;
  let types = 0;
  // Each top-level block is read into components as soon as it closes (see parseCecTree).
  try {
    parseCecTree(text, (b) => {
      firstLine ??= b.line;
      if (b.key === 'cecinfo') info ??= b;
      else if (b.key === 'componenttype') {
        types++;
        componentType(b, file, result, byId, children);
      }
    });
  } catch (e) {
    if (e instanceof CecSyntaxError) return failed(e.line, e.message);
    throw e;
  }
  if (!info && types === 0) return failed(firstLine ?? 1, 'not a Catalog file: no CECInfo or ComponentType block');
  if (info) result.info = { name: value(info, 'Name'), vendor: value(info, 'Vendor'), version: value(info, 'CECVersion') };
  for (const ch of children) {
    const to = result.guids.get(ch.guid);
    if (to === '') continue;
    if (to === undefined) {
      result.pending.push(ch);
      continue;
    }
    addChild(byId.get(ch.from)!, to, `${file}:${ch.line}`);
  }
  return result;
}

/** One ComponentType block: a component for each implementation that sets a SYSGEN_ variable. */
function componentType(ct: CecNode, file: string, result: CecResult, byId: Map<string, Component>, children: PendingChild[]): void {
  const problems = result.problems;
  const ctName = value(ct, 'Name') ?? '(unnamed)';
  const area = (value(ct, 'Group') ?? '').replace(/^\\+/, '').replace(/\\/g, ' > ') || `Catalog file ${file}`;
  const ctGuid = value(ct, 'GUID');
  for (const impls of blocks(ct, 'Implementations')) {
    for (const impl of blocks(impls, 'Implementation')) {
      const vars: Array<{ name: string; value: string; line: number }> = [];
      // FeatureVariable(SYSGEN_X, "1") is the CE 5.0 documented form (ms933812); Variable(...) is also met.
      for (const v of [...blocks(impl, 'FeatureVariable'), ...blocks(impl, 'Variable')]) {
        const [name, val] = scalar(v);
        if (name) vars.push({ name, value: val ?? '1', line: v.line });
      }
      vars.push(...envActions(impl));
      const sysgen = vars.filter((v) => /^SYSGEN_[A-Z0-9_]+$/i.test(v.name) && v.value === '1');
      const title = value(impl, 'Name') ?? ctName;
      if (sysgen.length === 0) {
        // A BSP, bootloader or driver item: no Sysgen variable to select. Links to it are dropped quietly.
        for (const g of [value(impl, 'GUID'), ctGuid]) if (g && !result.guids.has(normGuid(g))) result.guids.set(normGuid(g), '');
        continue;
      }
      const id = sysgen[0]!.name.toUpperCase();
      const at = `${file}:${impl.line}`;
      const others = vars.filter((v) => v !== sysgen[0] && v.value !== '' && !(ci(v.name, id)));
      const requires: Requirement[] = [];
      for (const o of sysgen.slice(1)) {
        if (o.name.toUpperCase() === id || requires.some((r) => r.id === o.name.toUpperCase())) continue;
        requires.push({ id: o.name.toUpperCase(), kind: 'catalog', confidence: 'documented', source: `${file}:${o.line}`, note: `the ${title} implementation sets it too` });
      }
      const notes = others.filter((o) => !/^SYSGEN_/i.test(o.name)).map((o) => `sets ${o.name}=${o.value} (${file}:${o.line})`);
      const component: Component = {
        id,
        title,
        description: value(impl, 'Description') ?? value(ct, 'Description') ?? title,
        area,
        confidence: 'documented',
        requires,
        modules: bibRecords(impl, file, problems),
        sources: [at],
        ...(notes.length ? { notes } : {}),
      };
      if (byId.has(id)) {
        problems.push({ severity: 'warning', line: impl.line, message: `${id} is set by more than one implementation; the first (line ${byId.get(id)!.sources[0]!.split(':').pop()}) is used` });
        continue;
      }
      byId.set(id, component);
      result.components.push(component);
      // Secondary variables become leaf items of their own, so the requirement names a component.
      for (const o of sysgen.slice(1)) {
        const oid = o.name.toUpperCase();
        if (byId.has(oid)) continue;
        const leaf: Component = { id: oid, title: `${oid} (set by ${title})`, description: `Set together with ${id} by ${title}.`, area, confidence: 'documented', requires: [], modules: [], sources: [`${file}:${o.line}`] };
        byId.set(oid, leaf);
        result.components.push(leaf);
      }
      const g = value(impl, 'GUID');
      if (g) result.guids.set(normGuid(g), id);
      if (ctGuid && !result.guids.has(normGuid(ctGuid))) result.guids.set(normGuid(ctGuid), id);
      for (const ch of blocks(impl, 'Children')) for (const guid of scalar(ch)) children.push({ from: id, guid: normGuid(guid), line: ch.line });
    }
  }
}

/** A Children link: the parent implementation brings the child item with it. */
export function addChild(parent: Component, to: string, source: string): void {
  if (to === parent.id || parent.requires.some((r) => r.id === to)) return;
  parent.requires.push({ id: to, kind: 'catalog', confidence: 'documented', source, note: 'Children link in the Catalog file' });
}
