/**
 * The closure as a graph: one node per item, one edge per requirer → requirement pair, each edge
 * with the provenance that carries it. `focus` keeps only what leads to an item and what it pulls in
 * (`wcecfg explain` as a picture). Plain data, in a stable order: the DOT text is made from it.
 */
import { UserError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import type { EdgeKind } from '../catalog/types.js';
import type { Resolution } from '../resolve.js';

/** How an edge is known: a documented Catalog dependency, a documented cesysgen build rule, or inferred only. */
export type Provenance = 'catalog' | 'build-rule' | 'inferred';

export interface GraphNode {
  id: string;
  title: string;
  /** The Catalog area, split at its backslashes ("Security\Authentication Services (SSPI)"). */
  area: string[];
  root: boolean;
  inferred: boolean;
  /** The item --focus names. */
  focus: boolean;
}

export interface GraphEdge {
  from: string;
  to: string;
  provenance: Provenance;
  /** Every edge between the two, as "kind, confidence: source". */
  basis: string[];
  kinds: EdgeKind[];
}

export interface DesignGraph {
  name: string;
  roots: string[];
  /** In the closure's dependency order. */
  nodes: GraphNode[];
  /** Sorted by requirer, then requirement. */
  edges: GraphEdge[];
  /** The closure's size (the graph may show fewer items with --focus). */
  closureSize: number;
  focus?: string;
}

export const PROVENANCE_TEXT: Record<Provenance, string> = {
  catalog: 'Catalog dependency',
  'build-rule': 'build rule',
  inferred: 'inferred',
};

export function provenanceOf(edges: ReadonlyArray<{ kind: EdgeKind; confidence: string }>): Provenance {
  const documented = edges.filter((e) => e.confidence !== 'inferred');
  if (documented.length === 0) return 'inferred';
  return documented.some((e) => e.kind === 'catalog') ? 'catalog' : 'build-rule';
}

function areaPath(area: string): string[] {
  const parts = area.split('\\').map((s) => s.trim()).filter(Boolean);
  return parts.length ? parts : ['(no area)'];
}

export function designGraph(r: Resolution, name: string, focusIn?: string): DesignGraph {
  let keep: Set<string> | undefined;
  let up: Set<string> | undefined;
  let down: Set<string> | undefined;
  let focus: string | undefined;
  if (focusIn !== undefined) {
    focus = focusIn.toUpperCase();
    if (!r.items.has(focus)) {
      throw new UserError(`--focus: ${focusIn} is not in the closure of ${r.roots.join(', ')}${didYouMean(focus, r.order)}`);
    }
    // Ancestors: walk requirers; descendants: walk the requirements in force (the requirers of the closure, reversed).
    const requires = new Map<string, string[]>();
    for (const id of r.order) for (const b of r.items.get(id)!.requiredBy) requires.set(b.id, [...(requires.get(b.id) ?? []), id]);
    const reach = (start: string, next: (id: string) => string[]) => {
      const seen = new Set([start]);
      const stack = [start];
      while (stack.length) for (const n of next(stack.pop()!)) if (!seen.has(n)) (seen.add(n), stack.push(n));
      return seen;
    };
    up = reach(focus, (id) => r.items.get(id)!.requiredBy.map((b) => b.id));
    down = reach(focus, (id) => requires.get(id) ?? []);
    keep = new Set([...up, ...down]);
  }
  const nodes: GraphNode[] = r.order
    .filter((id) => !keep || keep.has(id))
    .map((id) => {
      const it = r.items.get(id)!;
      return { id, title: it.component.title, area: areaPath(it.component.area), root: it.root, inferred: it.inferred, focus: id === focus };
    });
  const edges: GraphEdge[] = [];
  for (const n of nodes) {
    for (const b of r.items.get(n.id)!.requiredBy) {
      // With --focus, only edges on a path through the focus: both ends above it, or both below it.
      if (up && down && !((up.has(b.id) && up.has(n.id)) || (down.has(b.id) && down.has(n.id)))) continue;
      edges.push({
        from: b.id,
        to: n.id,
        provenance: provenanceOf(b.edges),
        basis: b.edges.map((e) => `${PROVENANCE_TEXT[e.kind === 'catalog' ? 'catalog' : 'build-rule']}, ${e.confidence}: ${e.source}`),
        kinds: [...new Set(b.edges.map((e) => e.kind))].sort(),
      });
    }
  }
  edges.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  return { name, roots: r.roots, nodes, edges, closureSize: r.order.length, ...(focus ? { focus } : {}) };
}
