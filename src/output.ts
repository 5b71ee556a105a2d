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

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
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
