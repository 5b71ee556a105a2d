/**
 * Platform Builder batch designs, read the way cmd.exe runs them.
 *
 * `set SYSGEN_X=1` selects, `set SYSGEN_X=` clears. Everything else a real Platform Builder file
 * holds is accepted: `@REM`/`REM`/`::` comments, `@echo off`, `call` (a warning: wcecfg does not
 * follow it), `set`/`SET`/`set "X=1"` of other variables (BSP_*, IMG*: kept and listed), and `if`
 * lines and multi-line `if (...)` blocks, whose conditions on variables the file sets are evaluated
 * as cmd does (percent expansion of a whole block when cmd reads it). A condition wcecfg cannot
 * evaluate is a warning with its line, and the Sysgen lines it guards are not counted.
 *
 * A byte cmd and wcecfg would read differently (a carriage return inside a line) is refused.
 */
import { basename, extname } from 'node:path';
import { UserError } from '../errors.js';
import type { BatchLine, BatchSource, Design, Setting, SysgenSet } from './types.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function looksBinary(buf: Buffer): boolean {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return true;
  // Indexed, not for...of: the Buffer iterator costs several times more per byte on a 6 MB catalog file.
  for (let i = 0, n = buf.length; i < n; i++) {
    const b = buf[i]!;
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 0x1a) return true;
  }
  return false;
}

/** Split into lines, keeping each line end byte for byte; a CR not followed by LF is refused. */
function splitBatchLines(text: string, file: string): BatchLine[] {
  const lines: BatchLine[] = [];
  let i = 0;
  while (i < text.length) {
    let j = text.indexOf('\n', i);
    const end = j < 0 ? text.length : j;
    let k = end;
    while (k > i && text.charCodeAt(k - 1) === 13) k--;
    const body = text.slice(i, k);
    if (body.length > MAX_LINE) throw new UserError(`${file}:${lines.length + 1}: the line is longer than the ${MAX_LINE} characters cmd reads`);
    const cr = body.indexOf('\r');
    if (cr >= 0) {
      throw new UserError(
        `${file}:${lines.length + 1}: a carriage return inside the line (not part of a CRLF line end); cmd does not run such a line the way it reads, so wcecfg refuses it: save the file with CRLF line ends`,
      );
    }
    lines.push({ text: body, eol: j < 0 ? text.slice(k) : text.slice(k, end + 1) });
    if (j < 0) break;
    i = end + 1;
    j = 0;
  }
  return lines;
}

/** Does cmd join the next line to this one (an unescaped ^ at the very end, outside quotes)? */
export function continues(text: string): boolean {
  let carets = 0;
  for (let k = text.length - 1; k >= 0 && text[k] === '^'; k--) carets++;
  if (carets % 2 === 0) return false;
  let quotes = 0;
  for (const ch of text) if (ch === '"') quotes++;
  return quotes % 2 === 0;
}

/** The longest line cmd reads (8191 characters). */
const MAX_LINE = 8191;

/** Does the text hold a cmd operator (&, |, <, >, ^) outside double quotes? */
function hasOperator(s: string): boolean {
  let q = false;
  for (const ch of s) {
    if (ch === '"') q = !q;
    else if (!q && (ch === '&' || ch === '|' || ch === '<' || ch === '>' || ch === '^')) return true;
  }
  return false;
}

const mentionsSysgen = (s: string) => /SYSGEN_/i.test(s);

/** How much of a source line a message quotes whole; a longer one is cut there, with "…". */
export const QUOTE_MAX = 120;

/**
 * A batch source line quoted in a message: trimmed, in double quotes, whole up to QUOTE_MAX characters,
 * else cut at a word boundary near it with "…" (never mid-word unless one word is that long). The one
 * way a message of this module shows a line.
 */
export function quoteLine(text: string, max = QUOTE_MAX): string {
  const t = text.trim();
  if (t.length <= max) return `"${t}"`;
  const cut = t.slice(0, max - 1);
  const space = cut.search(/\s\S*$/);
  return `"${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…"`;
}

