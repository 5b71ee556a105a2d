/**
 * The resolver: the closure of a set of roots over `requires`, independent of the order rules are
 * written in (unlike cesysgen's ordered `if` lines), in a deterministic topological order.
 *
 * It works on an integer-indexed copy of the catalog's edges (built once per catalog), so a
 * closure of 50,000 components stays in the tens of milliseconds; per-item details (requirers,
 * chains) are computed when asked for.
 */
import { UserError, locatedError } from './errors.js';
import { schemaError } from './jsonfile.js';
import type { Design } from './design/types.js';
import { classifyName, describeName, outsiderTitle } from './catalog/names.js';
import { catalogGraph, type Graph } from './catalog/graph.js';
import type { Catalog, Component, EdgeKind, Requirement } from './catalog/types.js';

export interface Requirer {
  id: string;
  /** Every edge from the requirer to this item (a Catalog dependency and a build rule can both exist). */
  edges: Requirement[];
}

export interface ResolvedItem {
  id: string;
  component: Component;
  root: boolean;
  /** The items of the closure that require this one, by id. */
  readonly requiredBy: Requirer[];
  /** One shortest chain from a root to this item (the root first, this item last). */
  readonly chain: string[];
  /** The item before this one on that chain (the chain's second-last item, in constant time); null for a root. */
  readonly parent: string | null;
  /** The item's own variable is inferred, or every edge that pulls it in is. */
  readonly inferred: boolean;
  /** A selected variable the catalog does not hold (unknown, removed, later version): a leaf. */
  readonly outside?: 'unknown' | 'removed' | 'later';
}

export interface Resolution {
  roots: string[];
  /** Topological order: every item after everything it requires; ties broken by id. */
  order: string[];
  items: Map<string, ResolvedItem>;
}

export interface ResolveOptions {
  exclude?: readonly string[];
  /** Follow only these edge kinds (cesysgen alone follows only build rules). Default: both. */
  kinds?: ReadonlySet<EdgeKind>;
  /**
   * Roots the catalog does not hold: 'error' (default) stops at the first; 'leaf' keeps each as a
   * selected item with no requirements (the caller has reported them), and ignores such excludes.
   */
  outsiders?: 'error' | 'leaf';
  /** The design the roots and excludes come from: a mistake in it names its file and place. */
  design?: DesignPlace;
}

/** What resolve needs of a design to place its mistakes: the file, and where each name is. */
export type DesignPlace = Pick<Design, 'file' | 'kind' | 'exclude' | 'lines' | 'text'>;

/**
 * The error for a mistake about `id` in the design's `list` ("select" or "exclude"): file and line
 * (a batch or .pbxml line, or the JSON line of its pointer), else the message alone.
 */
function designError(design: DesignPlace | undefined, list: 'select' | 'exclude', id: string | undefined, message: string): UserError {
  if (!design) return new UserError(message);
  if (design.kind === 'json' && design.text !== undefined) {
    const i = id === undefined ? -1 : design.exclude.indexOf(id);
    return schemaError(design.file, design.text, list === 'exclude' && i >= 0 ? `/exclude/${i}` : `/${list}`, message);
  }
  return locatedError(design.file, undefined, message, id === undefined ? undefined : design.lines.get(id));
}

interface Context {
  requirersOf(v: number): Requirer[];
  chainOf(v: number): string[];
  parentOf(v: number): string | null;
}

/** A resolved item; requirers and chain are worked out on first use (a class, so 50,000 of them are cheap). */
class Entry implements ResolvedItem {
  private by?: Requirer[];
  private ch?: string[];
  constructor(
    private readonly ctx: Context,
    private readonly v: number,
    readonly id: string,
    readonly component: Component,
    readonly root: boolean,
  ) {}
  get requiredBy(): Requirer[] {
    return (this.by ??= this.ctx.requirersOf(this.v));
  }
  get chain(): string[] {
    return (this.ch ??= this.ctx.chainOf(this.v));
  }
  get parent(): string | null {
    return this.ctx.parentOf(this.v);
  }
  get inferred(): boolean {
    if (this.component.confidence === 'inferred') return true;
    if (this.root) return false;
    const b = this.requiredBy;
    if (b.length === 0) return false;
    for (const x of b) for (const e of x.edges) if (e.confidence !== 'inferred') return false;
    return true;
  }
  toJSON() {
    return { id: this.id, root: this.root, requiredBy: this.requiredBy.map((b) => b.id), chain: this.chain, inferred: this.inferred };
  }
}

