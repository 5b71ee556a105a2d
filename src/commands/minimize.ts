import { minimizeDesign } from '../analyze.js';
import { UserError } from '../errors.js';
import { batSet, batText, encodeBat } from '../format/bat.js';
import { json, out } from '../output.js';
import { loadDesign } from '../design/load.js';
import { catalogFor, type GlobalArgs } from './common.js';

export async function run(args: GlobalArgs & { file: string; format?: 'json' | 'bat' }): Promise<number> {
  const catalog = await catalogFor(args);
  const design = await loadDesign(args.file);
  const { select, closure } = minimizeDesign(catalog, design);
  const kept = new Set(select);
  const given = new Set(design.select);
  const dropped = design.select.filter((id) => !kept.has(id)).sort();
  const added = select.filter((id) => !given.has(id));
  if (args.json) {
    out(json({ file: design.file, kind: design.kind, select, dropped, added, closureSize: closure.length }));
    return 0;
  }
  const format = args.format ?? (design.kind === 'batch' ? 'bat' : 'json');
  if (format === 'bat') {
    if (design.exclude.length) throw new UserError(`${design.file}: a batch file cannot express "exclude"; use --format json`);
    // Every value goes through the batch format's rule: a name cannot end the rem line and start a command.
    const lines = ['@echo off', `rem ${batText(design.name, `${design.file}: design name`)}: minimal selection for ${closure.length} items (wcecfg minimize)`, ...select.map((id) => batSet(id, '1'))];
    process.stdout.write(encodeBat(lines.join('\n') + '\n'));
  } else {
    const d: Record<string, unknown> = { name: design.name };
    if (design.description) d.description = design.description;
    d.select = select;
    if (design.exclude.length) d.exclude = design.exclude;
    out(json(d));
  }
  return 0;
}
