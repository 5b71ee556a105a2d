import { UserError } from '../errors.js';
import { readJson } from '../jsonfile.js';
import { checkSchema } from '../schemas.js';
import { buildRegistration, type Manifest } from '../registration/appreg.js';
import { desktopRegFile } from '../registration/write.js';
import { checkOutDir, writeOutputs } from '../write.js';
import { out, outJson } from '../output.js';
import type { GlobalArgs } from './common.js';

export async function run(a: GlobalArgs & { manifest: string; out?: string; regVersion?: string; force?: boolean }): Promise<number> {
  const outDir = a.out ?? 'out';
  checkOutDir(outDir); // before reading anything: a bad --out is the first thing to say
  const { text, value } = readJson(a.manifest, 'manifest');
  await checkSchema('manifest', value, a.manifest, text);
  const reg = buildRegistration(value as Manifest);
  const errors = reg.problems.filter((p) => p.severity === 'error');
  const warnings = reg.problems.filter((p) => p.severity === 'warning');
  if (errors.length) {
    const e = errors[0]!;
    throw new UserError(`${a.manifest}: ${e.pointer}: ${e.message}${errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : ''}`);
  }
  for (const w of warnings) process.stderr.write(`wcecfg: ${a.manifest}: ${w.pointer}: warning: ${w.message}\n`);
  const version = a.regVersion === '4' ? 4 : 5;
  const files = [
    { name: 'install.reg', content: desktopRegFile(reg.install, version) },
    { name: 'uninstall.reg', content: desktopRegFile(reg.uninstall, version) },
  ];
  const results = writeOutputs(outDir, files, { force: a.force ?? false, inputs: [a.manifest] });
  if (a.json) {
    outJson({ out: outDir, root: reg.root, files: results, warnings: warnings.map((w) => ({ pointer: w.pointer, message: w.message })) });
    return 0;
  }
  for (const r of results) out(`${r.status === 'written' ? 'wrote    ' : 'unchanged'} ${outDir}/${r.name}\n`);
  return 0;
}
