/** wcecfg graph: the closure as a picture, DOT or SVG (the SVG renderer is loaded only for SVG). */
import { basename, dirname, extname } from 'node:path';
import { UserError } from '../errors.js';
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

export const GRAPH_FORMATS = ['dot', 'svg'] as const;

export async function run(args: GraphArgs): Promise<number> {
  // The format: --format, else the --out file's extension, else DOT.
  const ext = args.out ? extname(args.out).slice(1).toLowerCase() : '';
  const format = args.format ?? (ext === 'svg' ? 'svg' : 'dot');
  if (!(GRAPH_FORMATS as readonly string[]).includes(format)) throw new UserError(`--format: unknown graph format "${format}"; choose dot or svg`);
  const { design, resolution } = await resolveFor(args);
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
