/** wcecfg graph: the closure as a picture, DOT or SVG (the SVG renderer is loaded only for SVG). */
import { basename, dirname, extname } from 'node:path';
import { UsageError, UserError } from '../errors.js';
import { notInCatalog } from '../catalog/names.js';
import { designGraph } from '../graph/model.js';
import { graphDot } from '../graph/dot.js';
import { writeOutputs } from '../write.js';
import { out, outJson } from '../output.js';
import { resolveFor, type ResolveArgs } from './resolve.js';

export interface GraphArgs extends ResolveArgs {
  format?: string;
  out?: string;
  focus?: string;
  force?: boolean;
}

/** What an --out file's extension says the format is. */
const FORMAT_OF_EXTENSION: Record<string, 'dot' | 'svg'> = { dot: 'dot', gv: 'dot', svg: 'svg' };

/**
 * The format: --format, else the --out file's extension (.dot, .gv or .svg), else DOT. An --out
 * extension that names another format (.png, or .svg with --format dot) is refused: a file whose
 * name says one format must not hold another.
 */
function graphFormat(format: string | undefined, out: string | undefined): 'dot' | 'svg' {
  const ext = out !== undefined ? extname(out).slice(1).toLowerCase() : '';
  const byExt = FORMAT_OF_EXTENSION[ext];
  const chosen = (format ?? byExt ?? 'dot') as 'dot' | 'svg';
  if (ext && byExt === undefined && format === undefined) {
    throw new UsageError('graph', `--out: ${out} ends in .${ext}, which graph does not write; name a .dot, .gv or .svg file, or give --format dot|svg (Graphviz's dot -Tpng turns the DOT into a PNG)`);
  }
  if (byExt !== undefined && byExt !== chosen) throw new UsageError('graph', `--out: ${out} ends in .${ext} but --format is ${chosen}; name a .${chosen} file or leave --format out`);
  return chosen;
}

export async function run(args: GraphArgs): Promise<number> {
  const format = graphFormat(args.format, args.out);
  const { catalog, design, resolution } = await resolveFor(args);
  // A --focus the catalog does not hold is named as such (removed, later version, or did-you-mean), not only "not in the closure".
  const outside = args.focus !== undefined && !resolution.items.has(args.focus.toUpperCase()) ? notInCatalog(catalog, args.focus) : undefined;
  if (outside) throw new UserError(`--focus: ${outside}`);
  const name = design && !(args.ids ?? []).length ? design.name : resolution.roots.join('+');
  const graph = designGraph(resolution, name, args.focus);
  const dot = graphDot(graph);
  let content: string;
  if (format === 'svg') {
    const { dotToSvg, withFontFallback } = await import('../graph/svg.js');
    content = withFontFallback(await dotToSvg(dot));
  } else content = dot;
  if (args.out !== undefined) writeOutputs(dirname(args.out), [{ name: basename(args.out), content: Buffer.from(content, 'utf8') }], { force: args.force ?? false, inputs: [args.design] });
  if (args.json) {
    outJson({ design: graph.name, roots: graph.roots, focus: graph.focus ?? null, format, ...(args.out ? { out: args.out } : {}), nodes: graph.nodes, edges: graph.edges });
    return 0;
  }
  if (args.out) out(`wrote ${args.out} (${graph.nodes.length} items, ${graph.edges.length} edges, ${format.toUpperCase()})\n`);
  else out(content);
  return 0;
}
