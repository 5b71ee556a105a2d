import { validateDesign, type ValidationReport } from '../analyze.js';
import { UserError } from '../errors.js';
import { json, out } from '../output.js';
import { loadDesign } from '../design/load.js';
import { catalogFor, type GlobalArgs } from './common.js';
import { designChecks } from '../checks.js';

export async function run(args: GlobalArgs & { files: string[]; strict?: boolean }): Promise<number> {
  const catalog = await catalogFor(args);
  const reports: Array<ValidationReport | { file: string; error: string }> = [];
  let code = 0;
  for (const file of args.files) {
    try {
      const design = await loadDesign(file);
      const rep = validateDesign(catalog, design, designChecks);
      reports.push(rep);
      const fails = rep.findings.some((f) => f.severity === 'error' || (args.strict && f.severity === 'warning'));
      if (fails) code = Math.max(code, 1);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      reports.push({ file, error: e.message });
      code = 2;
    }
  }
  if (args.json) {
    out(json(reports));
    return code;
  }
  const lines: string[] = [];
  for (const rep of reports) {
    if ('error' in rep) {
      process.stderr.write(`wcecfg: ${rep.error}\n`);
      continue;
    }
    const errors = rep.findings.filter((f) => f.severity === 'error').length;
    const warnings = rep.findings.filter((f) => f.severity === 'warning').length;
    const notes = rep.findings.filter((f) => f.severity === 'note' && f.code === 'redundant');
    for (const f of rep.findings) {
      if (f.severity === 'note' && f.code === 'redundant') continue;
      const message = f.message.startsWith(`${rep.file}: `) ? f.message.slice(rep.file.length + 2) : f.message;
      lines.push(`${rep.file}${f.line ? `:${f.line}` : ''}: ${f.severity}: ${message}`);
    }
    if (notes.length) {
      lines.push(`${rep.file}: note: ${notes.length} selection${notes.length === 1 ? ' is' : 's are'} implied by others through build rules (${notes.map((n) => n.id).join(', ')}); \`wcecfg minimize ${rep.file}\` prints the smallest equivalent design`);
    }
    lines.push(`${rep.file}: ${errors === 0 ? 'complete' : 'incomplete'}: ${rep.closureSize} items, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  }
  if (lines.length) out(lines.join('\n') + '\n');
  return code;
}
