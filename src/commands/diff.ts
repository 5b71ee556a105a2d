import { diffDesigns } from '../analyze.js';
import { EXIT_FINDINGS } from '../errors.js';
import { out, outJson } from '../output.js';
import { loadDesign } from '../design/load.js';
import { noticeDesign } from '../design/notices.js';
import { catalogFor, type GlobalArgs } from './common.js';

/**
 * Exits like diff(1): 0 the designs build the same, 1 they differ, 2 trouble (a thrown error). A batch
 * file is compared by what cesysgen builds from it (its closure under build rules only), so a file
 * missing set lines differs from its fixed copy; each incomplete side is named on stderr (in --json:
 * "incomplete"). An item selected in one design and implied in the other is shown, but the build is the same.
 */
export async function run(args: GlobalArgs & { a: string; b: string; mergeStyle?: boolean; strict?: boolean }): Promise<number> {
  const catalog = await catalogFor(args);
  const [a, b] = [await loadDesign(args.a, catalog), await loadDesign(args.b, catalog)];
  for (const d of [a, b]) noticeDesign(catalog, d, args.strict ?? false);
  const d = diffDesigns(catalog, a, b);
  const status = d.removed.length + d.added.length > 0 ? EXIT_FINDINGS : 0;
  if (args.json) {
    outJson({ sameClosure: status === 0, ...d });
    return status;
  }
  for (const i of d.incomplete) {
    process.stderr.write(`wcecfg: ${i.file}: incomplete: cesysgen will not set ${i.missing.length} item${i.missing.length === 1 ? '' : 's'} its selections need (${i.missing.join(', ')}); compared as cesysgen builds it; \`wcecfg validate --fix ${i.file}\` adds ${i.missing.length === 1 ? 'it' : 'them'}\n`);
  }
  const lines: string[] = [];
  if (args.mergeStyle) {
    for (const id of d.merge.clear) lines.push(`set ${id}=`);
    for (const id of d.merge.set) lines.push(`set ${id}=1`);
  } else {
    for (const id of d.removed) lines.push(`-${id}`);
    for (const c of d.changed) lines.push(` ${c.id} ${c.from} -> ${c.to}`);
    for (const id of d.added) lines.push(`+${id}`);
  }
  out(lines.length ? lines.join('\n') + '\n' : '');
  return status;
}
