/**
 * The build rules of a Platform Builder tree's cesysgen.bat: each `if "%A%"=="1" set B=1` line,
 * also chained (`if "%A%"=="1" if not "%C%"=="1" set B=1`) and inside `if ... (` blocks (with
 * `) else (`), becomes a rule A ⇒ B; an `if not` guard becomes its `unless`. Internal `__SYSGEN_`
 * variables are folded away (A ⇒ __X ⇒ B becomes A ⇒ B via __X), as the built-in catalog does.
 * Pure: text in, rules and problems out.
 */
import type { CecProblem } from './cec.js';

export interface BuildRule {
  from: string;
  to: string;
  unless?: string;
  /** Internal variables the rule passes through. */
  via?: string[];
  /** `file:line` of the set line (and of the lines it passes through). */
  source: string;
  line: number;
  /** Further guards of enclosing blocks that wcecfg does not model (other variables, LOCALE). */
  note?: string;
}

interface Cond {
  variable: string;
  negated: boolean;
  /** Not a simple "%SYSGEN_X%"=="1" test: kept as text. */
  other?: string;
}

interface RawRule {
  conds: Cond[];
  to: string;
  line: number;
}

const SYSGEN_VAR = /^(__)?SYSGEN_[A-Z0-9_]+$/i;
const IF = /^if\s+(\/i\s+)?(not\s+)?/i;
const TEST = /^"%([A-Za-z0-9_]+)%"\s*==\s*"([^"]*)"\s*/;
const OTHER_TEST = /^(?:defined\s+\S+|exist\s+(?:"[^"]*"|\S+)|"[^"]*"\s*==\s*"[^"]*"|\S+\s*==\s*\S+)\s*/i;

/** Read the `if` chain at the start of `s`: its conditions and the statement after it. */
function ifChain(s: string): { conds: Cond[]; rest: string } | undefined {
  const conds: Cond[] = [];
  let rest = s;
  for (;;) {
    const m = IF.exec(rest);
    if (!m) break;
    let body = rest.slice(m[0].length);
    const negated = Boolean(m[2]);
    const t = TEST.exec(body);
    const d = /^defined\s+([A-Za-z0-9_]+)\s*/i.exec(body);
    if (d && SYSGEN_VAR.test(d[1]!)) {
      // `if defined SYSGEN_X`: set at all, which for Sysgen variables means selected.
      conds.push({ variable: d[1]!.toUpperCase(), negated });
      body = body.slice(d[0].length);
    } else if (t) {
      const [, variable, val] = t;
      // "%X%"=="1" tests X set; "%X%"=="" tests X unset.
      if (val === '1') conds.push({ variable: variable!.toUpperCase(), negated });
      else if (val === '') conds.push({ variable: variable!.toUpperCase(), negated: !negated });
      else conds.push({ variable: variable!.toUpperCase(), negated, other: `${negated ? 'not ' : ''}${variable}==${val}` });
      body = body.slice(t[0].length);
    } else {
      const o = OTHER_TEST.exec(body);
      if (!o) return undefined;
      conds.push({ variable: '', negated, other: `${negated ? 'not ' : ''}${o[0].trim()}` });
      body = body.slice(o[0].length);
    }
    rest = body;
  }
  return conds.length ? { conds, rest: rest.trim() } : undefined;
}

const SET = /^set\s+"?([A-Za-z0-9_]+)=([^"]*)"?\s*$/i;

/** More ')' than '(' outside quotes: the line closes an enclosing block. */
function unbalancedClose(line: string): boolean {
  let depth = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
  }
  return depth < 0;
}

export interface CesysgenResult {
  rules: BuildRule[];
  /** Every Sysgen variable a rule names (sources, targets, guards). */
  variables: Set<string>;
  problems: CecProblem[];
}

