/**
 * The catalog's requirement edges as integer arrays (compressed rows), built once per catalog and
 * shared: the loader checks edges and cycles on it, and the resolver walks it.
 */
import type { Catalog, Requirement } from './types.js';

/** The catalog's edges in compressed-row form; node numbers follow id order. */
export interface Graph {
  ids: string[];
  index: Map<string, number>;
  /** Edges of node n are start[n] .. start[n+1]-1. */
  start: Int32Array;
  /** The node each edge goes to; -1 for an id no item has (the loader refuses those). */
  to: Int32Array;
  /** The node each edge leaves from. */
  from: Int32Array;
  kind: Uint8Array; // 0 catalog, 1 build-rule
  unless: Int32Array; // -1: unconditional (or an unknown id, which the loader refuses)
  edge: Requirement[];
  /** Edge number of each requirement object (built on first use: only closureSet's callers need it). */
  edgeOf: () => Map<Requirement, number>;
}

const graphs = new WeakMap<Catalog, Graph>();

export function catalogGraph(catalog: Catalog): Graph {
  let g = graphs.get(catalog);
  if (g) return g;
  const ids = [...catalog.items.keys()];
  // The catalog's items are in id order already; sorting is only a safeguard.
  for (let i = 1; i < ids.length; i++) {
    if (ids[i - 1]! > ids[i]!) {
      ids.sort();
      break;
    }
  }
  const index = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) index.set(ids[i]!, i);
  let m = 0;
  for (const c of catalog.items.values()) m += c.requires.length;
  const start = new Int32Array(ids.length + 1);
  const to = new Int32Array(m);
  const from = new Int32Array(m);
  const kind = new Uint8Array(m);
  const unless = new Int32Array(m);
  const edge: Requirement[] = new Array(m);
  let e = 0;
  for (let n = 0; n < ids.length; n++) {
    start[n] = e;
    const reqs = catalog.items.get(ids[n]!)!.requires;
    for (let k = 0; k < reqs.length; k++) {
      const r = reqs[k]!;
      to[e] = index.get(r.id) ?? -1;
      from[e] = n;
      kind[e] = r.kind === 'build-rule' ? 1 : 0;
      unless[e] = r.unless === undefined ? -1 : (index.get(r.unless) ?? -1);
      edge[e] = r;
      e++;
    }
  }
  start[ids.length] = e;
  let edgeMap: Map<Requirement, number> | undefined;
  const edgeOf = () => {
    if (!edgeMap) {
      edgeMap = new Map<Requirement, number>();
      for (let k = 0; k < edge.length; k++) edgeMap.set(edge[k]!, k);
    }
    return edgeMap;
  };
  g = { ids, index, start, to, from, kind, unless, edge, edgeOf };
  graphs.set(catalog, g);
  return g;
}
