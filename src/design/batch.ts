/**
 * Platform Builder batch designs: `set SYSGEN_X=1` selects, `set SYSGEN_X=` clears; `@echo off`,
 * `rem`/`::` comments and blank lines are accepted. Anything else is reported with its line number.
 */
import { basename, extname } from 'node:path';
import { UserError } from '../errors.js';
import type { Design } from './types.js';

const SET = /^@?set\s+(?:"([^"=]*)=([^"]*)"|([^=\s"]*)=(.*))$/i;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function looksBinary(buf: Buffer): boolean {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return true;
  for (const b of buf) if (b === 0 || (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 0x1a)) return true;
  return false;
}

export function parseBatch(buf: Buffer, file: string): Design {
  if (looksBinary(buf)) {
    throw new UserError(`${file}: not a text batch file (binary or UTF-16 content); write it as ASCII with set SYSGEN_X=1 lines`);
  }
  const text = buf.toString('latin1');
  const lines = text.split(/\r\n|\n|\r/);
  const state = new Map<string, boolean>();
  const where = new Map<string, number>();
  const warnings: Design['warnings'] = [];
  const unsupported: Array<{ n: number; why: string }> = [];
  lines.forEach((raw, i) => {
    const n = i + 1;
    // Only leading blanks are dropped: cmd keeps trailing spaces in a set value.
    const line = raw.replace(/^[ \t]+/, '');
    if (line.trim() === '' || line.trim() === '\x1a') return;
    if (/^@?echo\s+off\s*$/i.test(line)) return;
    if (/^@?rem(\s|$)/i.test(line) || line.startsWith('::')) return;
    if (/^@?set\s+[^=\s]+\s+=/i.test(line)) {
      unsupported.push({ n, why: `"${line.slice(0, 60)}": the space before = becomes part of the variable name in cmd` });
      return;
    }
    const m = SET.exec(line);
    if (!m) {
      const word = line.split(/\s+/)[0]!.replace(/^@/, '').toLowerCase();
      unsupported.push({ n, why: `unsupported ${word === 'if' || word === 'call' || word === 'goto' || word === 'for' ? `\`${word}\` statement` : 'line'} "${line.slice(0, 60)}"` });
      return;
    }
    const name = m[1] ?? m[3] ?? '';
    const value = m[2] ?? m[4] ?? '';
    if (!NAME.test(name)) {
      unsupported.push({ n, why: `unsupported set statement "${line.slice(0, 60)}" (expected set NAME=VALUE)` });
      return;
    }
    const upper = name.toUpperCase();
    if (upper.startsWith('__SYSGEN_')) {
      unsupported.push({ n, why: `${name} is an internal cesysgen variable, not a Catalog item; select the public item that sets it` });
      return;
    }
    if (!upper.startsWith('SYSGEN_')) {
      warnings.push({ line: n, message: `${name} is not a Sysgen variable; ignored` });
      return;
    }
    if (value !== '1' && value !== '') {
      const hint = value.trim() === '1' ? 'the spaces become part of the value, and cesysgen tests for exactly "1"' : 'cesysgen tests for exactly "1"; write 1 to select or nothing to clear';
      unsupported.push({ n, why: `set ${name}=${value}: ${hint}` });
      return;
    }
    if (where.has(upper)) warnings.push({ line: n, message: `${upper} set more than once (lines ${where.get(upper)} and ${n}); the last one wins` });
    state.set(upper, value === '1');
    where.set(upper, n);
  });
  if (unsupported.length > 0) {
    const [first, ...rest] = unsupported;
    const more = rest.length ? ` (and ${rest.length} more: line${rest.length > 1 ? 's' : ''} ${rest.map((u) => u.n).join(', ')})` : '';
    throw new UserError(`${file}:${first!.n}: ${first!.why}${more}`);
  }
  const select = [...state].filter(([, on]) => on).map(([id]) => id);
  const cleared = [...state].filter(([, on]) => !on).map(([id]) => id);
  return {
    kind: 'batch',
    file,
    name: basename(file, extname(file)),
    select,
    exclude: [],
    cleared,
    lines: where,
    warnings,
    registry: {},
    firewall: {},
    clients: [],
  };
}
