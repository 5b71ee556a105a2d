import { resolve } from '../resolve.js';
import { buildFirewallPlan, type Format } from '../firewall/plan.js';
import { firewallOptions, type FirewallFlags } from '../firewall/options.js';
import { encodeFirewall, firewallHelpers, renderFirewall } from '../firewall/render.js';
import { createRenderer } from '../render.js';
import { catalogFor, type GlobalArgs } from './common.js';
import { loadDesign } from '../design/load.js';
import { noticeDesign } from '../design/notices.js';

export async function run(args: GlobalArgs & FirewallFlags & { design?: string; format?: Format; templates?: string }): Promise<number> {
  const catalog = await catalogFor(args);
  const design = await loadDesign(args.design, catalog);
  noticeDesign(catalog, design);
  const options = firewallOptions(design, args);
  const r = resolve(catalog, design.select, { exclude: design.exclude, outsiders: 'leaf', design });
  const plan = buildFirewallPlan(catalog, r, design.name, options);
  const format: Format = args.json ? 'json' : (args.format ?? 'text');
  // The same bytes generate writes: CRLF for Windows command files.
  process.stdout.write(encodeFirewall(renderFirewall(plan, format, createRenderer(firewallHelpers, args.templates))));
  return 0;
}