/** Throws a UserError naming the first id that the catalog does not define (what it is instead, or did-you-mean). */
function requireKnown(catalog: Catalog, ids: readonly string[], role?: string): void {
  for (const id of ids) {
    const c = classifyName(catalog, id);
    if (c.kind !== 'known') throw new UserError(`${describeName(c)}${role ? ` (${role})` : ''}`);
  }
}

/** A selected variable outside the catalog, as a resolved leaf. */
function outsiderEntry(catalog: Catalog, id: string): ResolvedItem {
  const c = classifyName(catalog, id, { suggestions: false });
  if (c.kind === 'known') throw new Error(`internal error: ${id} is in the catalog`);
  const component: Component = {
    id, title: outsiderTitle(c), description: describeName(c), area: '', confidence: 'inferred',
    requires: [], modules: [], sources: [],
  };
  return { id, component, root: true, requiredBy: [], chain: [id], parent: null, inferred: false, outside: c.kind };
}

interface Walk {
  inSet: Uint8Array;
  /** Breadth-first order from the roots (so parents give shortest chains). */
  queue: Int32Array;
  size: number;
  parent: Int32Array;
  active: (e: number) => boolean;
}

/**
 * Breadth-first closure. Conditional (`unless`) rules are judged against the closure of the
 * unconditional rules, as cesysgen's "if A and not B" lines see the variables set before them.
 */
function walk(g: Graph, roots: readonly number[], kinds?: ReadonlySet<EdgeKind>): Walk {
  const n = g.ids.length;
  const kindMask = kinds === undefined ? 3 : (kinds.has('catalog') ? 1 : 0) | (kinds.has('build-rule') ? 2 : 0);
  const kindOk = (e: number) => ((1 << g.kind[e]!) & kindMask) !== 0;
  const bfs = (follow: (e: number) => boolean, parent?: Int32Array) => {
    const inSet = new Uint8Array(n);
    const queue = new Int32Array(n);
    let size = 0;
    for (const r of roots) {
      if (!inSet[r]) {
        inSet[r] = 1;
        queue[size++] = r;
      }
    }
    for (let q = 0; q < size; q++) {
      const u = queue[q]!;
      for (let e = g.start[u]!, end = g.start[u + 1]!; e < end; e++) {
        const v = g.to[e]!;
        if (!inSet[v] && follow(e)) {
          inSet[v] = 1;
          queue[size++] = v;
          if (parent) parent[v] = u;
        }
      }
    }
    return { inSet, queue, size };
  };
  let hasConditional = false;
  for (let i = 0; i < g.unless.length && !hasConditional; i++) hasConditional = g.unless[i]! >= 0;
  const base = hasConditional ? bfs((e) => kindOk(e) && g.unless[e]! < 0).inSet : undefined;
  const active = base ? (e: number) => kindOk(e) && (g.unless[e]! < 0 || !base[g.unless[e]!]) : kindOk;
  const parent = new Int32Array(n).fill(-1);
  return { ...bfs(active, parent), parent, active };
}

/** The set of items reachable from the roots, and which edges are in force for them. */
export function closureSet(catalog: Catalog, roots: readonly string[], kinds?: ReadonlySet<EdgeKind>): { set: Set<string>; active: (r: Requirement) => boolean } {
  const g = catalogGraph(catalog);
  const w = walk(g, roots.map((r) => g.index.get(r)!), kinds);
  const set = new Set<string>();
  for (let q = 0; q < w.size; q++) set.add(g.ids[w.queue[q]!]!);
  return {
    set,
    active: (r) => {
      const e = g.edgeOf().get(r);
      return e !== undefined && w.active(e);
    },
  };
}