interface Block {
  /** Does this branch run? undefined: wcecfg cannot tell. */
  runs: boolean | undefined;
  /** The condition's value (for the else branch). */
  cond: boolean | undefined;
  line: number;
}

type Cond = { ok: true; value: boolean } | { ok: false; why: string };

export function parseBatch(buf: Buffer, file: string): Design {
  if (looksBinary(buf)) {
    throw new UserError(`${file}: not a text batch file (binary or UTF-16 content); write it as ASCII with set SYSGEN_X=1 lines`);
  }
  const text = buf.toString('latin1');
  const lines = splitBatchLines(text, file);
  const state = new Map<string, string>(); // upper-case name -> value, as cmd holds it
  const settingNames = new Set<string>();
  // Inside a block, cmd expands %VAR% with the values of the moment it read the block: the values
  // changed since then are kept here (undefined: was unset), so no copy of the state is needed.
  let before: Map<string, string | undefined> | undefined;
  const assign = (u: string, v: string) => {
    if (before && !before.has(u)) before.set(u, state.get(u));
    state.set(u, v);
  };
  const sets: SysgenSet[] = [];
  const settings: Setting[] = [];
  const tested = new Set<string>();
  const warnings: Design['warnings'] = [];
  const stack: Block[] = [];
  const where = new Map<string, number>();
  const plainAt = new Map<string, number>(); // the last plain set line of each variable
  const firstOn = new Map<string, number>();

  /** The current branch: true runs, false skipped, undefined unknown. */
  const running = (): boolean | undefined => {
    let r: boolean | undefined = true;
    for (const b of stack) {
      if (b.runs === false) return false;
      if (b.runs === undefined) r = undefined;
    }
    return r;
  };

  /** A variable's value for a condition, or why wcecfg cannot know it. */
  const known = (name: string, live: boolean): string | { why: string } => {
    const u = name.toUpperCase();
    tested.add(u);
    const v = !live && before?.has(u) ? before.get(u) : state.get(u);
    if (v !== undefined) return v;
    if (u.startsWith('SYSGEN_') || u.startsWith('__SYSGEN_')) return ''; // the design is the file: unset is empty
    if (settingNames.has(u)) return '';
    return { why: `it reads ${name}, which this file does not set` };
  };

  const expand = (s: string): string | { why: string } => {
    let outText = '';
    let i = 0;
    while (i < s.length) {
      const c = s[i]!;
      if (c !== '%') {
        outText += c;
        i++;
        continue;
      }
      if (s[i + 1] === '%') {
        outText += '%';
        i += 2;
        continue;
      }
      const close = s.indexOf('%', i + 1);
      if (close < 0) return { why: 'an unmatched %' };
      const name = s.slice(i + 1, close);
      if (!NAME.test(name)) return { why: `%${name}% is not a plain variable reference` };
      const v = known(name, false);
      if (typeof v !== 'string') return v;
      outText += v;
      i = close + 1;
    }
    return outText;
  };

  const condition = (src: string): { cond: Cond; rest: string } | undefined => {
    // if [/i] [not] defined VAR cmd | if [/i] [not] A==B cmd | if [/i] [not] A EQU B cmd
    let s = src;
    let ci = false;
    let not = false;
    const word = (w: string) => {
      const m = new RegExp(`^${w}\\s+`, 'i').exec(s);
      if (m) s = s.slice(m[0].length);
      return !!m;
    };
    if (word('/i')) ci = true;
    if (word('not')) not = true;
    if (/^(exist|errorlevel|cmdextversion)\s/i.test(s)) {
      const rest = s.replace(/^\S+\s+("[^"]*"|\S+)\s*/, '');
      return { cond: { ok: false, why: `\`if ${s.split(/\s/)[0]}\` depends on the machine, not the file` }, rest };
    }
    if (word('defined')) {
      const m = /^(\S+)\s*(.*)$/.exec(s);
      if (!m) return undefined;
      const v = NAME.test(m[1]!) ? known(m[1]!, true) : { why: `${m[1]} is not a plain variable name` };
      if (typeof v !== 'string') return { cond: { ok: false, why: v.why }, rest: m[2]! };
      return { cond: { ok: true, value: (v !== '') !== not }, rest: m[2]! };
    }
    const tok = String.raw`("[^"]*"|[^\s="]+)`;
    const m = new RegExp(String.raw`^${tok}\s*==\s*${tok}\s*(.*)$`).exec(s) ?? new RegExp(String.raw`^${tok}\s+(EQU|NEQ)\s+${tok}\s+(.*)$`, 'i').exec(s);
    if (!m) return undefined;
    const [a, op, b, rest] = m.length === 4 ? [m[1]!, '==', m[2]!, m[3]!] : [m[1]!, m[2]!.toUpperCase(), m[3]!, m[4]!];
    const ea = expand(a);
    const eb = expand(b);
    if (typeof ea !== 'string') return { cond: { ok: false, why: ea.why }, rest };
    if (typeof eb !== 'string') return { cond: { ok: false, why: eb.why }, rest };
    const same = ci ? ea.toLowerCase() === eb.toLowerCase() : ea === eb;
    return { cond: { ok: true, value: (op === 'NEQ' ? !same : same) !== not }, rest };
  };

  /** A `set` statement (the text after `set`). runs: does cmd execute it here? */
  const doSet = (arg: string, n: number, runs: boolean | undefined, plain: boolean, whole: string) => {
    let s = arg.replace(/^[ \t]+/, '');
    if (/^\/[ap]\b/i.test(s)) {
      if (mentionsSysgen(s)) warnings.push({ line: n, message: `${quoteLine(whole)}: wcecfg does not evaluate set /a or set /p; a Sysgen variable it sets is not counted` });
      return;
    }
    let body: string;
    if (s.startsWith('"')) {
      const last = s.lastIndexOf('"');
      body = last > 0 ? s.slice(1, last) : s.slice(1);
    } else {
      if (hasOperator(s)) {
        if (mentionsSysgen(s)) warnings.push({ line: n, message: `${quoteLine(whole)}: a cmd operator (& | < > ^) on a set line; wcecfg does not evaluate it, and a Sysgen variable it sets is not counted` });
        return;
      }
      body = s;
    }
    const eq = body.indexOf('=');
    if (eq < 0) return; // `set` / `set X`: prints variables
    const name = body.slice(0, eq);
    const value = body.slice(eq + 1);
    const upper = name.toUpperCase();
    if (!NAME.test(name)) {
      if (mentionsSysgen(name)) {
        const why = /\s$/.test(name) ? 'the space before = becomes part of the variable name in cmd, so cesysgen never sees it' : 'not a plain variable name';
        warnings.push({ line: n, message: `${quoteLine(whole)}: ${why}; not counted as a selection` });
      }
      return;
    }
    if (value.includes('%') && (upper.startsWith('SYSGEN_') || upper.startsWith('__SYSGEN_'))) {
      warnings.push({ line: n, message: `${quoteLine(whole)}: wcecfg does not expand %...% in a Sysgen value; not counted` });
      return;
    }
    if (runs === false) return;
    if (runs === undefined) {
      if (upper.startsWith('SYSGEN_')) warnings.push({ line: n, message: `${upper} is set under a condition wcecfg cannot evaluate; not counted` });
      return;
    }
    if (upper.startsWith('__SYSGEN_')) {
      warnings.push({ line: n, message: `${name} is an internal cesysgen variable, not a Catalog item; select the public item that sets it (not counted)` });
      assign(upper, value);
      return;
    }
    if (!upper.startsWith('SYSGEN_')) {
      settings.push({ name, value, line: n });
      settingNames.add(upper);
      assign(upper, value);
      return;
    }
    if (value !== '1' && value !== '') {
      const hint = value.trim() === '1' ? 'the spaces become part of the value, and cesysgen tests for exactly "1"' : 'cesysgen tests for exactly "1"; write 1 to select or nothing to clear';
      warnings.push({ line: n, message: `set ${name}=${value}: ${hint}; not counted as a selection` });
    }
    const prev = plainAt.get(upper);
    if (plain) {
      if (prev !== undefined && where.get(upper) === prev) warnings.push({ line: n, message: `${upper} set more than once (lines ${prev} and ${n}); the last one wins` });
      plainAt.set(upper, n);
    }
    assign(upper, value);
    where.set(upper, n);
    if (value === '1' && !firstOn.has(upper)) firstOn.set(upper, n);
    sets.push({ line: n, id: upper, value, plain });
  };

  /** One statement of a line (or the command part of an if). */
  const statement = (raw: string, n: number, runs: boolean | undefined, plain: boolean, whole: string): void => {
    const s = raw.replace(/^[ \t@]+/, '');
    if (s === '' || s === '\x1a') return;
    const first = (/^[^\s(=,;]+/.exec(s)?.[0] ?? '').toLowerCase();
    if (first === 'rem' || s.startsWith('::') || s.startsWith(':')) return;
    if (first === 'echo' || first.startsWith('echo.') || first === 'setlocal' || first === 'title' || first === 'cls' || first === 'pause' || first === 'ver') return;
    if (first === 'set') return doSet(s.slice(3), n, runs, plain, whole);
    if (first === 'call') {
      if (runs !== false) warnings.push({ line: n, message: `${quoteLine(whole)}: wcecfg does not follow call; Sysgen variables the called file sets are not seen` });
      return;
    }
    if (first === 'if') {
      const c = condition(s.slice(2).replace(/^[ \t]+/, ''));
      if (!c) {
        // Only worth a word when it can decide a Sysgen variable; a block's own set lines are warned about one by one.
        if (mentionsSysgen(s) && runs !== false) warnings.push({ line: n, message: `${quoteLine(whole)}: an if statement wcecfg cannot read; the Sysgen lines it guards are not counted` });
        if (/\(\s*$/.test(s)) stack.push({ runs: undefined, cond: undefined, line: n });
        return;
      }
      const { cond, rest } = c;
      if (!cond.ok && runs !== false && mentionsSysgen(rest)) warnings.push({ line: n, message: `condition not evaluated (${cond.why}); the Sysgen lines it guards are not counted` });
      const branch = runs === false ? false : cond.ok ? (runs === undefined ? undefined : cond.value) : undefined;
      const r = rest.trim();
      if (r === '(') {
        // A multi-line block: cmd reads it whole, expanding %VAR% with the values of this moment.
        if (stack.length === 0) before = new Map();
        stack.push({ runs: branch, cond: cond.ok ? cond.value : undefined, line: n });
        return;
      }
      const one = /^\(([^()]*)\)\s*(?:else\s*\(([^()]*)\))?\s*$/i.exec(r);
      if (one) {
        statement(one[1]!, n, branch, false, whole);
        if (one[2] !== undefined) statement(one[2], n, runs === false ? false : cond.ok ? (runs === undefined ? undefined : !cond.value) : undefined, false, whole);
        return;
      }
      if (r.startsWith('(')) {
        if (mentionsSysgen(r) && runs !== false) warnings.push({ line: n, message: `${quoteLine(whole)}: a parenthesised if wcecfg cannot read; the Sysgen lines it guards are not counted` });
        return;
      }
      statement(r, n, branch, false, whole);
      return;
    }
    if (first === 'goto' || first === 'exit' || first === 'for' || first === 'endlocal' || first === 'shift') {
      if (runs !== false) warnings.push({ line: n, message: `${quoteLine(whole)}: wcecfg does not follow ${first}; the lines it skips or repeats are read once, in order` });
      return;
    }
    if (mentionsSysgen(s) && runs !== false) {
      warnings.push({ line: n, message: `${quoteLine(whole)}: a line wcecfg does not evaluate; a Sysgen variable it sets is not counted` });
    }
  };

  let joined = 0; // lines cmd joins to the one before (a ^ at its end)
  lines.forEach((l, i) => {
    const n = i + 1;
    let s = l.text.replace(/^[ \t]+/, '');
    if (joined > 0) {
      joined--;
      if (continues(l.text) && i + 1 < lines.length) joined++;
      return;
    }
    if (continues(l.text) && i + 1 < lines.length) {
      // cmd joins the next line to this one: neither is a statement of its own.
      const next = lines[i + 1]!.text;
      if (/^(@?rem\b|::)/i.test(s)) {
        // cmd continues a remark onto the next line, Wine's cmd does not: refuse what they would read differently.
        if (mentionsSysgen(next)) throw new UserError(`${file}:${n}: a remark ending in ^ continues onto line ${n + 1} in cmd but not in every cmd; remove the ^ so line ${n + 1} is read the same everywhere`);
        return;
      }
      joined = 1;
      if (mentionsSysgen(s) || mentionsSysgen(next)) warnings.push({ line: n, message: `line ${n} ends with ^, so cmd joins line ${n + 1} to it; wcecfg does not evaluate the joined line, and a Sysgen variable it sets is not counted` });
      return;
    }
    if (n === 1 && s.startsWith('\xef\xbb\xbf')) {
      warnings.push({ line: 1, message: 'the file starts with a UTF-8 byte-order mark: cmd does not run its first line' });
      return;
    }
    if (stack.length > 0 && s.startsWith(')')) {
      const rest = s.slice(1).trim();
      const top = stack.pop()!;
      const els = /^else\s*\(\s*$/i.exec(rest);
      if (els) {
        const outer = running();
        const runs = outer === false ? false : top.cond === undefined || outer === undefined ? undefined : !top.cond;
        stack.push({ runs, cond: top.cond === undefined ? undefined : !top.cond, line: n });
        return;
      }
      if (rest !== '' && !/^rem\b/i.test(rest)) warnings.push({ line: n, message: `${quoteLine(s)}: wcecfg reads only ")" or ") else (" here; the rest of the line is not evaluated` });
      if (stack.length === 0) before = undefined;
      return;
    }
    if (s === '(' || s === '@(') {
      if (stack.length === 0) before = new Map();
      stack.push({ runs: running(), cond: undefined, line: n });
      return;
    }
    // A statement inside a block that ends the block with its own ")".
    let closes = false;
    if (stack.length > 0 && /\)\s*$/.test(s) && (s.match(/\(/g)?.length ?? 0) < (s.match(/\)/g)?.length ?? 0)) {
      s = s.replace(/\)\s*$/, '');
      closes = true;
    }
    const plain = stack.length === 0 && /^@?set\s+(?:"?)SYSGEN_[A-Za-z0-9_]*=/i.test(s);
    statement(s, n, running(), plain, l.text);
    if (closes) {
      stack.pop();
      if (stack.length === 0) before = undefined;
    }
  });
  if (stack.length > 0) warnings.push({ line: stack[stack.length - 1]!.line, message: 'a "(" block that the file never closes; cmd stops reading at the end of the file' });

  const select = [...firstOn.keys()].filter((id) => state.get(id) === '1').sort((a, b) => firstOn.get(a)! - firstOn.get(b)!);
  const cleared = [...where.keys()].filter((id) => state.get(id) === '').sort((a, b) => where.get(a)! - where.get(b)!);
  const batch: BatchSource = { lines, sets, tested };
  return {
    kind: 'batch',
    file,
    name: basename(file, extname(file)),
    select,
    exclude: [],
    cleared,
    lines: where,
    warnings,
    settings,
    registry: {},
    firewall: {},
    clients: [],
    batch,
  };
}
