import { resolve } from '../resolve.js';
import { buildPlan } from '../generate/plan.js';
import { parseOnly, renderOutputs } from '../generate/outputs.js';
import { createRenderer } from '../render.js';
import { buildFirewallPlan } from '../firewall/plan.js';
import { firewallOptions } from '../firewall/options.js';
import { firewallHelpers } from '../firewall/render.js';
import { writeOutputs } from '../write.js';
import { json, out } from '../output.js';
import { catalogFor, type GlobalArgs } from './common.js';
import { loadDesign } from '../design/load.js';

export interface GenerateArgs extends GlobalArgs {
  design?: string;
  out?: string;
  only?: string;
  force?: boolean;
  regVersion?: string;
  templates?: string;
}

export async function run(args: GenerateArgs): Promise<number> {
  const catalog = await catalogFor(args);
  const design = await loadDesign(args.design);
  const only = parseOnly(args.only);
  const resolution = resolve(catalog, design.select, { exclude: design.exclude });
  const plan = buildPlan(catalog, design, resolution);
  const regVersion = args.regVersion === '4' ? 4 : 5;
  // The firewall plan comes with the design when Messenger's ports are in its closure.
  const hasPorts = resolution.order.some((id) => (resolution.items.get(id)!.component.ports ?? []).length > 0);
  const firewall = only.has('firewall') && hasPorts ? buildFirewallPlan(catalog, resolution, design.name, firewallOptions(design)) : undefined;
  // report.html draws the graph: the renderer (Graphviz in WebAssembly) is loaded only for it.
  const reportHtml = only.has('report') ? await (await import('../graph/report.js')).reportView(catalog, design, resolution, plan, firewall) : undefined;
  const files = renderOutputs(plan, createRenderer(firewallHelpers, args.templates), only, regVersion, firewall, reportHtml);
  const outDir = args.out ?? 'out';
  const results = writeOutputs(outDir, files, { force: args.force ?? false, inputs: [args.design] });
  if (args.json) {
    out(json({ out: outDir, design: design.name, closure: resolution.order.length, inferredFacts: plan.inferredFacts, files: results }));
    return 0;
  }
  for (const r of results) out(`${r.status === 'written' ? 'wrote    ' : 'unchanged'} ${outDir}/${r.name} (${r.bytes} bytes)\n`);
  out(`${resolution.order.length} items; ${plan.inferredFacts.length} inferred facts listed in ${outDir}/report.md\n`);
  return 0;
}
