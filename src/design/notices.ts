/**
 * What every command other than `validate` says about a design before it goes on: each variable
 * the catalog does not hold (once, with its line) and each batch line it did not evaluate, as
 * warnings on stderr. With --strict a variable outside the catalog stops the command instead.
 */
import { designWarnings, type Finding } from '../analyze.js';
import { classifyName, describeName } from '../catalog/names.js';
import { UserError } from '../errors.js';
import type { Catalog } from '../catalog/types.js';
import type { Design } from './types.js';

export function findingLine(file: string, f: Finding): string {
  return `${file}${f.line ? `:${f.line}` : ''}: ${f.severity}: ${f.message}`;
}

/** Print the design's warnings on stderr; under --strict, refuse a design that names variables outside the catalog. */
export function noticeDesign(catalog: Catalog, design: Design, strict = false): Finding[] {
  const warnings = designWarnings(catalog, design);
  const outside = warnings.filter((w) => w.code !== 'batch');
  if (strict && outside.length) {
    const list = outside.map((w) => `${w.id}${w.line ? ` (line ${w.line})` : ''}`).join(', ');
    throw new UserError(`${design.file}: --strict: ${outside.length} variable${outside.length === 1 ? '' : 's'} the CE 5.0 catalog does not hold: ${list}`);
  }
  if (warnings.length) process.stderr.write(warnings.map((w) => `wcecfg: ${findingLine(design.file, w)}\n`).join(''));
  return warnings;
}

/** Ids named on the command line that the catalog does not hold: warnings (kept as leaves), or an error under --strict. */
export function noticeIds(catalog: Catalog, ids: readonly string[], strict = false): void {
  const msgs: string[] = [];
  for (const id of new Set(ids)) {
    const c = classifyName(catalog, id);
    if (c.kind !== 'known') msgs.push(describeName(c));
  }
  if (msgs.length === 0) return;
  if (strict) throw new UserError(`--strict: ${msgs.join('; ')}`);
  process.stderr.write(msgs.map((m) => `wcecfg: warning: ${m}; kept as a selected item with no requirements\n`).join(''));
}
