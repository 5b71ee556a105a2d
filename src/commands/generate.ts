import { resolve } from '../resolve.js';
import { locatedError } from '../errors.js';
import { schemaError } from '../jsonfile.js';
import type { Design } from '../design/types.js';
import { buildPlan } from '../generate/plan.js';
import { parseOnly, renderOutputs } from '../generate/outputs.js';
import { createRenderer } from '../render.js';
import { buildFirewallPlan } from '../firewall/plan.js';
import { firewallOptions } from '../firewall/options.js';
import { firewallHelpers } from '../firewall/render.js';
import { fileNameProblem, writeOutputs } from '../write.js';
import { out, outJson } from '../output.js';
import { catalogFor, type GlobalArgs } from './common.js';
import { loadDesign } from '../design/load.js';
import { noticeDesign } from '../design/notices.js';
import { completeBatch, describeEdit, editedDesign, type BatchEdit } from '../design/roundtrip.js';

export interface GenerateArgs extends GlobalArgs {
  design?: string;
  out?: string;
  only?: string;
  force?: boolean;
  regVersion?: string;
  templates?: string;
  strict?: boolean;
}

/** At most `max` ids, then "and N more". */
function some(ids: readonly string[], max = 12): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}

/**
 * The design's name becomes the batch file's name: one Windows and every tool can use. A name that
 * cannot be is the design's mistake, named with its file and where the name comes from.
 */
function checkDesignName(design: Design): void {
  const problem = fileNameProblem(`${design.name}.bat`);
  if (problem === undefined) return;
  const message = `the design name ${JSON.stringify(design.name)} cannot name its batch file ${JSON.stringify(`${design.name}.bat`)}: ${problem}`;
  if (design.kind === 'json' && design.text !== undefined) throw schemaError(design.file, design.text, '/name', message);
  const from = design.kind === 'batch' ? 'the name of the batch file' : 'the Name of the workspace';
  throw locatedError(design.file, undefined, `${message} (it is ${from}; generate writes <name>.bat)`);
}

export async function run(args: GenerateArgs): Promise<number> {
  const catalog = await catalogFor(args);
  const design = await loadDesign(args.design, catalog);
  noticeDesign(catalog, design, args.strict ?? false);
  const only = parseOnly(args.only);
  checkDesignName(design);
  const resolution = resolve(catalog, design.select, { exclude: design.exclude, outsiders: 'leaf', design });
  const plan = buildPlan(catalog, design, resolution);
  const regVersion = args.regVersion === '4' ? 4 : 5;
  // The firewall plan comes with the design when Messenger's ports are in its closure.
  const hasPorts = resolution.order.some((id) => (resolution.items.get(id)!.component.ports ?? []).length > 0);
  const firewall = only.has('firewall') && hasPorts ? buildFirewallPlan(catalog, resolution, design.name, firewallOptions(design)) : undefined;
  // report.html draws the graph: the renderer (Graphviz in WebAssembly) is loaded only for it.
  // A batch design's own file is the base of the batch file: every line of it stays, and the lines
  // it must add (what validate --fix adds) go after its last Sysgen line. The report describes that file.
  const edit: BatchEdit | undefined = only.has('bat') && design.batch ? completeBatch(catalog, design, plan.closure) : undefined;
  const reportHtml = only.has('report') ? await (await import('../graph/report.js')).reportView(catalog, edit ? editedDesign(design, edit) : design, resolution, plan, firewall) : undefined;
  const files = renderOutputs(plan, createRenderer(firewallHelpers, args.templates), only, regVersion, firewall, reportHtml);
  if (edit) {
    const bat = files.find((f) => f.name === `${plan.design.name}.bat`)!;
    bat.content = edit.bytes;
  }
  const outDir = args.out ?? 'out';
  const results = writeOutputs(outDir, files, { force: args.force ?? false, inputs: [args.design] });
  const added = plan.design.added;
  if (args.json) {
    outJson({
      out: outDir, design: design.name, closure: resolution.order.length, selected: design.select, added,
      inferredFacts: plan.inferredFacts, files: results,
      ...(edit ? { batchLines: { removed: edit.removed, added: edit.added } } : {}),
    });
    return 0;
  }
  for (const r of results) out(`${r.status === 'written' ? 'wrote    ' : 'unchanged'} ${outDir}/${r.name} (${r.bytes} bytes)\n`);
  out(`${resolution.order.length} items: ${design.select.length} selected${added.length ? `; the closure adds ${added.length}: ${some(added)}` : '; the closure adds nothing'}\n`);
  if (edit) {
    const changes = describeEdit(edit);
    out(`${design.file}: every line kept; ${edit.added.length} line${edit.added.length === 1 ? '' : 's'} added to the batch file${changes.length ? ':' : ''}\n`);
    for (const c of changes) out(`  ${c}\n`);
  }
  if (only.has('report')) out(`${plan.inferredFacts.length} inferred facts listed in ${outDir}/report.md\n`);
  else if (plan.inferredFacts.length) out(`${plan.inferredFacts.length} inferred facts (generate the report to list them: --only report)\n`);
  return 0;
}
