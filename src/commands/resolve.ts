import { resolve, type ResolvedItem, type Resolution } from '../resolve.js';
import { out, outJson, Rows, table } from '../output.js';
import { catalogFor, type GlobalArgs } from './common.js';
import { loadDesign } from '../design/load.js';
import { noticeDesign, noticeIds } from '../design/notices.js';
import type { Catalog } from '../catalog/types.js';
import type { Design } from '../design/types.js';

export interface ResolveArgs extends GlobalArgs {
  ids?: string[];
  design?: string;
  tree?: boolean;
  strict?: boolean;
}

/** The roots a command works on: IDs named on the command line, the design's selections, or both. */
export async function resolveFor(args: ResolveArgs): Promise<{ catalog: Catalog; design?: Design; resolution: Resolution }> {
  const catalog = await catalogFor(args);
  const ids = (args.ids ?? []).map((s) => s.toUpperCase());
  const design = ids.length > 0 && !args.design ? undefined : await loadDesign(args.design, catalog);
  if (design) noticeDesign(catalog, design, args.strict ?? false);
  noticeIds(catalog, ids, args.strict ?? false);
  const roots = [...(design?.select ?? []), ...ids];
  const resolution = resolve(catalog, roots, { exclude: design?.exclude ?? [], outsiders: 'leaf', ...(design ? { design } : {}) });
  return { catalog, ...(design ? { design } : {}), resolution };
}

export function basis(item: ResolvedItem): string {
  if (item.root) return 'selected';
  const kinds = [...new Set(item.requiredBy.flatMap((b) => b.edges.map((e) => e.kind)))].sort();
  return kinds.join('+');
}

function closureJson(r: Resolution) {
  return {
    roots: r.roots,
    // Made item by item as they are printed (outJson), not all at once.
    closure: new Rows(r.order.length, (i) => {
      const id = r.order[i]!;
      const it = r.items.get(id)!;
      return {
        id,
        title: it.component.title,
        requiredBy: it.requiredBy.map((b) => b.id),
        // One link of a shortest chain per item: the whole chain of every item grows with depth × items.
        parent: it.parent,
        modules: it.component.modules.map((m) => m.name),
        inferred: it.inferred,
        ...(it.outside ? { outside: it.outside } : {}),
      };
    }),
  };
}

function short(ids: string[]): string {
  if (ids.length === 0) return '-';
  return ids.length > 3 ? `${ids.slice(0, 3).join(', ')} +${ids.length - 3}` : ids.join(', ');
}

interface TreeNode {
  id: string;
  title: string;
  parent: string | null;
  depth: number;
  inferred: boolean;
  /** Requirers in the closure other than the parent it is drawn under. */
  alsoRequiredBy: number;
  /** Drawn last among its siblings. */
  last: boolean;
}

/**
 * The closure as a tree of shortest chains, in drawing order: each item once, under the parent of
 * its shortest chain. Iterative, so a chain 50,000 items deep draws like a shallow one.
 */
function treeNodes(r: Resolution): TreeNode[] {
  const children = new Map<string, string[]>();
  for (const id of r.order) {
    const p = r.items.get(id)!.parent;
    if (p === null) continue;
    const list = children.get(p);
    if (list) list.push(id);
    else children.set(p, [id]);
  }
  for (const list of children.values()) list.sort();
  const nodes: TreeNode[] = [];
  const stack: Array<{ id: string; parent: string | null; depth: number; last: boolean }> = [];
  for (let i = r.roots.length - 1; i >= 0; i--) stack.push({ id: r.roots[i]!, parent: null, depth: 0, last: true });
  while (stack.length) {
    const { id, parent, depth, last } = stack.pop()!;
    const it = r.items.get(id)!;
    nodes.push({ id, title: it.component.title, parent, depth, inferred: it.inferred, alsoRequiredBy: it.requiredBy.length - (parent === null ? 0 : 1), last });
    const kids = children.get(id) ?? [];
    for (let k = kids.length - 1; k >= 0; k--) stack.push({ id: kids[k]!, parent: id, depth: depth + 1, last: k === kids.length - 1 });
  }
  return nodes;
}

/** Deeper levels are not indented further: a line's indentation stays bounded, and the output linear. */
const MAX_INDENT = 32;

function treeText(nodes: readonly TreeNode[]): string {
  const lines = new Array<string>(nodes.length);
  // prefix[d]: what column d shows for the rows below the current node's ancestor at depth d + 1.
  const prefix: string[] = [];
  let line = 0;
  for (const n of nodes) {
    prefix.length = Math.max(0, n.depth - 1);
    const extra = [n.inferred ? 'inferred' : '', n.alsoRequiredBy > 0 ? `also required by ${n.alsoRequiredBy} more` : ''].filter(Boolean).join('; ');
    let lead = '';
    if (n.depth > 0) {
      const hidden = prefix.length - MAX_INDENT;
      lead = (hidden > 0 ? `(${hidden} levels deeper) ` + prefix.slice(hidden).join('') : prefix.join('')) + (n.last ? '`-- ' : '|-- ');
      prefix.push(n.last ? '    ' : '|   ');
    }
    lines[line++] = `${lead}${n.id}  ${n.title}${extra ? `  [${extra}]` : ''}`;
  }
  return lines.join('\n') + '\n';
}

export async function run(args: ResolveArgs): Promise<number> {
  const { resolution: r } = await resolveFor(args);
  let inferred = 0;
  for (const id of r.order) if (r.items.get(id)!.inferred) inferred++;
  if (args.json) {
    if (args.tree) {
      const nodes = treeNodes(r);
      outJson({ roots: r.roots, items: r.order.length, inferred, tree: new Rows(nodes.length, (i) => ({ ...nodes[i]!, last: undefined })) });
    } else outJson(closureJson(r));
    return 0;
  }
  if (args.tree) {
    out(treeText(treeNodes(r)));
    out(`\n${r.order.length} item${r.order.length === 1 ? '' : 's'} from ${r.roots.join(', ')}; ${inferred} inferred (marked [inferred]: not read in a primary source).\n`);
    return 0;
  }
  const rows = r.order.map((id, i) => {
    const it = r.items.get(id)!;
    return [String(i + 1), id + (it.inferred ? ' *' : ''), it.component.title, basis(it), short(it.requiredBy.map((b) => b.id))];
  });
  out(table(['#', 'ID', 'TITLE', 'BASIS', 'REQUIRED BY'], rows));
  out(`\n${r.order.length} item${r.order.length === 1 ? '' : 's'} from ${r.roots.join(', ')}; ${inferred} inferred (marked *: not read in a primary source).\n`);
  return 0;
}
