import { UserError } from '../errors.js';
import { closureSet } from '../resolve.js';
import { notInCatalog } from '../catalog/names.js';
import { out, outJson } from '../output.js';
import { resolveFor, type ResolveArgs } from './resolve.js';
import type { Requirement } from '../catalog/types.js';

function edgeText(e: Requirement): string {
  return `${e.kind}, ${e.confidence}${e.via ? `, via ${e.via.join(' => ')}` : ''}${e.unless ? `, unless ${e.unless}` : ''}: ${e.source}${e.note ? ` (${e.note})` : ''}`;
}

function edgeJson(e: Requirement) {
  return { kind: e.kind, confidence: e.confidence, source: e.source, ...(e.via ? { via: e.via } : {}), ...(e.unless ? { unless: e.unless } : {}), ...(e.note ? { note: e.note } : {}) };
}

/** Each required id once, with every edge to it (a Catalog dependency and a build rule can both exist). */
function byId(edges: readonly Requirement[]): Array<{ id: string; edges: Requirement[] }> {
  const m = new Map<string, Requirement[]>();
  for (const e of edges) {
    const list = m.get(e.id);
    if (list) list.push(e);
    else m.set(e.id, [e]);
  }
  return [...m].map(([id, list]) => ({ id, edges: list }));
}

export async function run(args: ResolveArgs & { id: string }): Promise<number> {
  const { catalog, resolution: r } = await resolveFor({ ...args, ids: [] });
  const id = args.id.toUpperCase();
  const component = catalog.items.get(id);
  if (!component) {
    const what = notInCatalog(catalog, id)!;
    const outside = r.items.get(id);
    if (!outside) throw new UserError(what);
    // Selected by the design although the catalog does not hold it: a leaf with no requirements.
    if (args.json) {
      outJson({ id, title: outside.component.title, outside: outside.outside, inDesign: true, root: true, inferred: false, chain: [id], requiredBy: [], requires: [], pullsIn: [] });
      return 0;
    }
    out(`${id}: ${outside.component.title}\n  ${what}\n  selected explicitly (a root of the design); wcecfg treats it as an item with no requirements\n  requires: nothing wcecfg knows of\n`);
    return 0;
  }
  const item = r.items.get(id);
  // In the design: the requirements in force there; outside it: everything the catalog lists.
  const requires = byId(component.requires.filter((e) => !item || r.items.has(e.id)));
  const pullsIn = [...closureSet(catalog, [id]).set].filter((x) => x !== id).sort();
  if (args.json) {
    outJson({
      id,
      title: component.title,
      inDesign: !!item,
      root: item?.root ?? false,
      inferred: item?.inferred ?? component.confidence === 'inferred',
      chain: item?.chain ?? [],
      requiredBy: (item?.requiredBy ?? []).map((b) => ({ id: b.id, edges: b.edges.map(edgeJson) })),
      requires: requires.map((q) => ({ id: q.id, edges: q.edges.map(edgeJson) })),
      pullsIn,
    });
    return 0;
  }
  const lines = [`${id}: ${component.title}`];
  if (!item) {
    lines.push(`  not in the design (roots: ${r.roots.join(', ')})`);
  } else {
    lines.push(item.root ? '  selected explicitly (a root of the design)' : `  in the design because: ${item.chain.join(' -> ')}`);
    if (item.inferred) lines.push('  inferred: its presence rests on facts not read in a primary source');
    if (item.requiredBy.length) {
      lines.push('  required by:');
      for (const b of item.requiredBy) {
        lines.push(`    ${b.id}`);
        for (const e of b.edges) lines.push(`      [${edgeText(e)}]`);
      }
    }
  }
  lines.push('  requires:' + (requires.length ? '' : ' nothing'));
  for (const q of requires) {
    lines.push(`    ${q.id}`);
    for (const e of q.edges) lines.push(`      [${edgeText(e)}]`);
  }
  lines.push(`  pulls in ${pullsIn.length} item${pullsIn.length === 1 ? '' : 's'} in all${pullsIn.length ? `: ${pullsIn.join(', ')}` : ''}`);
  out(lines.join('\n') + '\n');
  return 0;
}
