/** Terminal output helpers: plain aligned tables and JSON. Linear in the rows, whatever their number. */
import { UserError } from './errors.js';

export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  // Loops, not Math.max(...rows): spreading 200,000 rows into arguments overflows the stack.
  const widths = headers.map((h) => h.length);
  for (const r of rows) {
    for (let i = 0; i < widths.length; i++) {
      const w = (r[i] ?? '').length;
      if (w > widths[i]!) widths[i] = w;
    }
  }
  const fmt = (r: readonly string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const lines = new Array<string>(rows.length + 2);
  lines[0] = fmt(headers);
  lines[1] = fmt(widths.map((w) => '-'.repeat(w)));
  for (let i = 0; i < rows.length; i++) lines[i + 2] = fmt(rows[i]!);
  return lines.join('\n') + '\n';
}

/**
 * An array whose elements are made one at a time while they are written (see outJson): a closure of
 * 50,000 items is never held as 50,000 output objects at once.
 */
export class Rows {
  constructor(
    readonly length: number,
    readonly at: (i: number) => unknown,
  ) {}
  /** Deeper than outJson streams, JSON.stringify reads Rows as the array it stands for. */
  toJSON(): unknown[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }
}

/** Output is handed to stdout in pieces of about this many characters. */
const CHUNK = 1 << 16;

/**
 * Print `value` exactly as JSON.stringify(value, null, 2) and a line end, without building the whole
 * text: the top two levels (and every Rows) are written member by member, deeper values with
 * JSON.stringify, and the text goes to stdout in 64 KiB pieces. Peak memory stays that of one piece,
 * not of the output (4 MB for a 10,000-item closure).
 */
export function outJson(value: unknown): void {
  let buf = '';
  const put = (s: string) => {
    buf += s;
    if (buf.length >= CHUNK) {
      out(buf);
      buf = '';
    }
  };
  const write = (v: unknown, indent: string, depth: number): boolean => {
    if (!(v instanceof Rows) && v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON: () => unknown }).toJSON();
    const inner = indent + '  ';
    if (v instanceof Rows || (depth < 2 && Array.isArray(v))) {
      const n = v.length;
      if (n === 0) return put('[]'), true;
      put('[');
      for (let i = 0; i < n; i++) {
        put(i === 0 ? `\n${inner}` : `,\n${inner}`);
        if (!write(v instanceof Rows ? v.at(i) : v[i], inner, depth + 1)) put('null');
      }
      put(`\n${indent}]`);
      return true;
    }
    if (depth < 2 && v !== null && typeof v === 'object') {
      let first = true;
      for (const [k, x] of Object.entries(v)) {
        if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
        put(`${first ? '{' : ','}\n${inner}${JSON.stringify(k)}: `);
        first = false;
        write(x, inner, depth + 1);
      }
      put(first ? '{}' : `\n${indent}}`);
      return true;
    }
    const text = JSON.stringify(v, null, 2) as string | undefined;
    if (text === undefined) return false;
    // JSON text has no raw line breaks inside strings, so every one is a place to indent.
    put(indent === '' ? text : text.replaceAll('\n', `\n${indent}`));
    return true;
  };
  write(value, '', 0);
  put('\n');
  if (buf) out(buf);
}

export function out(text: string): void {
  process.stdout.write(text);
}

/**
 * Refuse to write a UTF-16LE file (a version 5 .reg) to a terminal: it shows as noise and cannot be
 * copied back out. A file or a pipe only. `what` names the option that asked for it.
 */
export function refuseUtf16OnTerminal(what: string, redirect: string): void {
  if (!process.stdout.isTTY) return;
  throw new UserError(`${what}: a version 5 .reg file is UTF-16LE, which a terminal cannot show; write it with --out FILE, redirect it (> ${redirect}), or use --format reg4`);
}
