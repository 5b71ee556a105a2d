import { resolve, type ResolvedItem, type Resolution } from '../resolve.js';
import { json, out, table } from '../output.js';
import { catalogFor, type GlobalArgs } from './common.js';
import { loadDesign } from '../design/load.js';
import type { Catalog } from '../catalog/types.js';
import type { Design } from '../design/types.js';

export interface ResolveArgs extends GlobalArgs {
  ids?: string[];
  design?: string;
  tree?: boolean;
}

/** The roots a command works on: IDs named on the command line, the design's selections, or both. */
export async function resolveFor(args: ResolveArgs): Promise<{ catalog: Catalog; design?: Design; resolution: Resolution }> {
  const catalog = await catalogFor(args);
  const ids = (args.ids ?? []).map((s) => s.toUpperCase());
  const design = ids.length > 0 && !args.design ? undefined : await loadDesign(args.design);
  const roots = [...(design?.select ?? []), ...ids];
  const resolution = resolve(catalog, roots, { exclude: design?.exclude ?? [] });
  return { catalog, ...(design ? { design } : {}), resolution };
}

export function basis(item: ResolvedItem): string {
  if (item.root) return 'selected';
  const kinds = [...new Set(item.requiredBy.flatMap((b) => b.edges.map((e) => e.kind)))].sort();
  return kinds.join('+');
}

export function closureJson(r: Resolution) {
  return {
    roots: r.roots,
    closure: r.order.map((id) => {
      const it = r.items.get(id)!;
      return {
        id,
        title: it.component.title,
        requiredBy: it.requiredBy.map((b) => b.id),
        chain: it.chain,
        modules: it.component.modules.map((m) => m.name),
        inferred: it.inferred,
      };
    }),
  };
}

function short(ids: string[]): string {
  if (ids.length === 0) return '-';
  return ids.length > 3 ? `${ids.slice(0, 3).join(', ')} +${ids.length - 3}` : ids.join(', ');
}

function tree(r: Resolution): string {
  // Each item once, under the parent of its shortest chain; other requirers are counted.
  const children = new Map<string, string[]>();
  for (const id of r.order) {
    const c = r.items.get(id)!.chain;
    if (c.length > 1) {
      const p = c[c.length - 2]!;
      children.set(p, [...(children.get(p) ?? []), id]);
    }
  }
  const lines: string[] = [];
  const draw = (id: string, prefix: string, last: boolean, top: boolean) => {
    const it = r.items.get(id)!;
    const others = it.requiredBy.length - (top ? 0 : 1);
    const extra = [it.inferred ? 'inferred' : '', others > 0 ? `also required by ${others} more` : ''].filter(Boolean).join('; ');
    lines.push(`${prefix}${top ? '' : last ? '`-- ' : '|-- '}${id}  ${it.component.title}${extra ? `  [${extra}]` : ''}`);
    const kids = (children.get(id) ?? []).sort();
    kids.forEach((k, i) => draw(k, top ? '' : prefix + (last ? '    ' : '|   '), i === kids.length - 1, false));
  };
  for (const root of r.roots) draw(root, '', true, true);
  return lines.join('\n') + '\n';
}

export async function run(args: ResolveArgs): Promise<number> {
  const { resolution: r } = await resolveFor(args);
  if (args.json) {
    out(json(closureJson(r)));
    return 0;
  }
  if (args.tree) {
    out(tree(r));
  } else {
    const rows = r.order.map((id, i) => {
      const it = r.items.get(id)!;
      return [String(i + 1), id + (it.inferred ? ' *' : ''), it.component.title, basis(it), short(it.requiredBy.map((b) => b.id))];
    });
    out(table(['#', 'ID', 'TITLE', 'BASIS', 'REQUIRED BY'], rows));
  }
  const inferred = r.order.filter((id) => r.items.get(id)!.inferred).length;
  out(`\n${r.order.length} items from ${r.roots.join(', ')}; ${inferred} inferred (marked *: not read in a primary source).\n`);
  return 0;
}
