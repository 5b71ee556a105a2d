import { diffDesigns } from '../analyze.js';
import { json, out } from '../output.js';
import { loadDesign } from '../design/load.js';
import { catalogFor, type GlobalArgs } from './common.js';

export async function run(args: GlobalArgs & { a: string; b: string; mergeStyle?: boolean }): Promise<number> {
  const catalog = await catalogFor(args);
  const [a, b] = [await loadDesign(args.a), await loadDesign(args.b)];
  const d = diffDesigns(catalog, a, b);
  if (args.json) {
    out(json(d));
    return 0;
  }
  const lines: string[] = [];
  if (args.mergeStyle) {
    for (const id of d.removed) lines.push(`set ${id}=`);
    for (const id of d.added) lines.push(`set ${id}=1`);
  } else {
    for (const id of d.removed) lines.push(`-${id}`);
    for (const c of d.changed) lines.push(` ${c.id} ${c.from} -> ${c.to}`);
    for (const id of d.added) lines.push(`+${id}`);
  }
  out(lines.length ? lines.join('\n') + '\n' : '');
  return 0;
}