export function resolve(catalog: Catalog, rootsIn: readonly string[], opts: ResolveOptions = {}): Resolution {
  const all = [...new Set(rootsIn)].sort();
  if (all.length === 0) throw designError(opts.design, 'select', undefined, 'the selection is empty: select at least one Catalog item (for example SYSGEN_MESSENGER)');
  const leaves = opts.outsiders === 'leaf';
  const roots = leaves ? all.filter((id) => catalog.items.has(id)) : all;
  const outside = leaves ? all.filter((id) => !catalog.items.has(id)) : [];
  requireKnown(catalog, roots);
  const exclude = leaves ? (opts.exclude ?? []).filter((id) => catalog.items.has(id)) : (opts.exclude ?? []);
  requireKnown(catalog, exclude, 'excluded');

  const g = catalogGraph(catalog);
  const n = g.ids.length;
  const rootIdx = roots.map((r) => g.index.get(r)!);
  const w = walk(g, rootIdx, opts.kinds);
  const { inSet, parent, active } = w;

  // Reverse edges inside the closure (compressed rows), and how many edges each item still waits on.
  // Requirers are visited in node order, so each item's reverse edges come sorted by requirer and edge.
  const inOrder = w.queue.slice(0, w.size).sort();
  const pending = new Int32Array(n);
  const revCount = new Int32Array(n + 1);
  for (let q = 0; q < w.size; q++) {
    const u = inOrder[q]!;
    for (let e = g.start[u]!, end = g.start[u + 1]!; e < end; e++) {
      const v = g.to[e]!;
      if (v !== u && inSet[v] && active(e)) {
        pending[u]!++;
        revCount[v + 1]!++;
      }
    }
  }
  for (let i = 0; i < n; i++) revCount[i + 1]! += revCount[i]!;
  const revStart = revCount.slice();
  const revEdge = new Int32Array(revCount[n]!);
  const fill = revCount.slice(0, n);
  for (let q = 0; q < w.size; q++) {
    const u = inOrder[q]!;
    for (let e = g.start[u]!, end = g.start[u + 1]!; e < end; e++) {
      const v = g.to[e]!;
      if (v !== u && inSet[v] && active(e)) revEdge[fill[v]!++] = e;
    }
  }
  const edgeFrom = (e: number): number => g.from[e]!;

  const chainOf = (v: number): string[] => {
    const c: string[] = [];
    for (let x = v; x >= 0; x = parent[x]!) c.push(g.ids[x]!);
    return c.reverse();
  };
  const requirersOf = (v: number): Requirer[] => {
    // Reverse edges are sorted by requirer: one Requirer per run of equal requirers.
    const by: Requirer[] = [];
    let last = -1;
    for (let k = revStart[v]!; k < revStart[v + 1]!; k++) {
      const e = revEdge[k]!;
      const u = edgeFrom(e);
      if (u === last) by[by.length - 1]!.edges.push(g.edge[e]!);
      else by.push({ id: g.ids[u]!, edges: [g.edge[e]!] });
      last = u;
    }
    return by;
  };

  const rootSet0 = new Set(roots);
  for (const x of exclude) {
    if (rootSet0.has(x)) throw designError(opts.design, 'exclude', x, `${x} is both selected and excluded`);
    const v = g.index.get(x)!;
    if (inSet[v]) {
      const by = requirersOf(v).map((b) => b.id);
      throw designError(opts.design, 'exclude', x, `${x} is excluded, but ${by.join(', ')} ${by.length === 1 ? 'requires' : 'require'} it (${chainOf(v).join(' -> ')})`);
    }
  }

  // Kahn's algorithm; the ready set is a min-heap of node numbers, which follow id order.
  const heap = new Int32Array(w.size);
  let hs = 0;
  const push = (v: number) => {
    let i = hs++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p]! <= v) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = v;
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap[--hs]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= hs) break;
      const c = l + 1 < hs && heap[l + 1]! < heap[l]! ? l + 1 : l;
      if (heap[c]! >= last) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
    return top;
  };
  for (let q = 0; q < w.size; q++) if (pending[w.queue[q]!] === 0) push(w.queue[q]!);
  const orderIdx: number[] = [];
  while (hs > 0) {
    const v = pop();
    orderIdx.push(v);
    for (let k = revStart[v]!; k < revStart[v + 1]!; k++) {
      const u = edgeFrom(revEdge[k]!);
      if (--pending[u]! === 0) push(u);
    }
  }
  // The loader refuses a catalog with a cycle (src/catalog/graph.ts), so every item is placed.
  if (orderIdx.length !== w.size) throw new Error('internal error: the closure has a requirement cycle the loader did not refuse');

  const rootSet = new Set(rootIdx);
  const parentOf = (v: number): string | null => (parent[v]! >= 0 ? g.ids[parent[v]!]! : null);
  const ctx: Context = { requirersOf, chainOf, parentOf };
  const items = new Map<string, ResolvedItem>();
  // Variables outside the catalog require nothing, so they come first (in id order).
  const order: string[] = new Array(outside.length + orderIdx.length);
  for (let i = 0; i < outside.length; i++) {
    order[i] = outside[i]!;
    items.set(outside[i]!, outsiderEntry(catalog, outside[i]!));
  }
  for (let i = 0; i < orderIdx.length; i++) {
    const v = orderIdx[i]!;
    const id = g.ids[v]!;
    order[outside.length + i] = id;
    items.set(id, new Entry(ctx, v, id, catalog.items.get(id)!, rootSet.has(v)));
  }
  return { roots: all, order, items };
}
