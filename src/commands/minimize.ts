import { minimizeDesign } from '../analyze.js';
import { UserError } from '../errors.js';
import { outJson } from '../output.js';
import { loadDesign } from '../design/load.js';
import { noticeDesign } from '../design/notices.js';
import { describeEdit, minimizeBatch, type BatchEdit } from '../design/roundtrip.js';
import { batSet, batText, encodeBat } from '../format/bat.js';
import { catalogFor, type GlobalArgs } from './common.js';

/**
 * What minimize did to a batch file, in words: removing set lines a build rule makes redundant, and
 * adding the missing ones (a minimal design is a complete one: the result validates).
 */
function minimizeSummary(removed: number, added: number): string {
  const parts: string[] = [];
  if (removed) parts.push(`${removed} redundant set line${removed === 1 ? '' : 's'} removed (a build rule sets ${removed === 1 ? 'it' : 'them'})`);
  if (added) parts.push(`added ${added} missing set line${added === 1 ? '' : 's'} that cesysgen would not set (\`wcecfg validate\` reports ${added === 1 ? 'it' : 'them'})`);
  return parts.join('; ');
}

export async function run(args: GlobalArgs & { file: string; format?: 'json' | 'bat'; strict?: boolean }): Promise<number> {
  const catalog = await catalogFor(args);
  const design = await loadDesign(args.file, catalog);
  noticeDesign(catalog, design, args.strict ?? false);
  const format = args.format ?? (design.kind === 'batch' ? 'bat' : 'json');
  // Minimal for what the result is read as: a batch file by cesysgen (build rules only), a JSON
  // design by wcecfg (every requirement), whatever the input was.
  const minimal = minimizeDesign(catalog, design, format === 'bat' ? 'batch' : 'design');
  const { select, closure } = minimal;
  // A batch design keeps every line but its redundant Sysgen selections; the missing ones (what
  // validate --fix adds) are added, so the result is complete as well as minimal, and says so.
  const edit: (BatchEdit & { missing: string[] }) | undefined = format === 'bat' && design.batch ? minimizeBatch(catalog, design, minimal) : undefined;
  const result = edit ? edit.select : select;
  const inResult = new Set(result);
  const selected = new Set(design.select);
  const dropped = design.select.filter((id) => !inResult.has(id)).sort();
  const added = result.filter((id) => !selected.has(id));
  if (args.json) {
    outJson({
      file: design.file, kind: design.kind, select: result, dropped, added, closureSize: closure.length,
      ...(edit ? { removedLines: edit.removed, addedLines: edit.added, missing: edit.missing } : {}),
    });
    return 0;
  }
  if (format === 'bat') {
    if (design.exclude.length) throw new UserError(`${design.file}: a batch file cannot express "exclude"; use --format json`);
    if (edit) {
      process.stdout.write(edit.bytes);
      const changes = describeEdit(edit);
      process.stderr.write(`wcecfg: ${design.file}: ${changes.length ? `${minimizeSummary(edit.removed.length, edit.missing.length)}; every other line kept as it was` : 'already minimal; every line kept'}\n`);
      for (const c of changes) process.stderr.write(`wcecfg:   ${c}\n`);
      return 0;
    }
    // Every value goes through the batch format's rule: a name cannot end the rem line and start a command.
    const lines = ['@echo off', `rem ${batText(design.name, `${design.file}: design name`)}: minimal selection for ${closure.length} items (wcecfg minimize)`, ...select.map((id) => batSet(id, '1', id))];
    process.stdout.write(encodeBat(lines.join('\n') + '\n'));
  } else {
    // Every field of a JSON design but "select" stays as it was, in its place.
    const d: Record<string, unknown> = design.json ? { ...design.json } : { name: design.name, ...(design.description ? { description: design.description } : {}) };
    d.select = select;
    if (design.exclude.length) d.exclude = design.exclude;
    outJson(d);
  }
  return 0;
}