/** Parse cesysgen.bat text. The caller has refused binary content. */
export function parseCesysgen(text: string, file: string): CesysgenResult {
  const problems: CecProblem[] = [];
  const raw: RawRule[] = [];
  const blocks: Array<{ conds: Cond[]; line: number }> = [];
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((rawLine, i) => {
    const n = i + 1;
    let line = rawLine.trim().replace(/^@/, '');
    if (line === '' || /^(rem(\s|$)|::|echo(\s|\.|$)|goto\s|:|call\s|exit|setlocal|endlocal)/i.test(line)) return;
    // Block ends: ")" and ") else (".
    const close = /^\)\s*(else\s*\(\s*)?$/i.exec(line);
    if (close) {
      const open = blocks.pop();
      if (!open) {
        problems.push({ severity: 'warning', line: n, message: "')' without an open if block; ignored" });
        return;
      }
      if (close[1]) {
        // else: the block's last condition negated (a compound one is not modelled: kept as text).
        const last = open.conds[open.conds.length - 1]!;
        const flipped: Cond = last.other ? { ...last, other: `not (${last.other})` } : { ...last, negated: !last.negated };
        blocks.push({ conds: [...open.conds.slice(0, -1), flipped], line: n });
      }
      return;
    }
    let conds: Cond[] = [];
    const chain = ifChain(line);
    if (chain) {
      conds = chain.conds;
      line = chain.rest;
      if (line === '(') {
        blocks.push({ conds, line: n });
        return;
      }
      // One-line block: if ... ( set X=1 )
      const inline = /^\((.*)\)$/.exec(line);
      if (inline) line = inline[1]!.trim();
    }
    // The last statement of a block may carry its closing parenthesis: `    set SYSGEN_B=1)`.
    let closesBlock = false;
    if (blocks.length > 0 && /\)\s*$/.test(line) && unbalancedClose(line)) {
      line = line.replace(/\)\s*$/, '').trimEnd();
      closesBlock = true;
    }
    const s = SET.exec(line);
    if (closesBlock) {
      // Pop after taking this statement's conditions.
      const all = [...blocks.flatMap((b) => b.conds), ...conds];
      blocks.pop();
      if (!s) return;
      const [, name, val] = s;
      if (SYSGEN_VAR.test(name!) && val!.trim() === '1') raw.push({ conds: all, to: name!.toUpperCase(), line: n });
      return;
    }
    if (!s) return; // other statements (module lists, nmake flags) are not rules between Sysgen variables
    const [, name, val] = s;
    if (!SYSGEN_VAR.test(name!) || val!.trim() !== '1') return;
    const all = [...blocks.flatMap((b) => b.conds), ...conds];
    raw.push({ conds: all, to: name!.toUpperCase(), line: n });
  });
  if (blocks.length) problems.push({ severity: 'warning', line: blocks[blocks.length - 1]!.line, message: 'if block opened here is never closed' });

  // Direct rules: the innermost positive Sysgen test is the item that pulls the target in.
  interface Edge { from: string; to: string; unless?: string; line: number; note?: string }
  const edges: Edge[] = [];
  const variables = new Set<string>();
  for (const r of raw) {
    const positive = r.conds.filter((c) => !c.negated && !c.other && SYSGEN_VAR.test(c.variable));
    const negative = r.conds.filter((c) => c.negated && !c.other && SYSGEN_VAR.test(c.variable));
    const from = positive[positive.length - 1];
    if (!from) continue; // set unconditionally or only under other tests: not a dependency between items
    const others = [
      ...positive.slice(0, -1).map((c) => `inside the ${c.variable} block`),
      ...negative.slice(0, -1).map((c) => `only when ${c.variable} is not set`),
      ...r.conds.filter((c) => c.other || (!SYSGEN_VAR.test(c.variable) && c.variable)).map((c) => `only when ${c.other ?? `${c.negated ? 'not ' : ''}${c.variable}`}`),
    ];
    const unless = negative[negative.length - 1]?.variable;
    edges.push({ from: from.variable, to: r.to, ...(unless ? { unless } : {}), line: r.line, ...(others.length ? { note: others.join('; ') } : {}) });
    for (const v of [from.variable, r.to, ...(unless ? [unless] : [])]) variables.add(v);
  }

  // Fold internal variables: follow __SYSGEN_ targets until public ones.
  const byFrom = new Map<string, Edge[]>();
  for (const e of edges) byFrom.set(e.from, [...(byFrom.get(e.from) ?? []), e]);
  const rules: BuildRule[] = [];
  const seen = new Set<string>();
  for (const e of edges) {
    if (e.from.startsWith('__')) continue;
    const queue: Array<{ edge: Edge; via: string[]; lines: number[]; unless?: string }> = [{ edge: e, via: [], lines: [] }];
    const visited = new Set<string>();
    while (queue.length) {
      const { edge, via, lines: ls, unless } = queue.shift()!;
      const u = edge.unless ?? unless;
      if (edge.to.startsWith('__')) {
        if (visited.has(edge.to)) continue;
        visited.add(edge.to);
        for (const next of byFrom.get(edge.to) ?? []) queue.push({ edge: next, via: [...via, edge.to], lines: [...ls, edge.line], ...(u ? { unless: u } : {}) });
        continue;
      }
      if (edge.to === e.from) continue;
      const key = `${e.from}>${edge.to}>${u ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const at = [...ls, edge.line];
      rules.push({
        from: e.from,
        to: edge.to,
        ...(u && !u.startsWith('__') ? { unless: u } : {}),
        ...(via.length ? { via } : {}),
        source: `${file}:${at.join(',')}`,
        line: edge.line,
        ...(edge.note ? { note: edge.note } : {}),
      });
    }
  }
  for (const v of [...variables]) if (v.startsWith('__')) variables.delete(v);
  return { rules, variables, problems };
}
