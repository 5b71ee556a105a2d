import { lstatSync, writeFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { driftFindings, validateDesign, type Finding, type ValidationReport } from '../analyze.js';
import { EXIT_FINDINGS, EXIT_USAGE, UserError, type Place } from '../errors.js';
import { out, outJson } from '../output.js';
import { loadDesign } from '../design/load.js';
import { readInput } from '../read.js';
import { editBatch, describeEdit, missingLines } from '../design/roundtrip.js';
import { findingLine } from '../design/notices.js';
import { catalogFor, type GlobalArgs } from './common.js';
import { designChecks } from '../checks.js';
import type { Design } from '../design/types.js';
import type { Catalog } from '../catalog/types.js';

export interface ValidateArgs extends GlobalArgs {
  files: string[];
  strict?: boolean;
  fix?: boolean;
  dryRun?: boolean;
  force?: boolean;
}

interface Fixed {
  /** The copy written (absent with --dry-run). */
  file?: string;
  /** `unchanged`: the copy already held exactly these bytes, so nothing was written. */
  status?: 'written' | 'unchanged';
  added: Array<{ after: number; text: string }>;
}

type Entry = { design: Design; report: ValidationReport; fixed?: Fixed } | { file: string; error: string; place?: Place };

/** `Design.fixed.bat` beside `Design.bat`. */
function fixedName(file: string): string {
  const ext = extname(file);
  return join(dirname(file), `${basename(file, ext)}.fixed${ext || '.bat'}`);
}

/**
 * What is at `target` now: nothing, or its bytes. Only a regular file is read; anything else there
 * (a link, a directory, a FIFO) is refused, even with --force, as the safe writer does.
 */
function existingCopy(target: string): Buffer | undefined {
  let st;
  try {
    st = lstatSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new UserError(`${target}: cannot be checked (${code ?? String(e)})`);
  }
  if (!st.isFile()) {
    const kind = st.isSymbolicLink() ? 'a symbolic link' : st.isDirectory() ? 'a directory' : 'not a regular file';
    throw new UserError(`${target}: is ${kind}; --fix writes the fixed copy only as a regular file: move it away`);
  }
  return readInput(target, 'fixed copy', target);
}

/**
 * The missing `set` lines written into a copy of a batch design (or only worked out, with --dry-run).
 * The copy sits beside the user's design, where no manifest can say whether wcecfg wrote it, so an
 * existing copy with other bytes may hold the user's own lines: it is replaced only with --force.
 */
function fix(catalog: Catalog, design: Design, dryRun: boolean, force: boolean): Fixed | undefined {
  if (design.kind !== 'batch') return undefined;
  const missing = missingLines(catalog, design);
  if (missing.length === 0) return { added: [] };
  const edit = editBatch(design, () => true, missing);
  if (dryRun) return { added: edit.added };
  const target = fixedName(design.file);
  const old = existingCopy(target);
  if (old && old.equals(edit.bytes)) return { file: target, status: 'unchanged', added: edit.added };
  if (old && !force) throw new UserError(`${target}: exists and differs from the fixed copy --fix would write (edited by hand?); nothing was written. Remove it or save it elsewhere and run again, or add --force to replace it`, undefined, { file: target });
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, edit.bytes, { flag: 'wx' });
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UserError(`${target}: cannot write the fixed copy (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return { file: target, status: 'written', added: edit.added };
}

export async function run(args: ValidateArgs): Promise<number> {
  const catalog = await catalogFor(args);
  const entries: Entry[] = [];
  for (const file of args.files) {
    try {
      const design = await loadDesign(file, catalog);
      entries.push({ design, report: validateDesign(catalog, design, designChecks, { strict: args.strict ?? false }) });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      entries.push({ file, error: e.message, place: e.place });
    }
  }
  // Two files of one design (same stem, different kinds, e.g. A.pbxml and A.bat): what one selects and the other does not build.
  const loaded = entries.filter((e): e is Extract<Entry, { design: Design }> => 'design' in e);
  const stem = (f: string) => basename(f, extname(f)).toLowerCase();
  for (let i = 0; i < loaded.length; i++) {
    for (let j = i + 1; j < loaded.length; j++) {
      const [a, b] = [loaded[i]!, loaded[j]!];
      if (stem(a.design.file) !== stem(b.design.file) || extname(a.design.file).toLowerCase() === extname(b.design.file).toLowerCase()) continue;
      for (const [x, y] of [[a, b], [b, a]] as const) {
        const found = driftFindings(catalog, x.design, y.design);
        for (const f of found) x.report.findings.push(f);
        if (found.length) x.report.complete = false;
      }
    }
  }
  if (args.fix || args.dryRun) {
    for (const e of loaded) {
      try {
        const f = fix(catalog, e.design, args.dryRun ?? false, args.force ?? false);
        if (f) e.fixed = f;
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        entries[entries.indexOf(e)] = { file: e.design.file, error: err.message, place: err.place };
      }
    }
  }
  let code = 0;
  for (const e of entries) {
    if ('error' in e) code = EXIT_USAGE;
    else if (code < EXIT_USAGE && e.report.findings.some((f) => f.severity === 'error' || (args.strict && f.severity === 'warning'))) code = EXIT_FINDINGS;
  }
  if (args.json) {
    outJson(entries.map((e) => ('error' in e ? { file: e.file, error: { message: e.error, ...e.place } } : { ...e.report, ...(e.fixed ? { fixed: e.fixed } : {}) })));
    return code;
  }
  const lines: string[] = [];
  for (const e of entries) {
    if ('error' in e) {
      process.stderr.write(`wcecfg: ${e.error}\n`);
      continue;
    }
    const rep = e.report;
    const count = (s: Finding['severity']) => rep.findings.filter((f) => f.severity === s).length;
    const notes = rep.findings.filter((f) => f.severity === 'note' && f.code === 'redundant');
    for (const f of rep.findings) {
      if (f.severity === 'note' && f.code === 'redundant') continue;
      const message = f.message.startsWith(`${rep.file}: `) ? f.message.slice(rep.file.length + 2) : f.message;
      lines.push(findingLine(rep.file, { ...f, message }));
    }
    if (notes.length) {
      lines.push(`${rep.file}: note: ${notes.length} selection${notes.length === 1 ? ' is' : 's are'} implied by others through build rules (${notes.map((n) => n.id).join(', ')}); \`wcecfg minimize ${rep.file}\` prints the smallest equivalent design`);
    }
    if (rep.settings.length) {
      lines.push(`${rep.file}: info: ${rep.settings.length} non-Sysgen setting${rep.settings.length === 1 ? '' : 's'} kept as ${rep.settings.length === 1 ? 'it is' : 'they are'}: ${rep.settings.map((s) => `${s.name}${s.line ? ` (line ${s.line})` : ''}`).join(', ')}`);
    }
    const errors = count('error');
    const warnings = count('warning');
    lines.push(`${rep.file}: ${errors === 0 ? 'complete' : 'incomplete'}: ${rep.closureSize} items, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
    if (e.fixed) {
      if (e.fixed.added.length === 0) lines.push(`${rep.file}: --fix: nothing missing; no copy written`);
      else if (e.fixed.status === 'unchanged') lines.push(`${rep.file}: --fix: ${e.fixed.file} is unchanged: it already holds the ${e.fixed.added.length} added line${e.fixed.added.length === 1 ? '' : 's'}; nothing written`);
      else if (e.fixed.file) lines.push(`${rep.file}: --fix: wrote ${e.fixed.file} with ${e.fixed.added.length} added line${e.fixed.added.length === 1 ? '' : 's'}:`, ...describeEdit(e.fixed).map((l) => `  ${l}`));
      else lines.push(`${rep.file}: --dry-run: the fix would add ${e.fixed.added.length} line${e.fixed.added.length === 1 ? '' : 's'}:`, ...describeEdit(e.fixed).map((l) => `  ${l}`));
    }
  }
  if (lines.length) out(lines.join('\n') + '\n');
  return code;
}
